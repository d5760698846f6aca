/**
 * Capacity forecasts: Holt–Winters exponential smoothing of a metric's history (p95 latency,
 * throughput, memory) with a prediction band, the time until it crosses a limit, and a backtest
 * of its error. Written here because no maintained Java forecasting library is on Maven Central.
 */
@NullMarked
package dev.monitoredinference.forecast;

import org.jspecify.annotations.NullMarked;
