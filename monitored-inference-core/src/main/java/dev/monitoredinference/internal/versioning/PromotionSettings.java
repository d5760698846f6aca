package dev.monitoredinference.internal.versioning;

import dev.monitoredinference.anomaly.AnomalySignal;
import dev.monitoredinference.outcomes.OutcomeTracker;
import dev.monitoredinference.versioning.PromotionWatchConfig;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the builder decided for watching promotions: the config, the model's outcome tracker (its
 * figures and ticker) and what its anomaly detector finds anomalous now.
 */
public record PromotionSettings(
    PromotionWatchConfig config,
    OutcomeTracker outcomes,
    Supplier<Set<AnomalySignal>> anomalies) {}
