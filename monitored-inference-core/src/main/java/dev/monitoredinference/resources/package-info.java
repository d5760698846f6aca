/**
 * Resource telemetry: process memory (resident and heap) and GPU readings, the native memory a
 * model version took at load, and a {@link dev.monitoredinference.resources.MemoryHeadroom} health
 * check. {@link dev.monitoredinference.resources.ResourceMetrics} binds the process and GPU meters
 * once per registry; {@code MonitoredModelBuilder.resources(ResourceConfig)} measures each
 * version's load and adds the headroom check to the model's health.
 */
@NullMarked
package dev.monitoredinference.resources;

import org.jspecify.annotations.NullMarked;
