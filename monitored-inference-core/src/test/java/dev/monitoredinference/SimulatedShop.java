package dev.monitoredinference;

import dev.monitoredinference.outcomes.Outcome;
import dev.monitoredinference.outcomes.OutcomeTracker;
import dev.monitoredinference.outcomes.SimulatedUsers;
import java.util.List;
import java.util.Map;

/**
 * Searches through a real model: each call's prediction is served as a list of 10 items to a
 * seeded simulated user of the version that answered (a position-biased clicker, {@link
 * SimulatedUsers}), whose click, if any, is recorded.
 */
final class SimulatedShop {
  static final Inputs QUERY = Inputs.of("features", new float[][] {{1f, 2f}});
  static final List<String> ITEMS =
      List.of("sku-1", "sku-2", "sku-3", "sku-4", "sku-5", "sku-6", "sku-7", "sku-8", "sku-9", "sku-10");

  private final MonitoredModel model;
  private final Map<String, SimulatedUsers> usersByVersion;

  SimulatedShop(MonitoredModel model, Map<String, SimulatedUsers> usersByVersion) {
    this.model = model;
    this.usersByVersion = usersByVersion;
  }

  /** One search: predict, serve, and record the user's click. */
  Prediction search() {
    OutcomeTracker outcomes = model.outcomes();
    Prediction p = model.predict(QUERY);
    outcomes.served(p, ITEMS);
    int click = usersByVersion.get(p.version().version()).firstClick();
    if (click >= 0) {
      outcomes.record(p.id(), ITEMS.get(click), Outcome.CLICK);
    }
    return p;
  }

  /** Searches until {@code done} holds (checked after each) or {@code max} were made. */
  int searchUntil(java.util.function.BooleanSupplier done, int max) {
    for (int made = 1; made <= max; made++) {
      search();
      if (done.getAsBoolean()) {
        return made;
      }
    }
    return max;
  }
}
