package dev.monitoredinference.drift;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The fleet view: merges the serialized windows of several replicas ({@link
 * DriftMonitor#windowBytes()}) and scores the merged sketches against a baseline. The fleet score
 * is the score of the merged sketches, never an average of replica scores (PSI and KS do not
 * average).
 *
 * <pre>{@code
 * byte[] fleet = DriftFleet.merge(List.of(replicaA, replicaB, replicaC));
 * DriftReport report = DriftFleet.score("ranker", config, baselineBytes, List.of(fleet));
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class DriftFleet {
  private DriftFleet() {}

  /**
   * The windows merged into one serialized window, features in the first window's order.
   *
   * @throws IllegalArgumentException if {@code windows} is empty, a window is not a serialized
   *     window, or the windows' features (names, kinds) or KLL k differ
   */
  public static byte[] merge(List<byte[]> windows) {
    requireNonNull(windows, "windows");
    if (windows.isEmpty()) {
      throw new IllegalArgumentException("windows must not be empty");
    }
    ProfileCodec.Decoded first = ProfileCodec.readWindow(windows.get(0));
    for (int i = 1; i < windows.size(); i++) {
      ProfileCodec.Decoded next = ProfileCodec.readWindow(windows.get(i));
      if (!next.names().equals(first.names()) || !next.kinds().equals(first.kinds())
          || next.k() != first.k()) {
        throw new IllegalArgumentException("window " + i + " has features " + next.names()
            + " at k " + next.k() + ", but window 0 has " + first.names() + " at k " + first.k());
      }
      first.profile().merge(next.profile());
    }
    return ProfileCodec.writeWindow(first.names(), first.kinds(), first.profile(), first.k());
  }

  /**
   * Scores the merge of {@code windows} against {@code baseline} as a model's monitor would,
   * with {@code config}'s features, bins and test levels.
   *
   * @throws IllegalArgumentException if {@code windows} is empty, the bytes are not a baseline
   *     and windows, or they lack a configured feature
   */
  public static DriftReport score(String model, DriftConfig config, byte[] baseline,
      List<byte[]> windows) {
    requireNonNull(model, "model");
    requireNonNull(config, "config");
    DriftSchema schema = new DriftSchema(config.specs);
    ProfileCodec.Decoded base = ProfileCodec.readBaseline(requireNonNull(baseline, "baseline"));
    FrozenBaseline frozen = new FrozenBaseline(schema, base.alignedTo(schema),
        requireNonNull(base.provenance()), config.bins, config.maxCategories);
    Profile window = ProfileCodec.readWindow(merge(windows)).alignedTo(schema);
    // One look, at the level a monitor's first look of the day gets.
    List<FeatureDrift> features = DriftEngine.score(schema,
        new FeatureJudge(config.bins, config.projectionShare), frozen, window,
        FalseAlarmBudget.of(config).level(1));
    return new DriftReport(DriftReport.Status.SCORED, model, frozen.provenance.modelVersion(),
        features, frozen.provenance, window.rows, null);
  }
}
