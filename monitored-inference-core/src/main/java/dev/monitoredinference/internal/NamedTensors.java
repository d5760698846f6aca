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

  /** A copy of {@code entries}, in their iteration order. */
  public static NamedTensors copyOf(Map<String, Tensor> entries) {
    return new NamedTensors(
        entries.keySet().toArray(new String[0]), entries.values().toArray(new Tensor[0]));
  }

  /**
   * Adds {@code name} to an ordered map being built, refusing blanks and duplicates.
   *
   * @throws IllegalArgumentException if {@code name} is blank or already present
   */
  public static void putUnique(Map<String, Tensor> entries, String kind, String name, Tensor tensor) {
    requireNonNull(name, "name");
    requireNonNull(tensor, "tensor");
    if (name.isBlank()) {
      throw new IllegalArgumentException(kind + " name must not be blank, but was '" + name + "'");
    }
    if (entries.putIfAbsent(name, tensor) != null) {
      throw new IllegalArgumentException(kind + " '" + name + "' is already present");
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
