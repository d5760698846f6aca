package dev.monitoredinference.spring.boot.actuate;

import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.embedding.TextEmbedder;
import dev.monitoredinference.spring.boot.MonitoredInferenceAutoConfiguration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Actuator health: {@code monitoredInference}, one {@link ModelHealthIndicator} per model bean and
 * per embedder bean ({@code /actuator/health/monitoredInference/ranker}), in the readiness group unless {@code
 * monitored-inference.health.readiness=false}. Off with {@code
 * management.health.monitoredinference.enabled=false}.
 */
@AutoConfiguration(after = MonitoredInferenceAutoConfiguration.class, afterName =
    "org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration")
@ConditionalOnClass({MonitoredModel.class, HealthIndicator.class})
@Conditional(MonitoredInferenceHealthAutoConfiguration.ModelOrEmbedderBean.class)
@ConditionalOnEnabledHealthIndicator("monitoredinference")
public class MonitoredInferenceHealthAutoConfiguration {
  /** The health contributor's name: the bean name less Boot's "HealthContributor" suffix. */
  public static final String CONTRIBUTOR_NAME = "monitoredInference";

  @Bean
  @ConditionalOnMissingBean(name = "monitoredInferenceHealthContributor")
  CompositeHealthContributor monitoredInferenceHealthContributor(
      ObjectProvider<MonitoredModel> models, ObjectProvider<TextEmbedder> embedders) {
    Map<String, HealthIndicator> byName = new LinkedHashMap<>();
    models.orderedStream().forEach(model -> byName.put(model.name(), new ModelHealthIndicator(model)));
    embedders.orderedStream()
        .forEach(embedder -> byName.put(embedder.name(), new ModelHealthIndicator(embedder)));
    return CompositeHealthContributor.fromMap(byName);
  }

  /** A model bean or an embedder bean: either has health to show. */
  static final class ModelOrEmbedderBean extends AnyNestedCondition {
    ModelOrEmbedderBean() {
      super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnBean(MonitoredModel.class)
    static final class Model {}

    @ConditionalOnBean(TextEmbedder.class)
    static final class Embedder {}
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.SecurityContext")
  @ConditionalOnProperty(prefix = "monitored-inference.health", name = "readiness",
      matchIfMissing = true)
  static class ReadinessGroupConfiguration {
    @Bean
    ModelsInReadinessGroup monitoredInferenceInReadinessGroup() {
      return new ModelsInReadinessGroup(CONTRIBUTOR_NAME);
    }
  }
}
