package dev.monitoredinference.spring.boot.actuate;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.MonitoredModelBuilder;
import dev.monitoredinference.spring.boot.MonitoredModelCustomizer;
import dev.monitoredinference.spring.boot.properties.ModelProperties;
import dev.monitoredinference.spring.boot.properties.MonitoredInferenceProperties;
import dev.monitoredinference.versioning.AdminAuthorizer;
import dev.monitoredinference.versioning.AuditLog;

/**
 * Gives each model loaded from a repository ({@code models.<name>.repository}) admin operations
 * for the endpoint: the endpoint's callers through {@link EndpointAdminAuthenticator}, the
 * application's {@link AdminAuthorizer} and {@link AuditLog}. Models from a file have no versions
 * to switch and are left alone. Runs before the application's customizers, which may replace it.
 */
final class EndpointAdminCustomizer implements MonitoredModelCustomizer {
  private final MonitoredInferenceProperties properties;
  private final EndpointAdminAuthenticator authenticator;
  private final AdminAuthorizer authorizer;
  private final AuditLog auditLog;

  EndpointAdminCustomizer(MonitoredInferenceProperties properties,
      EndpointAdminAuthenticator authenticator, AdminAuthorizer authorizer, AuditLog auditLog) {
    this.properties = requireNonNull(properties, "properties");
    this.authenticator = requireNonNull(authenticator, "authenticator");
    this.authorizer = requireNonNull(authorizer, "authorizer");
    this.auditLog = requireNonNull(auditLog, "auditLog");
  }

  @Override
  public void customize(String modelName, MonitoredModelBuilder builder) {
    ModelProperties model = properties.getModels().get(modelName);
    if (model != null && model.getRepository() != null) {
      builder.admin(authenticator, authorizer, auditLog);
    }
  }
}
