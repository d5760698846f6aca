package dev.monitoredinference.internal.assembly;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.InputRule;
import dev.monitoredinference.InputViolation;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.InvalidInputException;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.TensorSpec;
import dev.monitoredinference.internal.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The first of a version's links: checks the inputs against the version's declared signature
 * (missing, unknown, dtype, rank, fixed dimensions, one size for free dimensions the model names
 * alike) and, unless the schema allows them, refuses tensors with a dimension of 0, so that
 * nothing malformed reaches the runtime. An empty batch is refused because many graphs (ArgMax or
 * ReduceMax over the batch) fail or answer -Inf on one, and that would count against the model.
 * Allocates nothing when the inputs are valid.
 */
public final class SignatureCheck implements InferenceInterceptor {
  private static final SignatureCheck REFUSING_EMPTY = new SignatureCheck(false);
  private static final SignatureCheck ALLOWING_EMPTY = new SignatureCheck(true);

  private final boolean allowEmpty;

  private SignatureCheck(boolean allowEmpty) {
    this.allowEmpty = allowEmpty;
  }

  /** The check; tensors with a dimension of 0 pass only if {@code allowEmpty}. */
  public static SignatureCheck of(boolean allowEmpty) {
    return allowEmpty ? ALLOWING_EMPTY : REFUSING_EMPTY;
  }

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
    if (violations == null) {
      violations = checkNamedDimensions(version.inputs(), inputs); // needs every input in shape
    }
    if (violations != null) {
      throw new InvalidInputException(chain.modelName(), version.version(), violations);
    }
    return chain.proceed(inputs);
  }

  /**
   * Free dimensions the model names alike (ONNX {@code dim_param}, e.g. the batch of ids and mask)
   * must have one size: ONNX Runtime does not check this, and an op such as {@code Mul} then fails
   * as the model's error. Each later use of a name is compared with its first.
   */
  private static @Nullable List<InputViolation> checkNamedDimensions(List<TensorSpec> specs, Inputs inputs) {
    @Nullable List<InputViolation> violations = null;
    for (int i = 0; i < specs.size(); i++) {
      TensorSpec spec = specs.get(i);
      for (int axis = 0; axis < spec.rank(); axis++) {
        InputViolation violation = disagreement(specs, inputs, i, axis);
        if (violation != null) {
          violations = add(violations, violation);
          break; // one violation per input
        }
      }
    }
    return violations;
  }

  private static @Nullable InputViolation disagreement(
      List<TensorSpec> specs, Inputs inputs, int input, int axis) {
    String dimension = specs.get(input).dimensionName(axis);
    if (dimension.isEmpty()) {
      return null;
    }
    for (int i = 0; i <= input; i++) {
      TensorSpec first = specs.get(i);
      int end = i == input ? axis : first.rank();
      for (int firstAxis = 0; firstAxis < end; firstAxis++) {
        if (dimension.equals(first.dimensionName(firstAxis))) {
          // Both are present: the missing-input check ran first.
          long expected = requireNonNull(inputs.find(first.name())).dimension(firstAxis);
          long got = requireNonNull(inputs.find(specs.get(input).name())).dimension(axis);
          return got == expected ? null : InputViolation.of(specs.get(input).name(), InputRule.SHAPE,
              "dimension " + axis + " is " + got + ", but dimension " + firstAxis + " of '"
                  + first.name() + "' is " + expected + "; the model names both '" + dimension
                  + "', so they must be equal");
        }
      }
    }
    return null; // the first use of this name
  }

  private @Nullable InputViolation check(TensorSpec spec, @Nullable Tensor tensor) {
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
    if (tensor.size() == 0 && !allowEmpty) {
      return InputViolation.of(
          spec.name(),
          InputRule.EMPTY,
          "shape " + Arrays.toString(tensor.shape()) + " holds no elements (dimension "
              + firstEmptyAxis(tensor) + " is 0); InputSchema.allowEmptyTensors() lets empty"
              + " tensors through");
    }
    return null;
  }

  private static int firstEmptyAxis(Tensor tensor) {
    int axis = 0;
    while (tensor.dimension(axis) != 0) {
      axis++;
    }
    return axis;
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
