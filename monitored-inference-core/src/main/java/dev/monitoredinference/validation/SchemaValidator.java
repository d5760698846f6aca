package dev.monitoredinference.validation;

import dev.monitoredinference.ElementType;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.InputRule;
import dev.monitoredinference.InputViolation;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.InvalidInputException;
import dev.monitoredinference.InvalidOutputException;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.validation.InputSchema.InputRules;
import org.jspecify.annotations.Nullable;

/**
 * The validation link: size rules from shapes first (an oversized request is refused without
 * reading its data), then value rules, then — after the call — the output guard. Runs right after
 * the signature check, so every declared input is present with its declared type.
 */
final class SchemaValidator implements InferenceInterceptor {
  private final InputRules[] rules;
  private final int maxBatch;
  private final int maxSequenceLength;
  private final long maxElements;
  private final long maxBytes;
  private final boolean guardOutputs;

  SchemaValidator(
      InputRules[] rules,
      int maxBatch,
      int maxSequenceLength,
      long maxElements,
      long maxBytes,
      boolean guardOutputs) {
    this.rules = rules;
    this.maxBatch = maxBatch;
    this.maxSequenceLength = maxSequenceLength;
    this.maxElements = maxElements;
    this.maxBytes = maxBytes;
    this.guardOutputs = guardOutputs;
  }

  @Override
  public Prediction intercept(Chain chain) {
    Inputs inputs = chain.inputs();
    Findings findings = new Findings();
    checkSizes(inputs, findings);
    Inputs adjusted = inputs;
    if (!findings.hasViolations()) {
      for (InputRules input : rules) {
        Tensor tensor = inputs.find(input.name);
        if (tensor == null || !input.readsValues()) {
          continue;
        }
        Tensor replacement = checkValues(input, tensor, inputs, findings);
        if (replacement != null) {
          adjusted = adjusted.with(input.name, replacement);
        }
      }
    }
    if (findings.hasViolations()) {
      throw new InvalidInputException(chain.modelName(), chain.version().version(), findings.violations());
    }
    Prediction prediction = chain.proceed(adjusted);
    if (guardOutputs) {
      guard(chain, prediction);
    }
    return prediction.withAdjustments(findings.adjustments());
  }

  private void checkSizes(Inputs inputs, Findings findings) {
    long elements = 0;
    long bytes = 0;
    for (int i = 0; i < inputs.size(); i++) {
      Tensor tensor = inputs.tensor(i);
      String name = inputs.name(i);
      if (maxBatch > 0 && tensor.rank() >= 1 && tensor.dimension(0) > maxBatch) {
        findings.violation(name, InputRule.SIZE,
            "batch of " + tensor.dimension(0) + " rows, more than maxBatch " + maxBatch);
      }
      if (maxSequenceLength > 0 && tensor.rank() >= 2 && isInteger(tensor.type())
          && tensor.dimension(1) > maxSequenceLength) {
        findings.violation(name, InputRule.SIZE, "sequence of " + tensor.dimension(1)
            + " tokens, more than maxSequenceLength " + maxSequenceLength);
      }
      elements += tensor.size();
      if (maxBytes > 0) {
        bytes += byteSize(tensor);
      }
    }
    if (maxElements > 0 && elements > maxElements) {
      findings.violation(InputViolation.ALL_INPUTS, InputRule.SIZE,
          elements + " elements, more than maxElements " + maxElements);
    }
    if (maxBytes > 0 && bytes > maxBytes) {
      findings.violation(InputViolation.ALL_INPUTS, InputRule.SIZE, bytes + " bytes, more than maxBytes " + maxBytes);
    }
  }

  private static @Nullable Tensor checkValues(InputRules input, Tensor tensor, Inputs inputs, Findings findings) {
    switch (input.type) {
      case FLOAT:
      case DOUBLE:
        return ValueChecks.floating(input, tensor, findings);
      case INT32:
      case INT64:
        ValueChecks.integers(input, tensor, inputs, findings);
        return null;
      case STRING:
        return ValueChecks.text(input, tensor, findings);
      default:
        return null;
    }
  }

  private static void guard(Chain chain, Prediction prediction) {
    for (int i = 0; i < prediction.size(); i++) {
      Tensor output = prediction.output(prediction.name(i));
      if (output.type() != ElementType.FLOAT && output.type() != ElementType.DOUBLE) {
        continue;
      }
      int[] nonFinite = ValueChecks.nonFinite(output);
      if (nonFinite != null) {
        throw new InvalidOutputException(chain.modelName(), prediction.version().version(),
            prediction.name(i), nonFinite[0], nonFinite[1]);
      }
    }
  }

  private static boolean isInteger(ElementType type) {
    return type == ElementType.INT32 || type == ElementType.INT64;
  }

  private static long byteSize(Tensor tensor) {
    switch (tensor.type()) {
      case DOUBLE:
      case INT64:
        return 8L * tensor.size();
      case FLOAT:
      case INT32:
        return 4L * tensor.size();
      case BOOL:
        return tensor.size();
      default:
        long chars = 0;
        for (String text : tensor.stringArray()) {
          chars += text.length();
        }
        return 2 * chars;
    }
  }
}
