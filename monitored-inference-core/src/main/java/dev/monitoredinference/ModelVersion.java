package dev.monitoredinference;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.runtime.DeviceFallback;
import dev.monitoredinference.runtime.ExecutionProvider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One loaded version of a model: what it is (name, version, digest, metadata, signature) and how
 * it runs (the execution provider actually in use and, if the requested device was not available,
 * the fallback).
 *
 * <p>Immutable and safe to share between threads.
 */
public final class ModelVersion {
  private final String modelName;
  private final String version;
  private final String digest;
  private final Instant loadedAt;
  private final ExecutionProvider executionProvider;
  private final @Nullable DeviceFallback fallback;
  private final List<TensorSpec> inputs;
  private final List<TensorSpec> outputs;
  private final Map<String, String> metadata;
  private final Set<String> labels;
  private final long nativeMemoryAtLoad; // -1 when not measured

  private ModelVersion(Builder builder) {
    this.modelName = builder.modelName;
    this.version = builder.version;
    this.digest = builder.digest;
    this.loadedAt = builder.loadedAt;
    this.executionProvider = builder.executionProvider;
    this.fallback = builder.fallback;
    this.inputs = List.copyOf(builder.inputs);
    this.outputs = List.copyOf(builder.outputs);
    this.metadata = Map.copyOf(builder.metadata);
    this.labels = Set.copyOf(builder.labels);
    this.nativeMemoryAtLoad = builder.nativeMemoryAtLoad;
  }

  /** A builder for runtimes that load a model; {@code version} is e.g. {@code "3"}. */
  public static Builder builder(String modelName, String version) {
    return new Builder(modelName, version);
  }

  /** The model's name, as given to {@link MonitoredModel#builder(String)}. */
  public String modelName() {
    return modelName;
  }

  /** The version label, e.g. the ONNX {@code model_version} or a repository folder name. */
  public String version() {
    return version;
  }

  /** The SHA-256 digest of the model bytes, {@code "sha256:<64 hex digits>"}. */
  public String digest() {
    return digest;
  }

  /** The first 12 hex digits of the digest, for metric tags and log lines. */
  public String shortDigest() {
    int start = digest.indexOf(':') + 1;
    return digest.substring(start, Math.min(digest.length(), start + 12));
  }

  /** When this version finished loading. */
  public Instant loadedAt() {
    return loadedAt;
  }

  /** The execution provider this version actually runs on. */
  public ExecutionProvider executionProvider() {
    return executionProvider;
  }

  /** The fallback taken at load, if the requested device could not be used. */
  public Optional<DeviceFallback> fallback() {
    return Optional.ofNullable(fallback);
  }

  /** The declared inputs, in the model's order. */
  public List<TensorSpec> inputs() {
    return inputs;
  }

  /** The declared outputs, in the model's order. */
  public List<TensorSpec> outputs() {
    return outputs;
  }

  /** Labels from the model repository ({@code stable}, {@code canary}); empty otherwise. */
  public Set<String> labels() {
    return labels;
  }

  /** The model's metadata properties (ONNX {@code metadata_props}). */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * How much the process's resident memory grew while this version loaded, in bytes (0 if it
   * shrank): an estimate of the native memory the runtime took for it, measured only for models
   * built with {@code resources(...)} on a platform that reports resident memory. Concurrent
   * allocations by other threads land in it too.
   */
  public OptionalLong nativeMemoryAtLoad() {
    return nativeMemoryAtLoad < 0 ? OptionalLong.empty() : OptionalLong.of(nativeMemoryAtLoad);
  }

  /**
   * This version with {@link #nativeMemoryAtLoad()} set to {@code bytes}.
   *
   * @throws IllegalArgumentException if {@code bytes} is negative
   */
  public ModelVersion withNativeMemoryAtLoad(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be >= 0, but was " + bytes);
    }
    Builder copy = builder(modelName, version).digest(digest).loadedAt(loadedAt)
        .executionProvider(executionProvider).metadata(metadata).labels(labels);
    if (fallback != null) {
      copy.fallback(fallback);
    }
    inputs.forEach(copy::input);
    outputs.forEach(copy::output);
    copy.nativeMemoryAtLoad = bytes;
    return copy.build();
  }

  @Override
  public String toString() {
    return modelName + " version " + version + " (" + shortDigest() + ", "
        + executionProvider.tagValue() + ")";
  }

  /** Collects the facts a runtime learns while loading a version. Not thread-safe. */
  public static final class Builder {
    private final String modelName;
    private final String version;
    private String digest = "sha256:unknown";
    private Instant loadedAt = Instant.EPOCH;
    private ExecutionProvider executionProvider = ExecutionProvider.CPU;
    private @Nullable DeviceFallback fallback;
    private final List<TensorSpec> inputs = new ArrayList<>();
    private final List<TensorSpec> outputs = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private Set<String> labels = Set.of();
    private long nativeMemoryAtLoad = -1;

    private Builder(String modelName, String version) {
      this.modelName = requireNonNull(modelName, "modelName");
      this.version = requireNonNull(version, "version");
    }

    public Builder digest(String digest) {
      this.digest = requireNonNull(digest, "digest");
      return this;
    }

    public Builder loadedAt(Instant loadedAt) {
      this.loadedAt = requireNonNull(loadedAt, "loadedAt");
      return this;
    }

    public Builder executionProvider(ExecutionProvider executionProvider) {
      this.executionProvider = requireNonNull(executionProvider, "executionProvider");
      return this;
    }

    public Builder fallback(DeviceFallback fallback) {
      this.fallback = requireNonNull(fallback, "fallback");
      return this;
    }

    public Builder input(TensorSpec input) {
      inputs.add(requireNonNull(input, "input"));
      return this;
    }

    public Builder output(TensorSpec output) {
      outputs.add(requireNonNull(output, "output"));
      return this;
    }

    public Builder metadata(Map<String, String> metadata) {
      this.metadata.putAll(requireNonNull(metadata, "metadata"));
      return this;
    }

    public Builder labels(Set<String> labels) {
      this.labels = Set.copyOf(requireNonNull(labels, "labels"));
      return this;
    }

    public ModelVersion build() {
      return new ModelVersion(this);
    }
  }
}
