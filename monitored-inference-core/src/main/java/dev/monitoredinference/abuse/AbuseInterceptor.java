package dev.monitoredinference.abuse;

import dev.monitoredinference.CallerId;
import dev.monitoredinference.ElementType;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.InvalidInputException;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Tensor;
import java.nio.FloatBuffer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The chain link of abuse detection. Per call with a caller, on the caller's thread: one table
 * look-up, the rate count, the flag check when enforcing, and, once the call was served, a copy
 * of the query handed to the detector's thread (a row of at most 64 floats, or the list of
 * texts). Calls without a caller pass straight through. A call refused by enforcement never
 * reaches admission or the runtime.
 */
final class AbuseInterceptor implements InferenceInterceptor {
  /** Where a served query goes: the detector's queue. */
  @FunctionalInterface
  interface Sink {
    void accept(CallerState state, Object query, long nanos);
  }

  private final String modelName;
  private final AbuseEngine engine;
  private final Enforcement enforcement;
  private final LongSupplier ticker;
  private final Sink sink;
  private final Function<Inputs, @Nullable Object> query;

  AbuseInterceptor(String modelName, AbuseEngine engine, AbuseConfig config, Sink sink,
      Function<Inputs, @Nullable Object> query) {
    this.modelName = modelName;
    this.engine = engine;
    this.enforcement = config.enforcement;
    this.ticker = config.ticker;
    this.sink = sink;
    this.query = query;
  }

  @Override
  public Prediction intercept(Chain chain) {
    CallerId caller = chain.control().caller();
    if (caller.isAnonymous()) {
      return chain.proceed(chain.inputs());
    }
    long now = ticker.getAsLong();
    CallerState state = engine.state(caller, now);
    AbuseKind refusedFor = engine.admit(state, now);
    if (refusedFor != null) {
      throw new CallerRefusedException(modelName, caller, refusedFor, enforcement);
    }
    Prediction prediction;
    try {
      prediction = chain.proceed(chain.inputs());
    } catch (InvalidInputException e) {
      engine.rejected(state, now);
      throw e;
    }
    Object served = query.apply(chain.inputs());
    if (served != null) {
      sink.accept(state, served, now);
    }
    return prediction;
  }

  /** A copy of the first row (last dimension, at most 64 values) of the first float tensor. */
  static float @Nullable [] firstFloatRow(Inputs inputs) {
    for (int i = 0; i < inputs.size(); i++) {
      Tensor tensor = inputs.tensor(i);
      if (tensor.type() != ElementType.FLOAT || tensor.size() == 0) {
        continue;
      }
      long[] shape = tensor.shape();
      int row = shape.length == 0 ? 1 : (int) Math.min(shape[shape.length - 1], Fingerprints.MAX_NUMBERS);
      float[] copy = new float[Math.min(row, tensor.size())];
      if (tensor.isDirect()) {
        ((FloatBuffer) tensor.buffer()).get(copy); // a view of the caller's buffer
      } else {
        System.arraycopy(tensor.floatArray(), 0, copy, 0, copy.length); // the tensor's own array
      }
      return copy;
    }
    return null;
  }
}
