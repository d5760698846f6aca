/**
 * Business outcomes per model version: what the application showed ({@link
 * dev.monitoredinference.outcomes.OutcomeTracker#served}), what users did with it ({@link
 * dev.monitoredinference.outcomes.OutcomeTracker#record}), ranking quality per version and variant
 * over sliding windows ({@link dev.monitoredinference.outcomes.OutcomeReport}) and a sequential
 * test between two versions ({@link dev.monitoredinference.outcomes.QualityVerdict}).
 */
@NullMarked
package dev.monitoredinference.outcomes;

import org.jspecify.annotations.NullMarked;
