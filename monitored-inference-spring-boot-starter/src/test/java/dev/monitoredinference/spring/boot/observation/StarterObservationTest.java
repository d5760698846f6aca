package dev.monitoredinference.spring.boot.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.Inputs;
import dev.monitoredinference.InvalidInputException;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.spring.boot.MonitoredInferenceAutoConfiguration;
import dev.monitoredinference.spring.boot.RankerModelFile;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** With an ObservationRegistry, each call is one Observation with the convention's key values. */
class StarterObservationTest {
  @TempDir Path dir;

  /** Records each stopped Observation's context. */
  private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

  private ObservationRegistry recordingRegistry() {
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new ObservationHandler<>() {
      @Override
      public void onStop(Observation.Context context) {
        stopped.add(context);
      }

      @Override
      public boolean supportsContext(Observation.Context context) {
        return true;
      }
    });
    return registry;
  }

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MonitoredInferenceAutoConfiguration.class,
            MonitoredInferenceObservationAutoConfiguration.class))
        .withPropertyValues(
            "monitored-inference.models.ranker.file=" + RankerModelFile.writeTo(dir));
  }

  @Test
  void predict_isOneObservation_withLowCardinalityKeys() {
    runner().withBean(ObservationRegistry.class, this::recordingRegistry).run(context -> {
      MonitoredModel ranker = context.getBean("ranker", MonitoredModel.class);
      ranker.predict(RankerModelFile.INPUTS);
      assertThat(stopped).hasSize(1);
      Observation.Context call = stopped.get(0);
      assertThat(call.getName()).isEqualTo("monitored.inference.call");
      assertThat(call.getContextualName()).isEqualTo("predict ranker");
      assertThat(keys(call.getLowCardinalityKeyValues())).isEqualTo(Map.of(
          "monitored.inference.model.name", "ranker",
          "monitored.inference.model.version", "1",
          "monitored.inference.execution.provider", "cpu",
          "monitored.inference.fallback", "false",
          "error.type", "none"));
      assertThat(keys(call.getHighCardinalityKeyValues())).isEqualTo(Map.of(
          "monitored.inference.model.digest", ranker.version().shortDigest()));
    });
  }

  @Test
  void refusedCall_isObserved_withItsErrorType() {
    runner().withBean(ObservationRegistry.class, this::recordingRegistry).run(context -> {
      MonitoredModel ranker = context.getBean("ranker", MonitoredModel.class);
      assertThatThrownBy(() -> ranker.predict(Inputs.of("unknown", new float[][] {{1f}})))
          .isInstanceOf(InvalidInputException.class);
      assertThat(stopped).singleElement().satisfies(call -> {
        assertThat(call.getLowCardinalityKeyValue("error.type").getValue())
            .isEqualTo("invalid_input");
        assertThat(call.getError()).isInstanceOf(InvalidInputException.class);
      });
    });
  }

  @Test
  void usersConvention_names_theObservation() {
    InferenceObservationConvention renamed = new DefaultInferenceObservationConvention() {
      @Override
      public String getName() {
        return "search.ranking";
      }
    };
    runner().withBean(ObservationRegistry.class, this::recordingRegistry)
        .withBean(InferenceObservationConvention.class, () -> renamed).run(context -> {
          context.getBean("ranker", MonitoredModel.class).predict(RankerModelFile.INPUTS);
          assertThat(stopped).singleElement()
              .satisfies(call -> assertThat(call.getName()).isEqualTo("search.ranking"));
        });
  }

  @Test
  void noObservationRegistry_noInterceptor() {
    runner().run(context -> assertThat(
        context.getBean("ranker", MonitoredModel.class).applicationInterceptors()).isEmpty());
  }

  @Test
  void turnedOff_noInterceptor() {
    runner().withBean(ObservationRegistry.class, this::recordingRegistry)
        .withPropertyValues("monitored-inference.observations.enabled=false")
        .run(context -> assertThat(context.getBean("ranker", MonitoredModel.class)
            .applicationInterceptors()).isEmpty());
  }

  @Test
  void observationApiMissing_backsOff() {
    runner().withBean(ObservationRegistry.class, this::recordingRegistry)
        .withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
        .run(context -> assertThat(context).hasBean("ranker")
            .doesNotHaveBean(MonitoredInferenceObservationAutoConfiguration.class));
  }

  @Test
  void meterFilter_keepsTheLibrarysMetersTheOnlyTimers() {
    MeterRegistry meters = new SimpleMeterRegistry();
    runner().withBean(ObservationRegistry.class, () -> {
      ObservationRegistry registry = ObservationRegistry.create();
      registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
      return registry;
    }).withBean(MeterRegistry.class, () -> meters).run(context -> {
      meters.config().meterFilter(context.getBean("monitoredInferenceObservationMeters",
          MeterFilter.class));
      context.getBean("ranker", MonitoredModel.class).predict(RankerModelFile.INPUTS);
      assertThat(meters.find("monitored.inference.call").meters()).isEmpty();
      assertThat(meters.find("monitored.inference.request.duration").meters()).isNotEmpty();
    });
  }

  private static Map<String, String> keys(Iterable<KeyValue> keyValues) {
    Map<String, String> keys = new HashMap<>();
    keyValues.forEach(kv -> keys.put(kv.getKey(), kv.getValue()));
    return keys;
  }
}
