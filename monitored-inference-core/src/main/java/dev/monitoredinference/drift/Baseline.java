package dev.monitoredinference.drift;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Where a drift baseline comes from: captured from the first calls a model version serves, or
 * loaded from the bytes of {@link DriftMonitor#baselineBytes()} shipped next to the model.
 *
 * <pre>{@code
 * Baseline.capture(10_000)            // each new model digest captures its own
 * Baseline.capture(10_000).pinned()   // the first capture serves every later version
 * Baseline.from(Path.of("ranker.drift-baseline"))   // loaded baselines serve every version
 * }</pre>
 *
 * <p>Immutable.
 */
public final class Baseline {
  private final long captureSamples;
  private final byte @Nullable [] bytes;
  private final boolean pinned;

  private Baseline(long captureSamples, byte @Nullable [] bytes, boolean pinned) {
    this.captureSamples = captureSamples;
    this.bytes = bytes;
    this.pinned = pinned;
  }

  /**
   * Captures the baseline of each model version (keyed by its digest) from its first {@code
   * samples} rows.
   *
   * @throws IllegalArgumentException if {@code samples < 100}
   */
  public static Baseline capture(long samples) {
    if (samples < 100) {
      throw new IllegalArgumentException("baseline samples must be >= 100, but was " + samples);
    }
    return new Baseline(samples, null, false);
  }

  /**
   * A baseline serialized by {@link DriftMonitor#baselineBytes()} (copied); it serves every
   * version. Its features are checked against the configuration when the model is built.
   *
   * @throws IllegalArgumentException if {@code bytes} is not a serialized baseline
   */
  public static Baseline from(byte[] bytes) {
    byte[] copy = requireNonNull(bytes, "bytes").clone();
    ProfileCodec.readBaseline(copy); // fail fast on bad bytes
    return new Baseline(0, copy, true);
  }

  /**
   * A baseline read from {@code path}, as {@link #from(byte[])}.
   *
   * @throws UncheckedIOException if the file cannot be read
   * @throws IllegalArgumentException if it does not hold a serialized baseline
   */
  public static Baseline from(Path path) {
    requireNonNull(path, "path");
    try {
      return from(Files.readAllBytes(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the drift baseline " + path, e);
    }
  }

  /**
   * This baseline, pinned: once captured, later model versions are judged against it instead of
   * capturing their own, so a redeploy does not silently re-baseline.
   */
  public Baseline pinned() {
    return new Baseline(captureSamples, bytes, true);
  }

  /** Whether the baseline serves later versions too. */
  public boolean isPinned() {
    return pinned;
  }

  /** The rows captured per version; 0 for a loaded baseline. */
  public long captureSamples() {
    return captureSamples;
  }

  byte @Nullable [] bytes() {
    return bytes;
  }

  @Override
  public String toString() {
    return (bytes != null ? "loaded (" + bytes.length + " bytes)" : "capture " + captureSamples)
        + (pinned ? ", pinned" : "");
  }
}
