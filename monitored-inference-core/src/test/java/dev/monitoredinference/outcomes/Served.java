package dev.monitoredinference.outcomes;

import dev.monitoredinference.Fakes;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.Prediction;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Test fixtures: predictions of a version without a model, and a ticker tests move by hand. */
final class Served {
  private Served() {}

  /** A new prediction (new id) of {@code version}, served as control. */
  static Prediction prediction(String version) {
    ModelVersion v = ModelVersion.builder("ranker", version)
        .digest(Fakes.RANKER_V7.digest())
        .build();
    return Prediction.builder(v).build();
  }

  /** A nanosecond ticker that moves only when told. */
  static final class FakeTicker extends AtomicLong {
    FakeTicker advance(Duration by) {
      addAndGet(by.toNanos());
      return this;
    }
  }
}
