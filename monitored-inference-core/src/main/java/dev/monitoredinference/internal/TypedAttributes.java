package dev.monitoredinference.internal;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * An immutable set of values keyed by their type, at most one per type: the storage behind the
 * attribute slots of {@code Inputs} and {@code Prediction} (OkHttp's {@code Request.tag(Class)}).
 * A pair of arrays rather than a map: a call carries zero to three attributes.
 */
public final class TypedAttributes {
  /** No attributes. */
  public static final TypedAttributes NONE = new TypedAttributes(new Class<?>[0], new Object[0]);

  private final Class<?>[] types;
  private final Object[] values;

  private TypedAttributes(Class<?>[] types, Object[] values) {
    this.types = types;
    this.values = values;
  }

  /** The value of exactly {@code type} (not a subtype), or null. Allocates nothing. */
  public <T> @Nullable T get(Class<T> type) {
    for (int i = 0; i < types.length; i++) {
      if (types[i] == type) {
        return type.cast(values[i]);
      }
    }
    return null;
  }

  /**
   * These attributes with {@code value} as the one of {@code type}, replacing a value of that
   * type.
   *
   * @throws ClassCastException if {@code value} is not an instance of {@code type}
   */
  public <T> TypedAttributes with(Class<T> type, T value) {
    requireNonNull(type, "type");
    Object checked = type.cast(requireNonNull(value, "value"));
    for (int i = 0; i < types.length; i++) {
      if (types[i] == type) {
        Object[] replaced = values.clone();
        replaced[i] = checked;
        return new TypedAttributes(types, replaced);
      }
    }
    Class<?>[] grownTypes = Arrays.copyOf(types, types.length + 1);
    Object[] grownValues = Arrays.copyOf(values, values.length + 1);
    grownTypes[types.length] = type;
    grownValues[values.length] = checked;
    return new TypedAttributes(grownTypes, grownValues);
  }

  public boolean isEmpty() {
    return types.length == 0;
  }

  /** The values' own {@code toString}, in the order they were attached. */
  @Override
  public String toString() {
    StringJoiner joined = new StringJoiner(", ", "[", "]");
    for (Object value : values) {
      joined.add(String.valueOf(value));
    }
    return joined.toString();
  }
}
