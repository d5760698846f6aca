package dev.monitoredinference;

import dev.monitoredinference.internal.NamedTensors;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * <p>Immutable and safe to share between threads.
 */
public final class Inputs {
  private final NamedTensors tensors;

  private Inputs(NamedTensors tensors) {
    this.tensors = tensors;
  }

  /** One input. */
  public static Inputs of(String name, Tensor tensor) {
    return builder().put(name, tensor).build();
  }

  /** One float input of shape {@code [rows, columns]}, copied from a rectangular matrix. */
  public static Inputs of(String name, float[][] matrix) {
    return of(name, Tensor.of(matrix));
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
    return new Inputs(tensors.with(name, tensor));
  }

  /** An unmodifiable name-to-tensor view, in insertion order. */
  public Map<String, Tensor> asMap() {
    return tensors.asMap();
  }

  /** Names, types and shapes only: input values never reach a log line. */
  @Override
  public String toString() {
    return "Inputs" + tensors;
  }

  /** Collects named tensors; names must be unique and non-blank. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Tensor> entries = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds an input.
     *
     * @throws IllegalArgumentException if {@code name} is blank or already present
     */
    public Builder put(String name, Tensor tensor) {
      NamedTensors.putUnique(entries, "input", name, tensor);
      return this;
    }

    /**
     * The inputs.
     *
     * @throws IllegalArgumentException if no input was added
     */
    public Inputs build() {
      if (entries.isEmpty()) {
        throw new IllegalArgumentException("inputs must hold at least one tensor");
      }
      return new Inputs(NamedTensors.copyOf(entries));
    }
  }
}
