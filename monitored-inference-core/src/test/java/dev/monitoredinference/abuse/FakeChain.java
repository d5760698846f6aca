package dev.monitoredinference.abuse;

import dev.monitoredinference.CallerId;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.InputRule;
import dev.monitoredinference.InputViolation;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.InvalidInputException;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.runtime.RunControl;
import java.util.List;

/** One call through a link, answered at once or rejected as invalid: for driving simulations fast. */
final class FakeChain implements InferenceInterceptor.Chain {
  static final ModelVersion VERSION = ModelVersion.builder("sim", "1").build();
  private static final Prediction ANSWER = Prediction.builder(VERSION).build();

  private final Inputs inputs;
  private final RunControl control;
  private final boolean invalid;

  private FakeChain(Inputs inputs, CallerId caller, boolean invalid) {
    this.inputs = inputs;
    this.control = RunControl.none(caller);
    this.invalid = invalid;
  }

  /** Calls {@code link} once for {@code caller}; false if the link refused the call. */
  static boolean call(InferenceInterceptor link, Inputs inputs, CallerId caller, boolean invalid) {
    try {
      link.intercept(new FakeChain(inputs, caller, invalid));
      return true;
    } catch (CallerRefusedException refused) {
      return false;
    } catch (InvalidInputException rejected) {
      return true;
    }
  }

  @Override
  public String modelName() {
    return "sim";
  }

  @Override
  public String operation() {
    return "predict";
  }

  @Override
  public ModelVersion version() {
    return VERSION;
  }

  @Override
  public RunControl control() {
    return control;
  }

  @Override
  public Inputs inputs() {
    return inputs;
  }

  @Override
  public Prediction proceed(Inputs next) {
    if (invalid) {
      throw new InvalidInputException("sim", "1",
          List.of(InputViolation.of("features", InputRule.NAN, "NaN at [0]")));
    }
    return ANSWER;
  }
}
