package dev.monitoredinference.onnx;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ONNX Runtime session settings a service tunes: thread counts, graph optimisation and CUDA
 * provider options.
 *
 * <pre>{@code
 * OnnxOptions options = OnnxOptions.builder()
 *     .intraOpThreads(2)                       // per-call parallelism; 0 = ONNX Runtime decides
 *     .gpuMemoryLimit(4L << 30)                // bytes, CUDA arena cap
 *     .build();
 * }</pre>
 *
 * <p>Immutable and safe to share between threads.
 */
public final class OnnxOptions {
  /** Graph optimisation levels, as ONNX Runtime names them. */
  public enum Optimization {
    NONE,
    BASIC,
    EXTENDED,
    ALL
  }

  /**
   * How cuDNN picks convolution algorithms. {@link #HEURISTIC} is the default here: {@link
   * #EXHAUSTIVE} (ONNX Runtime's own default) benchmarks every new input shape, which makes the
   * first call of each shape hundreds of milliseconds slower.
   */
  public enum ConvAlgoSearch {
    EXHAUSTIVE,
    HEURISTIC,
    DEFAULT
  }

  private static final OnnxOptions DEFAULTS = builder().build();

  private final int intraOpThreads;
  private final int interOpThreads;
  private final Optimization optimization;
  private final long gpuMemoryLimit;
  private final ConvAlgoSearch convAlgoSearch;
  private final Map<String, String> cudaOptions;

  private OnnxOptions(Builder builder) {
    this.intraOpThreads = builder.intraOpThreads;
    this.interOpThreads = builder.interOpThreads;
    this.optimization = builder.optimization;
    this.gpuMemoryLimit = builder.gpuMemoryLimit;
    this.convAlgoSearch = builder.convAlgoSearch;
    this.cudaOptions = Map.copyOf(builder.cudaOptions);
  }

  /** ONNX Runtime's own thread defaults, all optimisations, HEURISTIC cuDNN search. */
  public static OnnxOptions ofDefaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Threads for one call's operators; 0 lets ONNX Runtime choose (all cores). */
  public int intraOpThreads() {
    return intraOpThreads;
  }

  /** Threads across independent operators; 0 lets ONNX Runtime choose. */
  public int interOpThreads() {
    return interOpThreads;
  }

  public Optimization optimization() {
    return optimization;
  }

  /** The CUDA arena limit in bytes; 0 means no limit. */
  public long gpuMemoryLimit() {
    return gpuMemoryLimit;
  }

  public ConvAlgoSearch convAlgoSearch() {
    return convAlgoSearch;
  }

  /** Further CUDA provider options, by ONNX Runtime's key names. */
  public Map<String, String> cudaOptions() {
    return cudaOptions;
  }

  /** Collects settings; each setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private int intraOpThreads;
    private int interOpThreads;
    private Optimization optimization = Optimization.ALL;
    private long gpuMemoryLimit;
    private ConvAlgoSearch convAlgoSearch = ConvAlgoSearch.HEURISTIC;
    private final Map<String, String> cudaOptions = new LinkedHashMap<>();

    private Builder() {}

    /** @throws IllegalArgumentException if {@code threads < 0} */
    public Builder intraOpThreads(int threads) {
      this.intraOpThreads = nonNegative("intraOpThreads", threads);
      return this;
    }

    /** @throws IllegalArgumentException if {@code threads < 0} */
    public Builder interOpThreads(int threads) {
      this.interOpThreads = nonNegative("interOpThreads", threads);
      return this;
    }

    public Builder optimization(Optimization optimization) {
      this.optimization = requireNonNull(optimization, "optimization");
      return this;
    }

    /** @throws IllegalArgumentException if {@code bytes <= 0} */
    public Builder gpuMemoryLimit(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("gpuMemoryLimit must be > 0 bytes, but was " + bytes);
      }
      this.gpuMemoryLimit = bytes;
      return this;
    }

    public Builder convAlgoSearch(ConvAlgoSearch search) {
      this.convAlgoSearch = requireNonNull(search, "convAlgoSearch");
      return this;
    }

    /**
     * A CUDA provider option by ONNX Runtime's key, e.g. {@code arena_extend_strategy}.
     *
     * @throws IllegalArgumentException if {@code key} is blank, or is {@code gpu_mem_limit} or
     *     {@code cudnn_conv_algo_search}, which have their own setters
     */
    public Builder cudaOption(String key, String value) {
      requireNonNull(key, "key");
      requireNonNull(value, "value");
      if (key.isBlank() || key.equals("gpu_mem_limit") || key.equals("cudnn_conv_algo_search")) {
        throw new IllegalArgumentException(
            "cudaOption key must be non-blank and not one with its own setter, but was '" + key
                + "'");
      }
      cudaOptions.put(key, value);
      return this;
    }

    public OnnxOptions build() {
      return new OnnxOptions(this);
    }

    private static int nonNegative(String name, int value) {
      if (value < 0) {
        throw new IllegalArgumentException(name + " must be >= 0, but was " + value);
      }
      return value;
    }
  }
}
