package dev.monitoredinference;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.internal.NamedTensors;
import dev.monitoredinference.internal.TypedAttributes;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The named input tensors of one call, in the order they were added.
 *
 * <pre>{@code
 * Inputs one = Inputs.of("features", new float[][] {{0.1f, 0.7f}});
 * Inputs two = Inputs.builder()
 *     .put("input_ids", Tensor.ofLongs(ids, 1, ids.length))
 *     .put("attention_mask", Tensor.ofLongs(mask, 1, mask.length))
 *     .build();
 * }</pre>
 *
 * <p>Besides tensors, inputs may carry typed attributes ({@link #attribute}), as OkHttp's {@code
 * Request.tag(Class)}: what a chain whose requests are not tensors passes along, e.g. a {@code
 * TextEmbedder}'s texts ({@code attribute(EmbeddingRequest.class)}). A model sees only tensors.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class Inputs {
  private static final NamedTensors NO_TENSORS = NamedTensors.empty();

  private final NamedTensors tensors;
  private final TypedAttributes attributes;

  private Inputs(NamedTensors tensors, TypedAttributes attributes) {
    this.tensors = tensors;
    this.attributes = attributes;
  }

  /** One input. */
  public static Inputs of(String name, Tensor tensor) {
    return builder().put(name, tensor).build();
  }

  /** One float input of shape {@code [rows, columns]}, copied from a rectangular matrix. */
  public static Inputs of(String name, float[][] matrix) {
    return of(name, Tensor.of(matrix));
  }

  /**
   * Inputs without tensors that carry {@code value} as their attribute of {@code type}: the
   * request of a chain that is not a model's, such as a {@code TextEmbedder}'s. A model refuses
   * them (every declared input is missing).
   *
   * @throws ClassCastException if {@code value} is not an instance of {@code type}
   */
  public static <T> Inputs of(Class<T> type, T value) {
    return new Inputs(NO_TENSORS, TypedAttributes.NONE.with(type, value));
  }

  /** A builder for several inputs. */
  public static Builder builder() {
    return new Builder();
  }

  /** The number of inputs. */
  public int size() {
    return tensors.size();
  }

  /** The name of input {@code index}, in insertion order. */
  public String name(int index) {
    return tensors.name(index);
  }

  /** The tensor of input {@code index}, in insertion order. */
  public Tensor tensor(int index) {
    return tensors.tensor(index);
  }

  /** The tensor named {@code name}, or null if there is none. */
  public @Nullable Tensor find(String name) {
    return tensors.find(name);
  }

  /** These inputs with {@code name} set to {@code tensor}, replacing an input of that name. */
  public Inputs with(String name, Tensor tensor) {
    return new Inputs(tensors.with(name, tensor), attributes);
  }

  /**
   * The value attached under exactly {@code type}, if any (see {@link #of(Class, Object)}). Cost:
   * a scan of the few attributes; nothing is allocated when there is none.
   */
  public <T> Optional<T> attribute(Class<T> type) {
    return Optional.ofNullable(attributes.get(requireNonNull(type, "type")));
  }

  /**
   * These inputs with {@code value} attached under {@code type}, replacing a value of that type.
   *
   * @throws ClassCastException if {@code value} is not an instance of {@code type}
   */
  public <T> Inputs withAttribute(Class<T> type, T value) {
    return new Inputs(tensors, attributes.with(type, value));
  }

  /** An unmodifiable name-to-tensor view, in insertion order. */
  public Map<String, Tensor> asMap() {
    return tensors.asMap();
  }

  /** Names, types and shapes, and attributes by their own {@code toString}; never tensor values. */
  @Override
  public String toString() {
    return "Inputs" + tensors + (attributes.isEmpty() ? "" : " " + attributes);
  }

  /** Collects named tensors; names must be unique and non-blank. Not thread-safe. */
  public static final class Builder {
    private final NamedTensors.Builder entries = new NamedTensors.Builder("input");

    private Builder() {}

    /**
     * Adds an input.
     *
     * @throws IllegalArgumentException if {@code name} is blank or already present
     */
    public Builder put(String name, Tensor tensor) {
      entries.put(name, tensor);
      return this;
    }

    /**
     * The inputs.
     *
     * @throws IllegalArgumentException if no input was added
     */
    public Inputs build() {
      NamedTensors tensors = entries.build();
      if (tensors.size() == 0) {
        throw new IllegalArgumentException("inputs must hold at least one tensor");
      }
      return new Inputs(tensors, TypedAttributes.NONE);
    }
  }
}
