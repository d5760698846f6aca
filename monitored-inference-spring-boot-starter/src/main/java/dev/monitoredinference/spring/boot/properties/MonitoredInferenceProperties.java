package dev.monitoredinference.spring.boot.properties;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The starter's properties, under {@code monitored-inference}: one entry under {@code models} per
 * model, each becoming a {@code MonitoredModel} bean, and one under {@code embedders} per text
 * embedder, each becoming a {@code TextEmbedder} bean.
 *
 * <pre>{@code
 * monitored-inference:
 *   models:
 *     ranker:
 *       file: /srv/models/ranker.onnx
 *       deadline: 50ms
 * }</pre>
 */
@ConfigurationProperties(MonitoredInferenceProperties.PREFIX)
public class MonitoredInferenceProperties {
  /** The prefix of every property of this starter. */
  public static final String PREFIX = "monitored-inference";

  /** The models to load, by name; each becomes a MonitoredModel bean named after it. */
  private Map<String, ModelProperties> models = new LinkedHashMap<>();

  /** The text embedders to build, by name; each becomes a TextEmbedder bean named after it. */
  private Map<String, EmbedderProperties> embedders = new LinkedHashMap<>();

  /** Settings of the Actuator integration. */
  private final HealthProperties health = new HealthProperties();

  public Map<String, ModelProperties> getModels() {
    return models;
  }

  public void setModels(Map<String, ModelProperties> models) {
    this.models = models;
  }

  public Map<String, EmbedderProperties> getEmbedders() {
    return embedders;
  }

  public void setEmbedders(Map<String, EmbedderProperties> embedders) {
    this.embedders = embedders;
  }

  /** Settings of the Observation API integration. */
  private final ObservationProperties observations = new ObservationProperties();

  /** Settings of the monitoredinference Actuator endpoint. */
  private final EndpointProperties endpoint = new EndpointProperties();

  public HealthProperties getHealth() {
    return health;
  }

  public EndpointProperties getEndpoint() {
    return endpoint;
  }

  public ObservationProperties getObservations() {
    return observations;
  }

  /** Whether model calls are Observations. */
  public static class ObservationProperties {
    /**
     * Whether each model call is also an Observation (a span, with micrometer-tracing) when the
     * application has an ObservationRegistry.
     */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** What the monitoredinference endpoint offers besides reading. */
  public static class EndpointProperties {
    /** The admin operations on the endpoint. */
    private final AdminProperties admin = new AdminProperties();

    public AdminProperties getAdmin() {
      return admin;
    }
  }

  /** The endpoint's admin operations: promote, canary, end-trial, rollback. */
  public static class AdminProperties {
    /**
     * Whether the monitoredinference endpoint offers promote, canary, end-trial and rollback (POST
     * /actuator/monitoredinference/{model}/{operation}); each still passes the model's
     * AdminAuthorizer as the authenticated caller and is audited.
     */
    private boolean enabled = false;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** How the models show in Actuator health. */
  public static class HealthProperties {
    /**
     * Whether the models' health joins the readiness group (Kubernetes readiness probe), so that
     * a DOWN model takes the instance out of the load balancer. Liveness never includes them: a
     * restart does not repair an open breaker.
     */
    private boolean readiness = true;

    public boolean isReadiness() {
      return readiness;
    }

    public void setReadiness(boolean readiness) {
      this.readiness = readiness;
    }
  }
}
