package dev.monitoredinference.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.spring.boot.actuate.ModelsInReadinessGroup;
import dev.monitoredinference.spring.boot.actuate.MonitoredInferenceEndpoint;
import dev.monitoredinference.spring.boot.actuate.MonitoredInferenceEndpointAutoConfiguration;
import dev.monitoredinference.spring.boot.actuate.MonitoredInferenceHealthAutoConfiguration;
import dev.monitoredinference.testing.FakeModelRuntime;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Each condition of the auto-configurations: what is created, what backs off, who wins. */
class StarterAutoConfigurationTest {
  @TempDir Path dir;

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MonitoredInferenceAutoConfiguration.class,
            MonitoredInferenceHealthAutoConfiguration.class,
            MonitoredInferenceEndpointAutoConfiguration.class))
        .withPropertyValues(
            "monitored-inference.models.ranker.file=" + RankerModelFile.writeTo(dir),
            "management.endpoints.web.exposure.include=monitoredinference");
  }

  @Test
  void models_fromProperties_areBeansNamedAfterThem_thatPredict() {
    runner().run(context -> {
      MonitoredModel ranker = context.getBean("ranker", MonitoredModel.class);
      assertThat(ranker.name()).isEqualTo("ranker");
      assertThat(ranker.predict(RankerModelFile.INPUTS).floatArray("score")[0])
          .isCloseTo(RankerModelFile.SCORE, within(1e-6f));
      assertThat(context.getBeansOfType(MonitoredModel.class)).containsOnlyKeys("ranker");
    });
  }

  @Test
  void meters_goToTheApplicationsMeterRegistry() {
    runner().withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
      context.getBean("ranker", MonitoredModel.class).predict(RankerModelFile.INPUTS);
      MeterRegistry registry = context.getBean(MeterRegistry.class);
      // One call, counted once across the pre-registered grid of outcome series.
      assertThat(registry.get("monitored.inference.request.duration").tag("model", "ranker")
          .timers().stream().mapToLong(Timer::count).sum()).isEqualTo(1);
    });
  }

  @Test
  void noMeterRegistry_modelsStillStart() {
    runner().run(context -> assertThat(context).hasNotFailed().hasBean("ranker")
        .doesNotHaveBean(MeterRegistry.class));
  }

  @Test
  void libraryMissing_everythingBacksOff() {
    runner().withClassLoader(new FilteredClassLoader(MonitoredModel.class)).run(context ->
        assertThat(context).hasNotFailed()
            .doesNotHaveBean(MonitoredModelFactory.class)
            .doesNotHaveBean("ranker")
            .doesNotHaveBean("monitoredInferenceHealthContributor")
            .doesNotHaveBean(MonitoredInferenceEndpoint.class));
  }

  @Test
  void healthMissing_healthBacksOff_modelsStay() {
    runner().withClassLoader(new FilteredClassLoader(HealthIndicator.class)).run(context ->
        assertThat(context).hasNotFailed().hasBean("ranker")
            .doesNotHaveBean("monitoredInferenceHealthContributor"));
  }

  @Test
  void actuatorMissing_endpointBacksOff_modelsStay() {
    runner().withClassLoader(new FilteredClassLoader(Endpoint.class)).run(context ->
        assertThat(context).hasNotFailed().hasBean("ranker")
            .doesNotHaveBean(MonitoredInferenceEndpoint.class));
  }

  @Test
  void endpointNotExposed_backsOff() {
    runner().withPropertyValues("management.endpoints.web.exposure.include=health")
        .run(context -> assertThat(context).doesNotHaveBean(MonitoredInferenceEndpoint.class));
  }

  @Test
  void healthIndicatorDisabled_backsOff() {
    runner().withPropertyValues("management.health.monitoredinference.enabled=false")
        .run(context -> assertThat(context).hasBean("ranker")
            .doesNotHaveBean("monitoredInferenceHealthContributor"));
  }

  @Test
  void readinessGroup_joinedByDefault_leftWhenTurnedOff() {
    runner().run(context -> assertThat(context).hasSingleBean(ModelsInReadinessGroup.class));
    runner().withPropertyValues("monitored-inference.health.readiness=false").run(context ->
        assertThat(context).hasBean("ranker").doesNotHaveBean(ModelsInReadinessGroup.class));
  }

  @Test
  void healthContributor_hasOneIndicatorPerModel() {
    runner().run(context -> {
      CompositeHealthContributor models = context.getBean(
          "monitoredInferenceHealthContributor", CompositeHealthContributor.class);
      assertThat(models.stream().map(entry -> entry.name())).containsExactly("ranker");
    });
  }

  @Test
  void usersModelBean_winsOverTheProperties() {
    // The properties name a file that does not exist: building the starter's model would fail.
    runner().withPropertyValues("monitored-inference.models.ranker.file=" + dir.resolve("none"))
        .withUserConfiguration(UsersRanker.class).run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean("ranker")).isSameAs(UsersRanker.model);
        });
  }

  @Test
  void usersHealthContributor_wins() {
    CompositeHealthContributor own = CompositeHealthContributor.fromMap(Map.of());
    runner().withBean("monitoredInferenceHealthContributor", CompositeHealthContributor.class,
        () -> own).run(context -> assertThat(context.getBean(
            "monitoredInferenceHealthContributor")).isSameAs(own));
  }

  @Test
  void customizers_runOncePerModel_afterTheProperties() {
    InferenceInterceptor tracing = chain -> chain.proceed(chain.inputs());
    runner().withBean(MonitoredModelCustomizer.class,
        () -> (name, builder) -> builder.addInterceptor(tracing)).run(context ->
            assertThat(context.getBean("ranker", MonitoredModel.class).applicationInterceptors())
                .containsExactly(tracing));
  }

  @Configuration(proxyBeanMethods = false)
  static class UsersRanker {
    static final MonitoredModel model = MonitoredModel.builder("ranker")
        .runtime(FakeModelRuntime.of(ModelVersion.builder("ranker", "users").build(),
            inputs -> Map.of("score", Tensor.ofFloats(new float[] {1f}, 1, 1))))
        .build();

    @Bean
    MonitoredModel ranker() {
      return model;
    }
  }
}
