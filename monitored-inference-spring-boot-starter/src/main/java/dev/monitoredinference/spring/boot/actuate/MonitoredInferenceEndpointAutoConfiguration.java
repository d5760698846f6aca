package dev.monitoredinference.spring.boot.actuate;

import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.spring.boot.MonitoredInferenceAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The read-only Actuator endpoint {@code monitoredinference}, when it is enabled and exposed. */
@AutoConfiguration(after = MonitoredInferenceAutoConfiguration.class)
@ConditionalOnClass({MonitoredModel.class, Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnAvailableEndpoint(MonitoredInferenceEndpoint.class)
public class MonitoredInferenceEndpointAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  MonitoredInferenceEndpoint monitoredInferenceEndpoint(ObjectProvider<MonitoredModel> models) {
    return new MonitoredInferenceEndpoint(models);
  }
}
