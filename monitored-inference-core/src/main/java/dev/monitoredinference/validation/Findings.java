package dev.monitoredinference.validation;

import dev.monitoredinference.InputAdjustment;
import dev.monitoredinference.InputRule;
import dev.monitoredinference.InputViolation;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What validating one call found: violations to report, adjustments made. One per call. */
final class Findings {
  private @Nullable List<InputViolation> violations;
  private @Nullable List<InputAdjustment> adjustments;

  void violation(String input, InputRule rule, String detail) {
    if (violations == null) {
      violations = new ArrayList<>();
    }
    violations.add(InputViolation.of(input, rule, detail));
  }

  void adjustment(String input, InputRule rule, int count) {
    if (adjustments == null) {
      adjustments = new ArrayList<>();
    }
    adjustments.add(InputAdjustment.of(input, rule, count));
  }

  boolean hasViolations() {
    return violations != null;
  }

  List<InputViolation> violations() {
    return violations == null ? List.of() : violations;
  }

  List<InputAdjustment> adjustments() {
    return adjustments == null ? List.of() : adjustments;
  }

  /** "first at index 3" or "3 values, first at index 3". */
  static String occurrences(int count, int firstIndex) {
    return count == 1 ? "at index " + firstIndex : count + " values, first at index " + firstIndex;
  }
}
