/**
 * Health: {@link dev.monitoredinference.health.HealthStatus} per model, the {@link
 * dev.monitoredinference.health.HealthContributor} hook features report through, and the
 * process-wide {@link dev.monitoredinference.health.ModelHealthRegistry} for readiness probes.
 */
@NullMarked
package dev.monitoredinference.health;

import org.jspecify.annotations.NullMarked;
