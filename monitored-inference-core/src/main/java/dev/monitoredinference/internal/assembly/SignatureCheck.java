package dev.monitoredinference.internal.assembly;

import dev.monitoredinference.internal.Shapes;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.InputRule;
import dev.monitoredinference.InputViolation;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.InvalidInputException;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.TensorSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Always the last built-in before the runtime interceptors: checks the inputs against the
 * version's declared signature (missing, unknown, dtype, rank and fixed dimensions) so that
 * nothing malformed reaches the runtime. Allocates nothing when the inputs are valid.
 */
public final class SignatureCheck implements InferenceInterceptor {
  static final SignatureCheck INSTANCE = new SignatureCheck();

  private SignatureCheck() {}

  @Override
  public Prediction intercept(Chain chain) {
    Inputs inputs = chain.inputs();
    ModelVersion version = chain.version();
    @Nullable List<InputViolation> violations = null;
    for (TensorSpec spec : version.inputs()) {
      InputViolation violation = check(spec, inputs.find(spec.name()));
      if (violation != null) {
        violations = add(violations, violation);
      }
    }
    for (int i = 0; i < inputs.size(); i++) {
      if (!declares(version, inputs.name(i))) {
        violations =
            add(
                violations,
                InputViolation.of(
                    inputs.name(i),
                    InputRule.UNKNOWN,
                    "the model declares only " + declaredNames(version)));
      }
    }
    if (violations != null) {
      throw new InvalidInputException(chain.modelName(), version.version(), violations);
    }
    return chain.proceed(inputs);
  }

  private static @Nullable InputViolation check(TensorSpec spec, @Nullable Tensor tensor) {
    if (tensor == null) {
      return InputViolation.of(spec.name(), InputRule.MISSING, "expected " + spec);
    }
    if (tensor.type() != spec.type()) {
      return InputViolation.of(
          spec.name(), InputRule.DTYPE, "expected " + spec.type() + ", got " + tensor.type());
    }
    if (!fits(spec, tensor)) {
      return InputViolation.of(
          spec.name(),
          InputRule.SHAPE,
          "expected " + spec + ", got " + Arrays.toString(tensor.shape()));
    }
    return null;
  }

  private static boolean fits(TensorSpec declared, Tensor tensor) {
    if (declared.rank() != tensor.rank()) {
      return false;
    }
    for (int axis = 0; axis < declared.rank(); axis++) {
      long size = declared.dimension(axis);
      if (size != TensorSpec.FREE && size != tensor.dimension(axis)) {
        return false;
      }
    }
    return true;
  }

  private static boolean declares(ModelVersion version, String name) {
    for (TensorSpec spec : version.inputs()) {
      if (spec.name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> declaredNames(ModelVersion version) {
    List<String> names = new ArrayList<>();
    version.inputs().forEach(spec -> names.add(spec.name()));
    return names;
  }

  private static List<InputViolation> add(
      @Nullable List<InputViolation> violations, InputViolation next) {
    List<InputViolation> list = violations == null ? new ArrayList<>() : violations;
    list.add(next);
    return list;
  }
}
