package dev.monitoredinference.drift;

import dev.monitoredinference.Inputs;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The configured features in a fixed order, and the copying of a call's values into a {@link
 * Sample} on the caller's thread: one array copy per source tensor, nothing else.
 */
final class DriftSchema {
  /** One feature: its name, kind, source tensor (index into the specs) and column. */
  record Feature(String name, FeatureKind kind, int spec, int column) {}

  final List<FeatureSpec> specs;
  final List<Feature> features;

  DriftSchema(List<FeatureSpec> specs) {
    this.specs = List.copyOf(specs);
    List<Feature> all = new ArrayList<>();
    for (int s = 0; s < specs.size(); s++) {
      FeatureSpec spec = specs.get(s);
      for (int c = 0; c < spec.names().size(); c++) {
        all.add(new Feature(spec.names().get(c), spec.kind(), s, c));
      }
    }
    this.features = List.copyOf(all);
  }

  int indexOf(String name) {
    for (int i = 0; i < features.size(); i++) {
      if (features.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** Copies what the features need from one successful call; null if it has none of it. */
  @Nullable Sample copy(ModelVersion version, Inputs inputs, Prediction prediction) {
    Object[] data = new Object[specs.size()];
    int[] widths = new int[specs.size()];
    int rows = -1;
    for (int s = 0; s < data.length; s++) {
      FeatureSpec spec = specs.get(s);
      Tensor tensor = find(spec, inputs, prediction);
      if (tensor == null) {
        continue;
      }
      data[s] = copy(spec.kind(), tensor);
      int rank = tensor.rank();
      widths[s] = spec.kind() == FeatureKind.NUMERIC && !spec.columns()
          ? 1 : rank >= 2 ? (int) tensor.dimension(rank - 1) : 1;
      if (rows < 0) {
        rows = rank == 0 ? 1 : (int) tensor.dimension(0);
      }
    }
    return rows < 0 ? null : new Sample(version, data, widths, rows);
  }

  private static @Nullable Tensor find(FeatureSpec spec, Inputs inputs, Prediction prediction) {
    switch (spec.where()) {
      case INPUT:
        return inputs.find(spec.tensor());
      case OUTPUT:
        return output(prediction, spec.tensor());
      case INPUT_THEN_OUTPUT:
        Tensor input = inputs.find(spec.tensor());
        return input != null ? input : output(prediction, spec.tensor());
      default:
        Tensor output = output(prediction, spec.tensor());
        return output != null ? output : inputs.find(spec.tensor());
    }
  }

  private static @Nullable Tensor output(Prediction prediction, String name) {
    for (int i = 0; i < prediction.size(); i++) {
      if (prediction.name(i).equals(name)) {
        return prediction.output(name);
      }
    }
    return null;
  }

  private static Object copy(FeatureKind kind, Tensor tensor) {
    switch (tensor.type()) {
      case STRING:
        return tensor.stringArray().clone();
      case INT32:
        return kind == FeatureKind.CATEGORICAL ? tensor.intArray().clone() : floats(tensor);
      case INT64:
        return kind == FeatureKind.CATEGORICAL ? tensor.longArray().clone() : floats(tensor);
      default:
        return floats(tensor);
    }
  }

  /** A fresh float copy of a numeric tensor. */
  static float[] floats(Tensor tensor) {
    int size = tensor.size();
    float[] copy = new float[size];
    switch (tensor.type()) {
      case FLOAT:
        System.arraycopy(tensor.floatArray(), 0, copy, 0, size);
        break;
      case DOUBLE:
        double[] doubles = tensor.doubleArray();
        for (int i = 0; i < size; i++) {
          copy[i] = (float) doubles[i];
        }
        break;
      case INT32:
        int[] ints = tensor.intArray();
        for (int i = 0; i < size; i++) {
          copy[i] = ints[i];
        }
        break;
      case INT64:
        long[] longs = tensor.longArray();
        for (int i = 0; i < size; i++) {
          copy[i] = longs[i];
        }
        break;
      case BOOL:
        boolean[] bools = tensor.booleanArray();
        for (int i = 0; i < size; i++) {
          copy[i] = bools[i] ? 1 : 0;
        }
        break;
      default:
        throw new IllegalArgumentException("a " + tensor.type() + " tensor is not numeric");
    }
    return copy;
  }
}
