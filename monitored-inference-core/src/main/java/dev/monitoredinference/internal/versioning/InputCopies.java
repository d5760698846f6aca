package dev.monitoredinference.internal.versioning;

import dev.monitoredinference.Inputs;
import dev.monitoredinference.Tensor;

/**
 * Copies of a call's inputs for work that outlives the call (trial comparisons): a caller may
 * reuse its arrays once {@code predict} returns, so anything read later must be a copy.
 */
final class InputCopies {
  private InputCopies() {}

  /** A deep copy of {@code inputs} on the heap, in the same order. */
  static Inputs of(Inputs inputs) {
    Inputs.Builder copy = Inputs.builder();
    for (int i = 0; i < inputs.size(); i++) {
      copy.put(inputs.name(i), of(inputs.tensor(i)));
    }
    return copy.build();
  }

  private static Tensor of(Tensor tensor) {
    long[] shape = tensor.shape();
    switch (tensor.type()) {
      case FLOAT:
        return Tensor.ofFloats(tensor.floatArray().clone(), shape);
      case DOUBLE:
        return Tensor.ofDoubles(tensor.doubleArray().clone(), shape);
      case INT32:
        return Tensor.ofInts(tensor.intArray().clone(), shape);
      case INT64:
        return Tensor.ofLongs(tensor.longArray().clone(), shape);
      case BOOL:
        return Tensor.ofBooleans(tensor.booleanArray().clone(), shape);
      case STRING:
        return Tensor.ofStrings(tensor.stringArray().clone(), shape);
      default:
        throw new IllegalArgumentException("cannot copy a " + tensor.type() + " tensor");
    }
  }
}
