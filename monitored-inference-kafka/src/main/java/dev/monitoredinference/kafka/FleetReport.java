package dev.monitoredinference.kafka;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.drift.DriftReport;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The fleet's drift for one model version, from the latest window of each replica that reported
 * recently: the merged windows scored against a replica's shipped baseline (the fleet drift), and
 * the replicas whose data differ from most of their peers (outliers, from 3 replicas on).
 * Immutable.
 */
public final class FleetReport {
  private final String model;
  private final String version;
  private final List<String> replicas;
  private final @Nullable DriftReport fleet;
  private final Map<String, List<String>> outliers;

  FleetReport(String model, String version, List<String> replicas, @Nullable DriftReport fleet,
      Map<String, List<String>> outliers) {
    this.model = requireNonNull(model, "model");
    this.version = requireNonNull(version, "version");
    this.replicas = List.copyOf(replicas);
    this.fleet = fleet;
    this.outliers = Map.copyOf(outliers);
  }

  /** The model's name. */
  public String model() {
    return model;
  }

  /** The model version the windows hold. */
  public String version() {
    return version;
  }

  /** The replicas whose windows were merged, sorted. */
  public List<String> replicas() {
    return replicas;
  }

  /** The merged windows scored against the baseline; empty until a baseline arrived. */
  public Optional<DriftReport> fleet() {
    return Optional.ofNullable(fleet);
  }

  /**
   * The replicas that are outliers, each with the features on which its window drifted against
   * most other replicas; empty with fewer than 3 replicas or when all are alike.
   */
  public Map<String, List<String>> outliers() {
    return outliers;
  }

  @Override
  public String toString() {
    return "FleetReport[" + model + " " + version + ", replicas " + replicas + ", drifted "
        + (fleet == null ? "?" : fleet.drifted()) + ", outliers " + outliers + "]";
  }
}
