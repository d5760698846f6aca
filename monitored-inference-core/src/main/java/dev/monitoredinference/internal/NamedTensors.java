package dev.monitoredinference.internal;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An immutable, ordered list of named tensors: the storage behind inputs and predictions. Arrays
 * rather than a map, because calls carry a handful of tensors and iterate them in order.
 */
public final class NamedTensors {
  private final String[] names;
  private final Tensor[] tensors;

  private NamedTensors(String[] names, Tensor[] tensors) {
    this.names = names;
    this.tensors = tensors;
  }

  /** No tensors. */
  public static NamedTensors empty() {
    return EMPTY;
  }

  private static final NamedTensors EMPTY = new NamedTensors(new String[0], new Tensor[0]);

  /**
   * Collects named tensors in order, refusing blanks and duplicates: two small arrays instead of a
   * map, since a call carries a handful of tensors (a map and its nodes cost a tiny model's call
   * a few hundred bytes). Not thread-safe.
   */
  public static final class Builder {
    private final String kind;
    private String[] names = new String[4];
    private Tensor[] tensors = new Tensor[4];
    private int size;

    /** A builder whose errors call the tensors {@code kind}s ("input", "output"). */
    public Builder(String kind) {
      this.kind = kind;
    }

    /**
     * Adds {@code tensor} as {@code name}.
     *
     * @throws IllegalArgumentException if {@code name} is blank or already present
     */
    public void put(String name, Tensor tensor) {
      requireNonNull(name, "name");
      requireNonNull(tensor, "tensor");
      if (name.isBlank()) {
        throw new IllegalArgumentException(kind + " name must not be blank, but was '" + name + "'");
      }
      for (int i = 0; i < size; i++) {
        if (names[i].equals(name)) {
          throw new IllegalArgumentException(kind + " '" + name + "' is already present");
        }
      }
      if (size == names.length) {
        names = Arrays.copyOf(names, size * 2);
        tensors = Arrays.copyOf(tensors, size * 2);
      }
      names[size] = name;
      tensors[size++] = tensor;
    }

    /** The tensors put so far, in order. */
    public NamedTensors build() {
      return size == 0 ? EMPTY
          : new NamedTensors(Arrays.copyOf(names, size), Arrays.copyOf(tensors, size));
    }
  }

  public int size() {
    return names.length;
  }

  public String name(int index) {
    return names[index];
  }

  public Tensor tensor(int index) {
    return tensors[index];
  }

  public @Nullable Tensor find(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return tensors[i];
      }
    }
    return null;
  }

  /** These tensors with {@code name} set to {@code tensor}, replacing a tensor of that name. */
  public NamedTensors with(String name, Tensor tensor) {
    requireNonNull(name, "name");
    requireNonNull(tensor, "tensor");
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        Tensor[] replaced = tensors.clone();
        replaced[i] = tensor;
        return new NamedTensors(names, replaced);
      }
    }
    String[] grownNames = Arrays.copyOf(names, names.length + 1);
    Tensor[] grownTensors = Arrays.copyOf(tensors, tensors.length + 1);
    grownNames[names.length] = name;
    grownTensors[tensors.length] = tensor;
    return new NamedTensors(grownNames, grownTensors);
  }

  public Map<String, Tensor> asMap() {
    Map<String, Tensor> map = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      map.put(names[i], tensors[i]);
    }
    return Collections.unmodifiableMap(map);
  }

  /** Names, types and shapes only: tensor values never reach a log line. */
  @Override
  public String toString() {
    return asMap().toString();
  }
}
