package dev.monitoredinference.embedding;

import dev.monitoredinference.InputAdjustment;
import dev.monitoredinference.InputRule;
import dev.monitoredinference.InputViolation;
import dev.monitoredinference.InvalidInputException;
import dev.monitoredinference.internal.Truncation;
import dev.monitoredinference.validation.TextLengthPolicy;
import java.text.Normalizer;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The embedder's text validation, in the order the caller's texts meet it: the length limit on the
 * texts as given ({@code length}: rejected, or cut and listed as an adjustment), then
 * normalisation (Unicode NFC, trimmed, whitespace runs as one space), then the empty-text rule
 * ({@code empty}) on the normalised texts. Violations name the input {@code text}, as the
 * validation link does for a string input, so they count in {@code rejections} by the same
 * reasons.
 */
final class TextRules {
  static final String INPUT = "text";
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private final String embedder;
  private final int maxLength;
  private final TextLengthPolicy policy;
  private final boolean allowEmpty;

  TextRules(String embedder, int maxLength, TextLengthPolicy policy, boolean allowEmpty) {
    this.embedder = embedder;
    this.maxLength = maxLength;
    this.policy = policy;
    this.allowEmpty = allowEmpty;
  }

  /** The texts as the encoder and the cache will see them, and what was cut to get there. */
  record Checked(String[] texts, List<InputAdjustment> adjustments) {}

  /**
   * @throws InvalidInputException if a text is too long under {@link TextLengthPolicy#REJECT}, or
   *     empty after normalisation when empty texts are not allowed
   */
  Checked check(List<String> texts, String version) {
    String[] normalized = new String[texts.size()];
    int tooLong = 0;
    int firstTooLong = -1;
    for (int i = 0; i < normalized.length; i++) {
      String text = texts.get(i);
      if (text.length() > maxLength && tooLong++ == 0) {
        firstTooLong = i;
      }
      normalized[i] = text;
    }
    if (tooLong > 0 && policy == TextLengthPolicy.REJECT) {
      throw invalid(version, InputRule.LENGTH, "text of " + texts.get(firstTooLong).length()
          + " chars, more than " + maxLength + ", " + occurrences(tooLong, firstTooLong));
    }
    int empty = 0;
    int firstEmpty = -1;
    for (int i = 0; i < normalized.length; i++) {
      normalized[i] = normalize(Truncation.cut(normalized[i], maxLength));
      if (normalized[i].isEmpty() && empty++ == 0) {
        firstEmpty = i;
      }
    }
    if (empty > 0 && !allowEmpty) {
      throw invalid(version, InputRule.EMPTY, empty + " of " + normalized.length
          + " texts are empty or only whitespace (first at index " + firstEmpty + ")");
    }
    return new Checked(normalized,
        tooLong == 0 ? List.of() : List.of(InputAdjustment.of(INPUT, InputRule.LENGTH, tooLong)));
  }

  private static String normalize(String text) {
    return WHITESPACE.matcher(Normalizer.normalize(text, Normalizer.Form.NFC).strip()).replaceAll(" ");
  }

  private InvalidInputException invalid(String version, InputRule rule, String detail) {
    return new InvalidInputException(embedder, version, List.of(InputViolation.of(INPUT, rule, detail)));
  }

  /** "at index 3" or "3 values, first at index 3", as the validation link words it. */
  private static String occurrences(int count, int first) {
    return count == 1 ? "at index " + first : count + " values, first at index " + first;
  }
}
