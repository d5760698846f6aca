package dev.monitoredinference.onnx;

import dev.monitoredinference.ElementType;
import dev.monitoredinference.InputRule;
import dev.monitoredinference.InputViolation;
import dev.monitoredinference.Inputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Finds texts that ONNX Runtime's Java API cannot hand to the graph intact. It passes strings
 * through JNI's modified UTF-8, in which NUL, every character beyond U+FFFF (emoji, for one) and
 * any lone surrogate become bytes that are not UTF-8: string ops then fail ({@code ORT_FAIL}
 * "Input strings must be valid UTF-8") as if the model were at fault, and lookups silently match
 * nothing. Such inputs are refused (rule {@code range}) before any native tensor exists. Cost: one
 * pass over the chars of each string input.
 */
final class TextTransfer {
  private TextTransfer() {}

  /** One violation per string input holding such a character, or null if there is none. */
  static @Nullable List<InputViolation> violations(Inputs inputs) {
    List<InputViolation> violations = null;
    for (int i = 0; i < inputs.size(); i++) {
      if (inputs.tensor(i).type() != ElementType.STRING) {
        continue;
      }
      String detail = untransferable(inputs.tensor(i).stringArray());
      if (detail != null) {
        violations = violations == null ? new ArrayList<>() : violations;
        violations.add(InputViolation.of(inputs.name(i), InputRule.RANGE, detail));
      }
    }
    return violations;
  }

  private static @Nullable String untransferable(String[] texts) {
    int count = 0;
    String first = "";
    for (int text = 0; text < texts.length; text++) {
      int at = firstUntransferable(texts[text]);
      if (at >= 0 && count++ == 0) {
        first = String.format(Locale.ROOT, "U+%04X at char %d of text %d",
            texts[text].codePointAt(at), at, text);
      }
    }
    return count == 0 ? null : count + " of " + texts.length + " texts hold a character ONNX"
        + " Runtime's Java API cannot pass as UTF-8 (NUL, beyond U+FFFF, or a lone surrogate);"
        + " the first is " + first;
  }

  private static int firstUntransferable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0 || Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }
}
