package dev.monitoredinference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.internal.assembly.SignatureCheck;
import dev.monitoredinference.internal.call.Stage;
import dev.monitoredinference.testing.FakeModelRuntime;
import dev.monitoredinference.validation.InputSchema;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterceptorChainTest {
  private final List<String> trace = new ArrayList<>();

  private InferenceInterceptor recording(String name) {
    return chain -> {
      trace.add(name);
      return chain.proceed(chain.inputs());
    };
  }

  @Test
  void interceptors_runInTheDocumentedOrder() {
    FakeModelRuntime runtime = Fakes.ranker(inputs -> {
      trace.add("runtime");
      return Map.of("score", Tensor.ofFloats(new float[] {1f}, 1, 1));
    });
    InferenceInterceptor app1 = recording("app-1");
    InferenceInterceptor app2 = recording("app-2");
    InferenceInterceptor runtime1 = recording("runtime-1");
    InferenceInterceptor runtime2 = recording("runtime-2");
    try (MonitoredModel model = MonitoredModel.builder("ranker").runtime(runtime)
        .addRuntimeInterceptor(runtime1)
        .addInterceptor(app1)
        .addRuntimeInterceptor(runtime2)
        .addInterceptor(app2)
        .metrics(new SimpleMeterRegistry())
        .build()) {
      model.predict(Fakes.ONE_ROW);
      assertThat(trace).containsExactly("app-1", "app-2", "runtime-1", "runtime-2", "runtime");
      assertThat(model.applicationInterceptors()).containsExactly(app1, app2);
      assertThat(model.runtimeInterceptors()).containsExactly(runtime1, runtime2);
      assertThat(ChainStages.of(model)).containsExactly(Stage.APPLICATION, Stage.APPLICATION,
          Stage.REQUEST_METRICS, Stage.REQUEST_METRICS, Stage.SIGNATURE, Stage.VALIDATION,
          Stage.RUNTIME, Stage.RUNTIME, Stage.RUN_METRICS);
    }
  }

  @Test
  void withoutMetrics_theChainHoldsNoMetricsLinks() {
    try (MonitoredModel model = MonitoredModel.builder("ranker").runtime(Fakes.summingRanker()).build()) {
      assertThat(ChainStages.of(model)).containsExactly(Stage.SIGNATURE, Stage.VALIDATION);
    }
    try (MonitoredModel model = MonitoredModel.builder("ranker").runtime(Fakes.summingRanker())
        .validate(InputSchema.signatureOnly()).build()) {
      assertThat(ChainStages.of(model)).containsExactly(Stage.SIGNATURE);
    }
  }

  @Test
  void proceedingTwice_isRefusedNamingTheInterceptor() {
    InferenceInterceptor greedy = new ProceedsTwice();
    FakeModelRuntime runtime = Fakes.summingRanker();
    try (MonitoredModel model = MonitoredModel.builder("ranker").runtime(runtime).addInterceptor(greedy).build()) {
      assertThatThrownBy(() -> model.predict(Fakes.ONE_ROW))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("interceptor " + ProceedsTwice.class.getName()
              + " of model 'ranker' called proceed() more than once");
      assertThat(runtime.calls()).isEqualTo(1);
    }
  }

  @Test
  void anOuterInterceptorProceedingAgain_afterAnInnerOneAnsweredOrFailed_isRefusedNamingTheOuter() {
    Prediction cached = Prediction.builder(Fakes.RANKER_V7).put("score", Tensor.ofFloats(new float[] {42f}, 1, 1)).build();
    InferenceInterceptor answering = chain -> cached;
    InferenceInterceptor failing = chain -> {
      throw new IllegalArgumentException("inner failure");
    };
    assertRefusedNaming(new ProceedsTwice(), answering);
    assertRefusedNaming(new RetriesOnFailure(), failing);
  }

  private static void assertRefusedNaming(InferenceInterceptor outer, InferenceInterceptor inner) {
    FakeModelRuntime runtime = Fakes.summingRanker();
    try (MonitoredModel model = MonitoredModel.builder("ranker").runtime(runtime)
        .addInterceptor(outer).addInterceptor(inner).build()) {
      assertThatThrownBy(() -> model.predict(Fakes.ONE_ROW))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("interceptor " + outer.getClass().getName()
              + " of model 'ranker' called proceed() more than once");
      assertThat(runtime.calls()).isZero();
    }
  }

  static final class RetriesOnFailure implements InferenceInterceptor {
    @Override
    public Prediction intercept(Chain chain) {
      try {
        return chain.proceed(chain.inputs());
      } catch (IllegalArgumentException failure) {
        return chain.proceed(chain.inputs());
      }
    }
  }

  @Test
  void afterProceeding_eachInterceptorStillSeesItsOwnInputs() {
    List<Float> seenAfter = new ArrayList<>();
    InferenceInterceptor outer = chain -> {
      Prediction p = chain.proceed(chain.inputs());
      seenAfter.add(chain.inputs().tensor(0).floatArray()[0]);
      return p;
    };
    InferenceInterceptor rewriting = chain -> {
      Prediction p = chain.proceed(chain.inputs().with("features", Tensor.ofFloats(new float[] {2f, 3f}, 1, 2)));
      seenAfter.add(chain.inputs().tensor(0).floatArray()[0]);
      return p;
    };
    InferenceInterceptor inner = chain -> {
      seenAfter.add(chain.inputs().tensor(0).floatArray()[0]);
      return chain.proceed(chain.inputs());
    };
    try (MonitoredModel model = MonitoredModel.builder("ranker").runtime(Fakes.summingRanker())
        .addInterceptor(outer).addInterceptor(rewriting).addInterceptor(inner).build()) {
      float first = Fakes.ONE_ROW.tensor(0).floatArray()[0];
      assertThat(model.predict(Fakes.ONE_ROW).floatArray("score")).containsExactly(5f);
      assertThat(seenAfter).containsExactly(2f, first, first); // inner, then rewriting, then outer
      assertThat(first).isNotEqualTo(2f);
    }
  }

  @Test
  void afterAnInnerFailure_theOuterInterceptorSeesItsOwnInputs() {
    List<Float> seen = new ArrayList<>();
    InferenceInterceptor catching = chain -> {
      try {
        return chain.proceed(chain.inputs().with("features", Tensor.ofFloats(new float[] {2f, 3f}, 1, 2)));
      } catch (IllegalArgumentException failure) {
        seen.add(chain.inputs().tensor(0).floatArray()[0]);
        throw failure;
      }
    };
    InferenceInterceptor failing = chain -> {
      seen.add(chain.inputs().tensor(0).floatArray()[0]);
      throw new IllegalArgumentException("inner failure");
    };
    try (MonitoredModel model = MonitoredModel.builder("ranker").runtime(Fakes.summingRanker())
        .addInterceptor(catching).addInterceptor(failing).build()) {
      assertThatThrownBy(() -> model.predict(Fakes.ONE_ROW)).hasMessage("inner failure");
      assertThat(seen).containsExactly(2f, 0.1f);
    }
  }

  @Test
  void aChainKeptPastItsCall_refusesToProceed() {
    List<InferenceInterceptor.Chain> kept = new ArrayList<>();
    Prediction cached = Prediction.builder(Fakes.RANKER_V7).put("score", Tensor.ofFloats(new float[] {42f}, 1, 1)).build();
    FakeModelRuntime runtime = Fakes.summingRanker();
    try (MonitoredModel model = MonitoredModel.builder("ranker").runtime(runtime)
        .addInterceptor(chain -> {
          kept.add(chain);
          return cached;
        }).build()) {
      model.predict(Fakes.ONE_ROW);
      assertThatThrownBy(() -> kept.get(0).proceed(Fakes.ONE_ROW))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("a chain of model 'ranker' was used outside its interceptor's intercept call:"
              + " proceed() after the call reached the runtime or ended");
      assertThat(runtime.calls()).isZero();
    }
  }

  static final class ProceedsTwice implements InferenceInterceptor {
    @Override
    public Prediction intercept(Chain chain) {
      chain.proceed(chain.inputs());
      return chain.proceed(chain.inputs());
    }
  }

  @Test
  void returningNull_isRefusedNamingTheInterceptor() {
    InferenceInterceptor broken = chain -> null;
    try (MonitoredModel model = MonitoredModel.builder("ranker").runtime(Fakes.summingRanker()).addInterceptor(broken).build()) {
      assertThatThrownBy(() -> model.predict(Fakes.ONE_ROW))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("interceptor " + broken.getClass().getName() + " of model 'ranker' returned null");
    }
  }

  @Test
  void anInterceptor_canAnswerWithoutProceeding_orProceedWithOtherInputs() {
    FakeModelRuntime runtime = Fakes.summingRanker();
    Prediction cached = Prediction.builder(Fakes.RANKER_V7).put("score", Tensor.ofFloats(new float[] {42f}, 1, 1)).build();
    try (MonitoredModel shortCircuit = MonitoredModel.builder("ranker").runtime(runtime).addInterceptor(chain -> cached).build()) {
      assertThat(shortCircuit.predict(Fakes.ONE_ROW)).isSameAs(cached);
      assertThat(runtime.calls()).isZero();
    }
    InferenceInterceptor doubling = chain -> chain.proceed(
        chain.inputs().with("features", Tensor.ofFloats(new float[] {2f, 3f}, 1, 2)));
    try (MonitoredModel rewriting = MonitoredModel.builder("ranker").runtime(Fakes.summingRanker()).addInterceptor(doubling).build()) {
      assertThat(rewriting.predict(Fakes.ONE_ROW).floatArray("score")).containsExactly(5f);
    }
  }

  @Test
  void chain_exposesModelNameAndServingVersion() {
    List<String> seen = new ArrayList<>();
    try (MonitoredModel model = MonitoredModel.builder("ranker").runtime(Fakes.summingRanker())
        .addInterceptor(chain -> {
          seen.add(chain.modelName() + "@" + chain.version().version());
          return chain.proceed(chain.inputs());
        }).build()) {
      Prediction p = model.predict(Fakes.ONE_ROW);
      assertThat(seen).containsExactly("ranker@7");
      assertThat(p.version()).isSameAs(Fakes.RANKER_V7);
    }
  }
}
