package dev.monitoredinference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.DeadlineExceededException;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.ModelClosedException;
import dev.monitoredinference.ModelExecutionException;
import dev.monitoredinference.ModelSource;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Poll;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.internal.call.CallControl;
import dev.monitoredinference.runtime.DevicePolicy;
import dev.monitoredinference.runtime.LoadRequest;
import dev.monitoredinference.runtime.ModelRuntime;
import dev.monitoredinference.testing.TestModels;
import dev.monitoredinference.validation.InputSchema;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code RunOptions.setTerminate(true)} against real ONNX Runtime runs. */
class OnnxTerminateTest {
  private static final int SIZE = 512;
  /** 1000 × 512³ ≈ 134 G multiply-adds: over a second on a 2-core CPU, so only terminate ends it early. */
  private static final byte[] SLOW = TestModels.matMulChain(SIZE, 1000);
  private static final Inputs MATRIX = Inputs.of("input", Tensor.ofFloats(new float[SIZE * SIZE], SIZE, SIZE));

  private static ModelRuntime load(byte[] model) {
    return OnnxModelLoader.create().load(
        LoadRequest.of("slow", ModelSource.bytes(model), DevicePolicy.cpuOnly()));
  }

  @Test
  void aRunTerminatedBeforeItStarts_failsWithTheTerminateError_andLeaksNothing() {
    try (ModelRuntime runtime = load(TestModels.matMulChain(4, 2))) {
      CallControl control = CallControl.startingNow(null);
      control.terminate(CallControl.Termination.DEADLINE);
      assertThatThrownBy(() -> runtime.run(Inputs.of("input", Tensor.ofFloats(new float[16], 4, 4)), control))
          .isInstanceOf(ModelExecutionException.class)
          .hasMessageContaining("terminate");
      assertThat(runtime.liveNativeObjects()).isEqualTo(1);
    }
  }

  @Test
  void afterATerminatedRun_theNextRunsSucceed_theTerminatedOptionsAreNeverReused() {
    try (ModelRuntime runtime = load(TestModels.matMulChain(4, 2))) {
      Inputs small = Inputs.of("input", Tensor.ofFloats(new float[16], 4, 4));
      for (int i = 0; i < 3; i++) {
        CallControl terminated = CallControl.startingNow(null);
        terminated.terminate(CallControl.Termination.DEADLINE);
        assertThatThrownBy(() -> runtime.run(small, terminated))
            .isInstanceOf(ModelExecutionException.class).hasMessageContaining("terminate");
        for (int j = 0; j < 3; j++) { // pooled options from earlier calls: the flag was never set
          assertThat(runtime.run(small, CallControl.startingNow(null)).floatArray("output"))
              .hasSize(16);
        }
      }
      assertThat(runtime.liveNativeObjects()).isEqualTo(1);
    }
  }

  @Test
  void aRunningRun_stopsWhenTerminated() throws Exception {
    try (ModelRuntime runtime = load(SLOW)) {
      CallControl control = CallControl.startingNow(null);
      CountDownLatch starting = new CountDownLatch(1);
      CompletableFuture<?> run = CompletableFuture.runAsync(() -> {
        starting.countDown();
        runtime.run(MATRIX, control);
      });
      assertThat(starting.await(5, TimeUnit.SECONDS)).isTrue();
      Poll.until(() -> runtime.liveNativeObjects() >= 3); // run options and the input tensor exist
      control.terminate(CallControl.Termination.DEADLINE);
      assertThatThrownBy(() -> run.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(ModelExecutionException.class).hasMessageContaining("terminate");
      assertThat(runtime.liveNativeObjects()).isEqualTo(1);
    }
  }

  @Test
  void aModelCallPastItsDeadline_failsTyped_andItsNativeObjectsReturnToTheSession() {
    MonitoredModel model = MonitoredModel.builder("slow").modelBytes(SLOW).validate(InputSchema.signatureOnly()).build();
    assertThatThrownBy(() -> model.predict(MATRIX, Duration.ofMillis(100)))
        .isInstanceOfSatisfying(DeadlineExceededException.class, e -> assertThat(e.started()).isTrue())
        .hasMessage("model 'slow' version 1 missed its deadline of 100 ms while running; the run was told to terminate");
    Poll.until(() -> model.liveNativeObjects() == 1);
    model.close(); // the session closes when the abandoned run's lease is returned, maybe later
    Poll.until(() -> model.liveNativeObjects() == 0);
  }

  @Test
  void aShutdownThatTimesOut_terminatesTheRealRun_andClosesTheSessionOnce() throws Exception {
    MonitoredModel model = MonitoredModel.builder("slow").modelBytes(SLOW).validate(InputSchema.signatureOnly()).build();
    CompletableFuture<?> call = CompletableFuture.runAsync(() -> model.predict(MATRIX));
    Poll.until(() -> model.liveNativeObjects() >= 3); // session, run options, input tensor
    assertThat(model.shutdown(Duration.ofMillis(50))).isFalse();
    assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS))
        .cause().isInstanceOf(ModelClosedException.class)
        .satisfies(e -> assertThat(e.getSuppressed()).singleElement().isInstanceOf(ModelExecutionException.class));
    Poll.until(() -> model.liveNativeObjects() == 0);
  }
}
