package dev.monitoredinference.spring.boot.actuate;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.ModelLoadException;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.authentication.AdminCredential;
import dev.monitoredinference.versioning.AccessDeniedException;
import dev.monitoredinference.versioning.ModelDeployer;
import java.security.Principal;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code monitoredinference} endpoint with admin operations, registered instead of the
 * read-only one when {@code monitored-inference.endpoint.admin.enabled=true}:
 *
 * <pre>
 * POST /actuator/monitoredinference/ranker/promote    {"version": "8"}
 * POST /actuator/monitoredinference/ranker/canary     {"version": "8", "share": 0.05}
 * POST /actuator/monitoredinference/ranker/end-trial
 * POST /actuator/monitoredinference/ranker/rollback
 * </pre>
 *
 * <p>Each goes through {@code MonitoredModel.deployer()} as the caller Actuator authenticated
 * (the request's {@link Principal}, e.g. from Spring Security), via {@link
 * EndpointAdminAuthenticator}: the model's {@code AdminAuthorizer} decides and the model's audit
 * log records it, refusals included. Answers the model's descriptor (200); 403 when refused or
 * unauthenticated (nothing changes), 404 for an unknown model or action, 400 for a missing or bad
 * argument, 409 when the model's state does not allow it (no admin operations, no version to
 * roll back to, a version that cannot be loaded).
 */
@Endpoint(id = "monitoredinference")
public class MonitoredInferenceAdminEndpoint extends MonitoredInferenceEndpoint {
  /** What an unauthenticated call presents: a credential nobody issued, refused and audited. */
  private static final AdminCredential UNAUTHENTICATED = AdminCredential.bearer("unauthenticated");

  private final EndpointAdminAuthenticator authenticator;

  public MonitoredInferenceAdminEndpoint(ObjectProvider<MonitoredModel> models,
      EndpointAdminAuthenticator authenticator) {
    super(models);
    this.authenticator = requireNonNull(authenticator, "authenticator");
  }

  /** Runs {@code action} (promote, canary, end-trial, rollback) on model {@code name}. */
  @WriteOperation
  public WebEndpointResponse<Object> admin(@Selector String name, @Selector String action,
      @Nullable String version, @Nullable Double share, SecurityContext security) {
    MonitoredModel model = find(name);
    if (model == null) {
      return refusal(WebEndpointResponse.STATUS_NOT_FOUND, "no model '" + name + "'");
    }
    Principal principal = security.getPrincipal();
    AdminCredential credential;
    try {
      credential = principal == null ? UNAUTHENTICATED : authenticator.issue(principal.getName());
    } catch (IllegalArgumentException e) {
      return refusal(403, "the caller's name cannot be an admin principal: " + e.getMessage());
    }
    try {
      run(model.deployer(), credential, action, version, share);
      return new WebEndpointResponse<>(ModelDescriptor.of(model));
    } catch (AccessDeniedException e) {
      return refusal(403, e.getMessage());
    } catch (UnknownAction e) {
      return refusal(WebEndpointResponse.STATUS_NOT_FOUND, e.getMessage());
    } catch (IllegalArgumentException e) {
      return refusal(WebEndpointResponse.STATUS_BAD_REQUEST, e.getMessage());
    } catch (IllegalStateException | ModelLoadException e) {
      return refusal(409, e.getMessage());
    } finally {
      authenticator.revoke(credential); // used or not, it never works again
    }
  }

  private static void run(ModelDeployer deployer, AdminCredential credential, String action,
      @Nullable String version, @Nullable Double share) {
    switch (action) {
      case "promote":
        deployer.promote(credential, required("version", version));
        break;
      case "canary":
        deployer.canary(credential, required("version", version), required("share", share));
        break;
      case "end-trial":
        deployer.endTrial(credential);
        break;
      case "rollback":
        deployer.rollback(credential);
        break;
      default:
        throw new UnknownAction(action);
    }
  }

  private static <T> T required(String argument, @Nullable T value) {
    if (value == null) {
      throw new IllegalArgumentException("this operation needs \"" + argument + "\" in the body");
    }
    return value;
  }

  private static WebEndpointResponse<Object> refusal(int status, @Nullable String message) {
    return new WebEndpointResponse<>(new AdminRefusal(String.valueOf(message)), status);
  }

  /** The body of a refused or failed operation. */
  public record AdminRefusal(String error) {}

  private static final class UnknownAction extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnknownAction(String action) {
      super("no operation '" + action + "'; operations: promote, canary, end-trial, rollback");
    }
  }
}
