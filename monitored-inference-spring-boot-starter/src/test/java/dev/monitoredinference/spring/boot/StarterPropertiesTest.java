package dev.monitoredinference.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.Inputs;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.admission.ModelOverloadedException;
import dev.monitoredinference.circuit.CircuitState;
import dev.monitoredinference.drift.DriftReport;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Properties reach the model; a bad value stops start-up with a message naming the property. */
class StarterPropertiesTest {
  private static final String RANKER = "monitored-inference.models.ranker.";

  @TempDir Path dir;

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MonitoredInferenceAutoConfiguration.class))
        .withPropertyValues(RANKER + "file=" + RankerModelFile.writeTo(dir));
  }

  @Test
  void featureProperties_reachTheModel() {
    runner().withPropertyValues(
        RANKER + "circuit-breaker.enabled=true",
        RANKER + "drift.enabled=true",
        RANKER + "drift.outputs=score",
        RANKER + "drift.baseline-samples=100",
        RANKER + "anomalies.enabled=true").run(context -> {
          MonitoredModel ranker = context.getBean("ranker", MonitoredModel.class);
          assertThat(ranker.circuitBreaker()).get()
              .extracting(breaker -> breaker.state()).isEqualTo(CircuitState.CLOSED);
          assertThat(ranker.driftReport().status())
              .isEqualTo(DriftReport.Status.CAPTURING_BASELINE);
        });
  }

  @Test
  void featuresOff_byDefault() {
    runner().run(context -> {
      MonitoredModel ranker = context.getBean("ranker", MonitoredModel.class);
      assertThat(ranker.circuitBreaker()).isEmpty();
      assertThat(ranker.driftReport().status()).isEqualTo(DriftReport.Status.DISABLED);
    });
  }

  @Test
  void admission_limitsCallsRunningAtOnce() {
    // One slot, no queue: a call made while another holds the slot (from inside its run) is
    // refused at once.
    AtomicReference<MonitoredModel> self = new AtomicReference<>();
    AtomicReference<Throwable> nested = new AtomicReference<>();
    runner().withPropertyValues(RANKER + "admission.enabled=true",
        RANKER + "admission.max-concurrent=1", RANKER + "admission.max-queue=0")
        .withBean(MonitoredModelCustomizer.class, () -> (name, builder) ->
            builder.addRuntimeInterceptor(chain -> {
              MonitoredModel model = self.getAndSet(null);
              if (model != null) {
                try {
                  model.predict(RankerModelFile.INPUTS);
                } catch (RuntimeException e) {
                  nested.set(e);
                }
              }
              return chain.proceed(chain.inputs());
            }))
        .run(context -> {
          MonitoredModel ranker = context.getBean("ranker", MonitoredModel.class);
          self.set(ranker);
          ranker.predict(RankerModelFile.INPUTS);
          assertThat(nested.get()).isInstanceOf(ModelOverloadedException.class);
        });
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "admission.max-concurrent | 0 | maxConcurrent must be > 0, but was 0",
      "admission.max-queue | -1 | maxQueue must be >= 0, but was -1",
      "deadline | 0s | deadline must be > 0, but was PT0S",
      "circuit-breaker.failure-rate-threshold | 150 | failureRate",
      "anomalies.min-calls | 0 | minCalls must be > 0, but was 0",
      "expect-digest | sha256:abc | digest",
      "shutdown-timeout | -1s | must be >= 0",
      "gpu-id | -1 | ",
  })
  void badValue_failsStartUp_namingTheProperty(String property, String value, String reason) {
    String enable = property.contains(".")
        ? RANKER + property.substring(0, property.indexOf('.')) + ".enabled=true"
        : RANKER + "device=prefer-gpu";
    runner().withPropertyValues(enable, RANKER + property + "=" + value).run(context -> {
      assertThat(context).hasFailed();
      InvalidConfigurationPropertyValueException failure = rootCause(context.getStartupFailure());
      assertThat(failure.getName()).isEqualTo(RANKER + property);
      assertThat(failure.getMessage()).startsWith("Property " + RANKER + property + " with value ");
      if (reason != null) {
        assertThat(failure.getReason()).contains(reason);
      }
    });
  }

  @Test
  void missingFile_failsStartUp_namingTheFileProperty() {
    runner().withPropertyValues(RANKER + "file=" + dir.resolve("absent.onnx")).run(context -> {
      InvalidConfigurationPropertyValueException failure = rootCause(context.getStartupFailure());
      assertThat(failure.getName()).isEqualTo(RANKER + "file");
      assertThat(failure.getReason()).isEqualTo("no such file");
    });
  }

  @Test
  void fileAndRepository_failsStartUp() {
    runner().withPropertyValues(RANKER + "repository=" + dir).run(context ->
        assertThat(rootCause(context.getStartupFailure()).getReason())
            .startsWith("give either file or repository, not both"));
  }

  @Test
  void driftWatchingNothing_failsStartUp_namingDriftInput() {
    runner().withPropertyValues(RANKER + "drift.enabled=true").run(context ->
        assertThat(rootCause(context.getStartupFailure()).getName())
            .isEqualTo(RANKER + "drift.input"));
  }

  @Test
  void unconvertibleValue_failsBinding_namingTheProperty() {
    runner().withPropertyValues(RANKER + "deadline=soon").run(context -> {
      assertThat(context).hasFailed();
      Throwable failure = context.getStartupFailure();
      while (!(failure instanceof BindException)) {
        failure = failure.getCause();
      }
      assertThat(((BindException) failure).getProperty().getName().toString())
          .isEqualTo(RANKER + "deadline");
    });
  }

  @Test
  void validationOff_keepsTheSignatureCheckOnly() {
    runner().withPropertyValues(RANKER + "validation.enabled=false").run(context -> {
      MonitoredModel ranker = context.getBean("ranker", MonitoredModel.class);
      float nan = Float.NaN;
      // Validation on would refuse NaN; off, the model runs and answers NaN.
      assertThat(ranker.predict(Inputs.of("features",
          new float[][] {{nan, 0f}})).floatArray("score")[0]).isNaN();
    });
  }

  private static InvalidConfigurationPropertyValueException rootCause(Throwable failure) {
    Throwable cause = failure;
    while (cause != null && !(cause instanceof InvalidConfigurationPropertyValueException)) {
      cause = cause.getCause();
    }
    assertThat(cause).as("cause chain of %s", failure)
        .isInstanceOf(InvalidConfigurationPropertyValueException.class);
    return (InvalidConfigurationPropertyValueException) cause;
  }
}
