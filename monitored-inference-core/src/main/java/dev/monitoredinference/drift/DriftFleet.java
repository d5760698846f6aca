package dev.monitoredinference.drift;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  /**
   * Which replicas' data differ from their peers', and on which features: every pair of replicas'
   * windows is tested as a model's monitor tests a window against its baseline (the first of the
   * pair frozen as the baseline), and a replica is an outlier on a feature when its window drifted
   * against more than half of the other replicas. A majority is needed, so it takes at least 3
   * replicas to single one out; with a shifted replica among 3, the other two drift against 1 of
   * 2 peers and are not named. (Testing each replica against the merge of the others would name
   * them too: the merge holds the outlier's data.)
   *
   * @param windows serialized windows ({@link DriftMonitor#windowBytes()}) by replica name
   * @return for each replica, in the map's iteration order, the features on which it is an
   *     outlier (empty when it is in line)
   * @throws IllegalArgumentException if fewer than 3 windows are given, or they are not
   *     serialized windows of the configured features
   */
  public static Map<String, List<String>> outliers(String model, DriftConfig config,
      Map<String, byte[]> windows) {
    requireNonNull(model, "model");
    requireNonNull(config, "config");
    if (requireNonNull(windows, "windows").size() < 3) {
      throw new IllegalArgumentException(
          "outliers need at least 3 replicas' windows, but got " + windows.size());
    }
    DriftSchema schema = new DriftSchema(config.specs);
    FeatureJudge judge = new FeatureJudge(config.bins, config.projectionShare);
    double level = FalseAlarmBudget.of(config).level(1);
    List<String> names = new ArrayList<>();
    List<Profile> profiles = new ArrayList<>();
    windows.forEach((name, bytes) -> {
      names.add(name);
      profiles.add(ProfileCodec.readWindow(bytes).alignedTo(schema));
    });
    int features = schema.features.size();
    int[][] drifts = new int[names.size()][features];
    for (int b = 0; b < names.size(); b++) {
      BaselineProvenance provenance = new BaselineProvenance(BaselineProvenance.Source.LOADED,
          "fleet", names.get(b), profiles.get(b).rows, Instant.EPOCH, true);
      FrozenBaseline baseline = new FrozenBaseline(schema, profiles.get(b), provenance,
          config.bins, config.maxCategories);
      for (int w = 0; w < names.size(); w++) {
        if (w == b) {
          continue;
        }
        List<FeatureDrift> scored = DriftEngine.score(schema, judge, baseline, profiles.get(w), level);
        for (int f = 0; f < features; f++) {
          if (scored.get(f).drifted()) {
            drifts[w][f]++;
          }
        }
      }
    }
    Map<String, List<String>> outliers = new LinkedHashMap<>();
    for (int r = 0; r < names.size(); r++) {
      List<String> differing = new ArrayList<>();
      for (int f = 0; f < features; f++) {
        if (2 * drifts[r][f] > names.size() - 1) {
          differing.add(schema.features.get(f).name());
        }
      }
      outliers.put(names.get(r), List.copyOf(differing));
    }
    return outliers;
  }
}
