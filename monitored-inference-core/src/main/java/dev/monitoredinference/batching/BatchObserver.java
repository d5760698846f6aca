package dev.monitoredinference.batching;

/**
 * Told about batches as they run, e.g. to record metrics. Called on the callers' threads; must be
 * cheap and must not throw (the micro-batcher guards against it anyway).
 */
public interface BatchObserver {
  /** Observes nothing. */
  BatchObserver NONE = new BatchObserver() {};

  /** An item waited {@code nanos} between being queued and its batch starting. */
  default void queued(long nanos) {}

  /** A batch of {@code items} starts running. */
  default void batch(int items) {}

  /** A run padded its sequences: {@code padding} of {@code slots} token slots were padding. */
  default void padding(long padding, long slots) {}
}
