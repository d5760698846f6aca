package dev.monitoredinference.health;

/** How well a model serves, best first; combining statuses keeps the worst. */
public enum HealthState {
  /** Serving as configured. */
  UP,
  /** Serving, but worse than configured: on the CPU instead of the GPU, answering by fallback. */
  DEGRADED,
  /** Not serving: closed, or refusing calls after runtime failures. */
  DOWN
}
