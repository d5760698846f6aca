package dev.monitoredinference;

import dev.monitoredinference.internal.call.Stage;
import java.util.List;

/** The stage of each link of a model's serving chain, outermost first: how tests see the order. */
public final class ChainStages {
  private ChainStages() {}

  public static List<Stage> of(MonitoredModel model) {
    return model.state().traffic().baseline().stages();
  }
}
