package dev.monitoredinference.drift;

import java.util.List;

/**
 * One configured source tensor and the features it yields: the named columns of a 2-D numeric
 * input, a numeric output, a categorical tensor or an embedding tensor.
 *
 * @param kind how its values are sketched
 * @param tensor the input or output name
 * @param names the feature names: one per column for {@link Where#INPUT} numeric columns, else
 *     the tensor name alone
 * @param where where the tensor is looked up
 */
record FeatureSpec(FeatureKind kind, String tensor, List<String> names, Where where) {
  /** Where a source tensor is found in a call. */
  enum Where {
    INPUT,
    OUTPUT,
    /** Inputs first, then outputs. */
    INPUT_THEN_OUTPUT,
    /** Outputs first, then inputs. */
    OUTPUT_THEN_INPUT
  }

  boolean columns() {
    return kind == FeatureKind.NUMERIC && where == Where.INPUT;
  }
}
