package dev.monitoredinference;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.internal.NamedTensors;
import dev.monitoredinference.internal.TypedAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The outputs of one call and the model version that produced them. Output arrays are owned by
 * the prediction and returned without copying; each call gets a new prediction.
 *
 * <pre>{@code
 * Prediction p = model.predict(Inputs.of("features", batch));
 * float[] scores = p.floatArray("score");
 * String servedBy = p.version().version();
 * }</pre>
 */
public final class Prediction {
  /**
   * Random per process, so ids from replicas do not collide; drawn once, without SecureRandom
   * (ids identify, they do not authenticate).
   */
  private static final String ID_PREFIX =
      String.format(Locale.ROOT, "%012x", ThreadLocalRandom.current().nextLong() >>> 16);
  private static final AtomicLong SERIALS = new AtomicLong();

  private final ModelVersion version;
  private final NamedTensors outputs;
  private final List<InputAdjustment> adjustments;
  private final TypedAttributes attributes;
  private final long serial;
  private final Variant variant;
  private @Nullable String id; // formatted on first use; a racing second format is equal

  private Prediction(
      ModelVersion version,
      NamedTensors outputs,
      List<InputAdjustment> adjustments,
      TypedAttributes attributes,
      long serial,
      Variant variant) {
    this.version = version;
    this.outputs = outputs;
    this.adjustments = adjustments;
    this.attributes = attributes;
    this.serial = serial;
    this.variant = variant;
  }

  /** A builder for runtimes and interceptors that produce predictions. */
  public static Builder builder(ModelVersion version) {
    return new Builder(version);
  }

  /** The model version that produced these outputs. */
  public ModelVersion version() {
    return version;
  }

  /**
   * This prediction's id, unique in the process and across replicas with high probability: a
   * random per-process prefix and a counter, e.g. {@code "3fa9c0d21b7e-1a2f"}. Copies made with
   * {@link #withAttribute} or {@link #withAdjustments} keep it. Hand it to the client with the
   * ranked items, and give it back to {@code OutcomeTracker.record} with what the user did.
   *
   * <p>Cost: a counter increment when the prediction is built; the string is formatted on the
   * first call only.
   */
  public String id() {
    String formatted = id;
    if (formatted == null) {
      formatted = ID_PREFIX + '-' + Long.toHexString(serial);
      id = formatted;
    }
    return formatted;
  }

  /**
   * Which arm answered: {@link Variant#CANARY} for a running canary's candidate, else {@link
   * Variant#CONTROL} (also for predictions built outside a model's {@code predict}).
   */
  public Variant variant() {
    return variant;
  }

  /** This prediction stamped as answered by {@code arm}; the model does it after routing. */
  Prediction servedBy(Variant arm) {
    return arm == variant ? this : new Prediction(version, outputs, adjustments, attributes, serial, arm);
  }

  /**
   * The changes validation made to the inputs by policy (replaced NaNs, truncated texts); empty
   * when the answer was computed from the inputs as given.
   */
  public List<InputAdjustment> adjustments() {
    return adjustments;
  }

  /** This prediction with {@code more} adjustments listed. */
  public Prediction withAdjustments(List<InputAdjustment> more) {
    if (more.isEmpty()) {
      return this;
    }
    List<InputAdjustment> all = new ArrayList<>(adjustments);
    all.addAll(more);
    return new Prediction(version, outputs, List.copyOf(all), attributes, serial, variant);
  }

  /**
   * The value a feature attached to this call under {@code type}, if any: what is not an output
   * but describes how the answer came about, e.g. {@code circuit.FallbackAnswer} (a circuit
   * breaker's fallback answered), {@code cache.EmbeddingUsage} (a text embedder's cache result and
   * tokens). Exactly {@code type}, not a subtype; at most one value per type.
   *
   * <pre>{@code
   * boolean fallback = prediction.attribute(FallbackAnswer.class).isPresent();
   * }</pre>
   *
   * <p>Cost: a scan of the few attributes; nothing is allocated when there is none.
   */
  public <T> Optional<T> attribute(Class<T> type) {
    return Optional.ofNullable(attributes.get(requireNonNull(type, "type")));
  }

  /**
   * This prediction with {@code value} attached under {@code type}, replacing a value of that
   * type; outputs, version and adjustments are kept.
   *
   * @throws ClassCastException if {@code value} is not an instance of {@code type}
   */
  public <T> Prediction withAttribute(Class<T> type, T value) {
    return new Prediction(version, outputs, adjustments, attributes.with(type, value), serial,
        variant);
  }

  /** The number of outputs. */
  public int size() {
    return outputs.size();
  }

  /** The name of output {@code index}, in the model's order. */
  public String name(int index) {
    return outputs.name(index);
  }

  /**
   * The output named {@code name}.
   *
   * @throws IllegalArgumentException if there is no such output
   */
  public Tensor output(String name) {
    Tensor tensor = outputs.find(requireNonNull(name, "name"));
    if (tensor == null) {
      throw new IllegalArgumentException(
          "model '" + version.modelName() + "' version " + version.version() + " has no output '"
              + name + "'; outputs are " + outputs.asMap().keySet());
    }
    return tensor;
  }

  /**
   * The float data of output {@code name}, row-major.
   *
   * @throws IllegalArgumentException if there is no such output
   * @throws IllegalStateException if the output is not a float tensor
   */
  public float[] floatArray(String name) {
    return typed(name, ElementType.FLOAT).floatArray();
  }

  /** The double data of output {@code name}; throws as {@link #floatArray(String)}. */
  public double[] doubleArray(String name) {
    return typed(name, ElementType.DOUBLE).doubleArray();
  }

  /** The int32 data of output {@code name}; throws as {@link #floatArray(String)}. */
  public int[] intArray(String name) {
    return typed(name, ElementType.INT32).intArray();
  }

  /** The int64 data of output {@code name}; throws as {@link #floatArray(String)}. */
  public long[] longArray(String name) {
    return typed(name, ElementType.INT64).longArray();
  }

  /** The bool data of output {@code name}; throws as {@link #floatArray(String)}. */
  public boolean[] booleanArray(String name) {
    return typed(name, ElementType.BOOL).booleanArray();
  }

  /** The string data of output {@code name}; throws as {@link #floatArray(String)}. */
  public String[] stringArray(String name) {
    return typed(name, ElementType.STRING).stringArray();
  }

  /** The shape of output {@code name}; throws as {@link #output(String)}. */
  public long[] shape(String name) {
    return output(name).shape();
  }

  /** An unmodifiable name-to-tensor view, in the model's output order. */
  public Map<String, Tensor> asMap() {
    return outputs.asMap();
  }

  private Tensor typed(String name, ElementType expected) {
    Tensor tensor = output(name);
    if (tensor.type() != expected) {
      throw new IllegalStateException(
          "output '" + name + "' of model '" + version.modelName() + "' version "
              + version.version() + " is " + tensor + ", not " + expected);
    }
    return tensor;
  }

  @Override
  public String toString() {
    return "Prediction" + outputs + " from " + version + (attributes.isEmpty() ? "" : " " + attributes);
  }

  /** Collects outputs; names must be unique and non-blank. Not thread-safe. */
  public static final class Builder {
    private final ModelVersion version;
    private final NamedTensors.Builder outputs = new NamedTensors.Builder("output");
    private TypedAttributes attributes = TypedAttributes.NONE;

    private Builder(ModelVersion version) {
      this.version = requireNonNull(version, "version");
    }

    /** @throws IllegalArgumentException if {@code name} is blank or already present */
    public Builder put(String name, Tensor tensor) {
      outputs.put(name, tensor);
      return this;
    }

    /**
     * Attaches {@code value} under {@code type} (see {@link Prediction#attribute}), replacing a
     * value of that type.
     *
     * @throws ClassCastException if {@code value} is not an instance of {@code type}
     */
    public <T> Builder attribute(Class<T> type, T value) {
      attributes = attributes.with(type, value);
      return this;
    }

    /** The prediction; it may have no outputs (a chain whose answer is an attribute). */
    public Prediction build() {
      return new Prediction(version, outputs.build(), List.of(), attributes,
          SERIALS.getAndIncrement(), Variant.CONTROL);
    }
  }
}
