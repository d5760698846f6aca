package dev.monitoredinference.spring.boot.actuate;

import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.spring.boot.MonitoredInferenceAutoConfiguration;
import dev.monitoredinference.spring.boot.MonitoredModelCustomizer;
import dev.monitoredinference.spring.boot.properties.MonitoredInferenceProperties;
import dev.monitoredinference.versioning.AdminAuthorizer;
import dev.monitoredinference.versioning.AuditLog;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The Actuator endpoint {@code monitoredinference}, when it is enabled and exposed: read-only, or
 * with admin operations when {@code monitored-inference.endpoint.admin.enabled=true}.
 */
@AutoConfiguration(after = MonitoredInferenceAutoConfiguration.class)
@ConditionalOnClass({MonitoredModel.class, Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnAvailableEndpoint(MonitoredInferenceEndpoint.class)
public class MonitoredInferenceEndpointAutoConfiguration {
  static final String ADMIN = MonitoredInferenceProperties.PREFIX + ".endpoint.admin";

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = ADMIN, name = "enabled", havingValue = "false",
      matchIfMissing = true)
  MonitoredInferenceEndpoint monitoredInferenceEndpoint(ObjectProvider<MonitoredModel> models) {
    return new MonitoredInferenceEndpoint(models);
  }

  /** The admin operations: the endpoint, its authenticator, and admin on repository models. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(prefix = ADMIN, name = "enabled", havingValue = "true")
  static class AdminConfiguration {
    @Bean
    @ConditionalOnMissingBean
    EndpointAdminAuthenticator monitoredInferenceEndpointAdminAuthenticator() {
      return new EndpointAdminAuthenticator();
    }

    @Bean
    @ConditionalOnMissingBean(MonitoredInferenceEndpoint.class)
    MonitoredInferenceAdminEndpoint monitoredInferenceAdminEndpoint(
        ObjectProvider<MonitoredModel> models, EndpointAdminAuthenticator authenticator) {
      return new MonitoredInferenceAdminEndpoint(models, authenticator);
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    @ConditionalOnBean({AdminAuthorizer.class, AuditLog.class})
    MonitoredModelCustomizer monitoredInferenceEndpointAdmin(MonitoredInferenceProperties properties,
        EndpointAdminAuthenticator authenticator, AdminAuthorizer authorizer, AuditLog auditLog) {
      return new EndpointAdminCustomizer(properties, authenticator, authorizer, auditLog);
    }
  }
}
