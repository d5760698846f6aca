package dev.monitoredinference.internal;

import dev.monitoredinference.Inputs;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.TensorSpec;
import java.util.Arrays;

/**
 * Inputs for a warm-up call (the one that proves a CUDA session really runs, or the one a new
 * version gets before it serves): zeros (empty strings) in the declared shapes, with every free
 * dimension set to 1.
 */
public final class WarmUpInputs {
  private WarmUpInputs() {}

  /** Zeros shaped like {@code version}'s inputs. */
  public static Inputs of(ModelVersion version) {
    Inputs.Builder inputs = Inputs.builder();
    for (TensorSpec spec : version.inputs()) {
      long[] shape = spec.shape();
      int size = 1;
      for (int axis = 0; axis < shape.length; axis++) {
        shape[axis] = shape[axis] == TensorSpec.FREE ? 1 : shape[axis];
        size = Math.multiplyExact(size, Math.toIntExact(shape[axis]));
      }
      inputs.put(spec.name(), zeros(spec, size, shape));
    }
    return inputs.build();
  }

  private static Tensor zeros(TensorSpec spec, int size, long[] shape) {
    switch (spec.type()) {
      case FLOAT:
        return Tensor.ofFloats(new float[size], shape);
      case DOUBLE:
        return Tensor.ofDoubles(new double[size], shape);
      case INT32:
        return Tensor.ofInts(new int[size], shape);
      case INT64:
        return Tensor.ofLongs(new long[size], shape);
      case BOOL:
        return Tensor.ofBooleans(new boolean[size], shape);
      default:
        String[] empty = new String[size];
        Arrays.fill(empty, "");
        return Tensor.ofStrings(empty, shape);
    }
  }
}
