package dev.monitoredinference.metrics;

/** Tag keys used on {@link InferenceMeter}s. Every value set is closed; no input ever becomes a tag. */
public final class InferenceTags {
  public static final String MODEL = "model";
  public static final String OPERATION = "operation";
  public static final String ERROR_TYPE = "error.type";
  public static final String MODEL_VERSION = "model.version";
  public static final String MODEL_DIGEST = "model.digest";
  public static final String EXECUTION_PROVIDER = "execution.provider";
  public static final String FROM = "from";
  public static final String TO = "to";
  public static final String REASON = "reason";
  public static final String OUTCOME = "outcome";
  public static final String CACHE_RESULT = "cache.result";
  public static final String CACHE = "cache";
  public static final String SIGNAL = "signal";
  /** What abuse detection flagged a caller for (an {@code AbuseKind} value). */
  public static final String KIND = "kind";
  /** A configured drift feature's name: a closed set chosen by the user, never an input value. */
  public static final String FEATURE = "feature";
  public static final String CANDIDATE_VERSION = "candidate.version";
  public static final String METHOD = "method";
  public static final String ROLE = "role";
  /** A {@code Variant} value: {@code control} or {@code canary}. */
  public static final String VARIANT = "variant";
  /** A GPU's index among the devices the GPU source reports. */
  public static final String GPU = "gpu";
  /** A GPU's product name, as its driver reports it. */
  public static final String GPU_NAME = "gpu.name";

  /** The {@code operation} value for {@code MonitoredModel.predict}. */
  public static final String OPERATION_PREDICT = "predict";

  /** The {@code operation} value for {@code TextEmbedder.embed} and {@code embedAll}. */
  public static final String OPERATION_EMBEDDINGS = "embeddings";

  private InferenceTags() {}
}
