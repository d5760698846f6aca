package dev.monitoredinference.validation;

import dev.monitoredinference.ElementType;
import dev.monitoredinference.InputRule;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.internal.Truncation;
import dev.monitoredinference.validation.InputSchema.InputRules;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * The per-value rules: one pass over an input, remembering the first offender and a count per
 * rule. Messages carry the offending scalar and its index, never other values, and for text only
 * lengths.
 */
final class ValueChecks {
  private ValueChecks() {}

  /** NaN/±Inf and range over a float or double input; returns a replacement tensor or null. */
  static @Nullable Tensor floating(InputRules rules, Tensor tensor, Findings findings) {
    IntToDoubleFunction values = floatingValues(tensor);
    int size = tensor.size();
    int nonFinite = 0;
    int firstNonFinite = -1;
    int outOfRange = 0;
    int firstOut = -1;
    double[] range = rules.range;
    for (int i = 0; i < size; i++) {
      double value = values.applyAsDouble(i);
      if (!Double.isFinite(value)) {
        if (nonFinite++ == 0) {
          firstNonFinite = i;
        }
      } else if (range != null && (value < range[0] || value > range[1]) && outOfRange++ == 0) {
        firstOut = i;
      }
    }
    if (range != null && outOfRange > 0) {
      findings.violation(rules.name, InputRule.RANGE, "value " + values.applyAsDouble(firstOut)
          + " outside [" + range[0] + ", " + range[1] + "] " + Findings.occurrences(outOfRange, firstOut));
    }
    if (nonFinite == 0) {
      return null;
    }
    NonFinitePolicy policy = rules.nonFinite;
    if (policy == null || !policy.replaces()) {
      findings.violation(rules.name, InputRule.NAN, "value " + values.applyAsDouble(firstNonFinite)
          + " " + Findings.occurrences(nonFinite, firstNonFinite));
      return null;
    }
    findings.adjustment(rules.name, InputRule.NAN, nonFinite);
    return replaceNonFinite(tensor, policy.replacement());
  }

  /** Range, vocabulary and attention-mask rules over an int32 or int64 input. */
  static void integers(InputRules rules, Tensor tensor, Inputs inputs, Findings findings) {
    if (rules.maskOf != null) {
      Tensor ids = inputs.find(rules.maskOf);
      if (ids != null && !Arrays.equals(ids.shape(), tensor.shape())) {
        findings.violation(rules.name, InputRule.SHAPE, "shape " + Arrays.toString(tensor.shape())
            + " differs from '" + rules.maskOf + "' " + Arrays.toString(ids.shape()));
      }
    }
    double[] range = rules.range;
    boolean ids = rules.vocabulary != null;
    long vocabulary = ids ? rules.vocabulary : 0;
    boolean mask = rules.maskOf != null;
    IntToLongFunction values = integerValues(tensor);
    int size = tensor.size();
    int outOfRange = 0;
    int firstOut = -1;
    int badIds = 0;
    int firstBadId = -1;
    int badMask = 0;
    int firstBadMask = -1;
    for (int i = 0; i < size; i++) {
      long value = values.applyAsLong(i);
      if (range != null && (value < range[0] || value > range[1]) && outOfRange++ == 0) {
        firstOut = i;
      }
      if (ids && (value < 0 || value >= vocabulary) && badIds++ == 0) {
        firstBadId = i;
      }
      if (mask && value != 0 && value != 1 && badMask++ == 0) {
        firstBadMask = i;
      }
    }
    if (range != null && outOfRange > 0) {
      findings.violation(rules.name, InputRule.RANGE, "value " + values.applyAsLong(firstOut)
          + " outside [" + range[0] + ", " + range[1] + "] " + Findings.occurrences(outOfRange, firstOut));
    }
    if (badIds > 0) {
      findings.violation(rules.name, InputRule.RANGE, "token id " + values.applyAsLong(firstBadId)
          + " outside [0, " + vocabulary + ") " + Findings.occurrences(badIds, firstBadId));
    }
    if (badMask > 0) {
      findings.violation(rules.name, InputRule.RANGE, "mask value " + values.applyAsLong(firstBadMask)
          + " is not 0 or 1 " + Findings.occurrences(badMask, firstBadMask));
    }
  }

  /** The text-length rule over a string input; returns a truncated tensor or null. */
  static @Nullable Tensor text(InputRules rules, Tensor tensor, Findings findings) {
    InputSchema.TextLimit limit = rules.textLimit;
    if (limit == null) {
      return null;
    }
    String[] texts = tensor.stringArray();
    int tooLong = 0;
    int first = -1;
    for (int i = 0; i < texts.length; i++) {
      if (texts[i].length() > limit.chars && tooLong++ == 0) {
        first = i;
      }
    }
    if (tooLong == 0) {
      return null;
    }
    if (limit.policy == TextLengthPolicy.REJECT) {
      findings.violation(rules.name, InputRule.LENGTH, "text of " + texts[first].length()
          + " chars, more than " + limit.chars + ", " + Findings.occurrences(tooLong, first));
      return null;
    }
    String[] cut = texts.clone();
    for (int i = 0; i < cut.length; i++) {
      cut[i] = Truncation.cut(cut[i], limit.chars);
    }
    findings.adjustment(rules.name, InputRule.LENGTH, tooLong);
    return Tensor.ofStrings(cut, tensor.shape());
  }

  /**
   * Index of the first NaN/±Inf in a float or double tensor and the count, or null if none. Reads
   * the array directly: outputs are always array-backed, and this runs on every call.
   */
  static int @Nullable [] nonFinite(Tensor tensor) {
    int count = 0;
    int first = -1;
    if (tensor.type() == ElementType.FLOAT) {
      float[] values = tensor.floatArray();
      for (int i = 0; i < values.length; i++) {
        if (!Float.isFinite(values[i]) && count++ == 0) {
          first = i;
        }
      }
    } else {
      double[] values = tensor.doubleArray();
      for (int i = 0; i < values.length; i++) {
        if (!Double.isFinite(values[i]) && count++ == 0) {
          first = i;
        }
      }
    }
    return count == 0 ? null : new int[] {first, count};
  }

  private static Tensor replaceNonFinite(Tensor tensor, double replacement) {
    if (tensor.type() == ElementType.FLOAT) {
      float[] values = tensor.floatArray().clone();
      for (int i = 0; i < values.length; i++) {
        if (!Float.isFinite(values[i])) {
          values[i] = (float) replacement;
        }
      }
      return Tensor.ofFloats(values, tensor.shape());
    }
    double[] values = tensor.doubleArray().clone();
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        values[i] = replacement;
      }
    }
    return Tensor.ofDoubles(values, tensor.shape());
  }

  private static IntToDoubleFunction floatingValues(Tensor tensor) {
    if (tensor.type() == ElementType.FLOAT) {
      FloatBuffer buffer = (FloatBuffer) tensor.buffer();
      return buffer::get;
    }
    DoubleBuffer buffer = (DoubleBuffer) tensor.buffer();
    return buffer::get;
  }

  private static IntToLongFunction integerValues(Tensor tensor) {
    if (tensor.type() == ElementType.INT64) {
      LongBuffer buffer = (LongBuffer) tensor.buffer();
      return buffer::get;
    }
    IntBuffer buffer = (IntBuffer) tensor.buffer();
    return buffer::get;
  }
}
