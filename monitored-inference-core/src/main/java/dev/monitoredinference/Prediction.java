package dev.monitoredinference;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.internal.NamedTensors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
  private final ModelVersion version;
  private final NamedTensors outputs;
  private final List<InputAdjustment> adjustments;
  private final CacheResult cacheResult;
  private final long inputTokens;
  private final ErrorType fallbackFor;

  private Prediction(
      ModelVersion version,
      NamedTensors outputs,
      List<InputAdjustment> adjustments,
      CacheResult cacheResult,
      long inputTokens,
      ErrorType fallbackFor) {
    this.version = version;
    this.outputs = outputs;
    this.adjustments = adjustments;
    this.cacheResult = cacheResult;
    this.inputTokens = inputTokens;
    this.fallbackFor = fallbackFor;
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
    return new Prediction(version, outputs, List.copyOf(all), cacheResult, inputTokens, fallbackFor);
  }

  /** Whether a cache answered the call; {@link CacheResult#NONE} for plain predictions. */
  public CacheResult cacheResult() {
    return cacheResult;
  }

  /** This prediction marked as answered with {@code result} by a cache. */
  public Prediction withCacheResult(CacheResult result) {
    return new Prediction(version, outputs, adjustments, requireNonNull(result, "result"), inputTokens, fallbackFor);
  }

  /** The tokens the call's texts were encoded into; 0 for calls without text. */
  public long inputTokens() {
    return inputTokens;
  }

  /**
   * This prediction with {@code tokens} input tokens recorded.
   *
   * @throws IllegalArgumentException if {@code tokens < 0}
   */
  public Prediction withInputTokens(long tokens) {
    if (tokens < 0) {
      throw new IllegalArgumentException("tokens must be >= 0, but was " + tokens);
    }
    return new Prediction(version, outputs, adjustments, cacheResult, tokens, fallbackFor);
  }

  /**
   * Whether a circuit breaker's fallback produced these outputs instead of the model (see {@code
   * CircuitBreakerConfig.fallback}).
   */
  public boolean isFallback() {
    return fallbackFor != ErrorType.NONE;
  }

  /**
   * The failure the fallback answered instead ({@link ErrorType#CIRCUIT_OPEN} when the breaker
   * refused the call, {@link ErrorType#RUNTIME_ERROR} when the run failed); {@link ErrorType#NONE}
   * for the model's own answer.
   */
  public ErrorType fallbackFor() {
    return fallbackFor;
  }

  /**
   * This prediction marked as a fallback answer for a failure of type {@code failure}.
   *
   * @throws IllegalArgumentException if {@code failure} is {@link ErrorType#NONE}
   */
  public Prediction asFallbackFor(ErrorType failure) {
    if (requireNonNull(failure, "failure") == ErrorType.NONE) {
      throw new IllegalArgumentException("a fallback must answer a failure, but was " + failure);
    }
    return new Prediction(version, outputs, adjustments, cacheResult, inputTokens, failure);
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
    return "Prediction" + outputs + " from " + version + (isFallback() ? " (fallback)" : "");
  }

  /** Collects outputs; names must be unique and non-blank. Not thread-safe. */
  public static final class Builder {
    private final ModelVersion version;
    private final Map<String, Tensor> outputs = new LinkedHashMap<>();

    private Builder(ModelVersion version) {
      this.version = requireNonNull(version, "version");
    }

    /** @throws IllegalArgumentException if {@code name} is blank or already present */
    public Builder put(String name, Tensor tensor) {
      NamedTensors.putUnique(outputs, "output", name, tensor);
      return this;
    }

    public Prediction build() {
      return new Prediction(version, NamedTensors.copyOf(outputs), List.of(), CacheResult.NONE, 0, ErrorType.NONE);
    }
  }
}
