package dev.monitoredinference.internal.versioning;

import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.outcomes.OutcomeTracker;
import dev.monitoredinference.versioning.ComparisonConfig;
import dev.monitoredinference.versioning.RollbackGuardConfig;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * What the builder decided for canary and shadow trials: how they compare versions, the rollback
 * guard if any, who hears about each (baseline, candidate) pair, and the model's outcome tracker
 * (for the guard's quality criterion).
 */
public record TrialSettings(
    ComparisonConfig comparison,
    @Nullable RollbackGuardConfig guard,
    BiFunction<ModelVersion, ModelVersion, TrialObserver> observers,
    OutcomeTracker outcomes) {}
