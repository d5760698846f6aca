/**
 * In-process anomaly detection with alert hooks: {@link
 * dev.monitoredinference.anomaly.AnomalyConfig} configures it, {@link
 * dev.monitoredinference.anomaly.AnomalyDetector} watches one model's latency, error ratio and
 * throughput per time window, and {@link dev.monitoredinference.anomaly.AlertListener}s hear each
 * {@link dev.monitoredinference.anomaly.Alert}.
 */
@NullMarked
package dev.monitoredinference.anomaly;

import org.jspecify.annotations.NullMarked;
