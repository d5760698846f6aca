package dev.monitoredinference.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.abuse.AbuseSimulation.Actor;
import dev.monitoredinference.abuse.AbuseSimulation.Role;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The detection table of the security guide, from one seeded {@link AbuseSimulation} with the
 * default configuration: every attacker is caught within a stated number of its queries, no
 * benign caller is flagged. Exact counts: the run is deterministic.
 */
class DetectionQualityTest {
  private static AbuseSimulation simulation;

  @BeforeAll
  static void simulate() {
    simulation = new AbuseSimulation(AbuseConfig.ofDefaults(), 2026).run();
    for (Role role : Role.values()) {
      System.out.println(summary(role));
    }
  }

  @Test
  void benignCallers_areNotFlagged() {
    assertThat(actors(Role.BENIGN)).hasSize(1_000);
    assertThat(actors(Role.BENIGN).stream().mapToLong(a -> a.calls).sum()).isEqualTo(113_081);
    assertThat(simulation.benignFlags).isEmpty();
  }

  @Test
  void rankerSweeps_areCaughtWithin64Queries() {
    // A grid's steps are too regular (PRADA's test) from its 41st query on, or every query is new.
    assertThat(detected(Role.GRID_SWEEP)).hasSize(25);
    assertThat(kinds(Role.GRID_SWEEP))
        .isEqualTo(Map.of(AbuseKind.PROBING, 15L, AbuseKind.SUSPECTED_EXTRACTION, 10L));
    assertThat(maxQueries(Role.GRID_SWEEP)).isEqualTo(64);
    assertThat(detected(Role.RANDOM_SWEEP)).hasSize(25);
    assertThat(kinds(Role.RANDOM_SWEEP)).isEqualTo(Map.of(AbuseKind.SUSPECTED_EXTRACTION, 25L));
    assertThat(maxQueries(Role.RANDOM_SWEEP)).isEqualTo(64);
  }

  @Test
  void embedderExtraction_isCaughtAtIts64thQuery() {
    assertThat(detected(Role.TOKEN_SOUP)).hasSize(25);
    assertThat(detected(Role.WORD_SWEEP)).hasSize(25);
    assertThat(kinds(Role.TOKEN_SOUP)).isEqualTo(Map.of(AbuseKind.SUSPECTED_EXTRACTION, 25L));
    assertThat(kinds(Role.WORD_SWEEP)).isEqualTo(Map.of(AbuseKind.SUSPECTED_EXTRACTION, 25L));
    assertThat(maxQueries(Role.TOKEN_SOUP)).isEqualTo(64);
    assertThat(maxQueries(Role.WORD_SWEEP)).isEqualTo(64);
  }

  @Test
  void floods_areCaughtAtTheRateLimit() {
    // 20 calls a second against 600 a minute: flagged at the 601st call.
    assertThat(detected(Role.FLOOD)).hasSize(50);
    assertThat(kinds(Role.FLOOD)).isEqualTo(Map.of(AbuseKind.FLOODING, 50L));
    assertThat(maxQueries(Role.FLOOD)).isEqualTo(601);
  }

  /**
   * How close the defaults are to flagging people: at 90 % novelty 5 benign callers (0.5 %) would be
   * flagged, at W below 0.6 one; the defaults (97 %, 0.5) flag none.
   */
  @Test
  void theMarginOfTheDefaults_isStated() {
    AbuseSimulation novelty90 = new AbuseSimulation(AbuseConfig.ofDefaults().extractionNovelty(0.9), 2026).run();
    assertThat(novelty90.benignFlags).isEqualTo(Map.of(AbuseKind.SUSPECTED_EXTRACTION, 5));
    AbuseSimulation sweep60 = new AbuseSimulation(AbuseConfig.ofDefaults().sweepThreshold(0.6), 2026).run();
    assertThat(sweep60.benignFlags).isEqualTo(Map.of(AbuseKind.PROBING, 1));
  }

  static String summary(Role role) {
    List<Actor> actors = actors(role);
    int[] queries = detected(role).stream().mapToInt(a -> (int) a.first.calls()).sorted().toArray();
    long calls = actors.stream().mapToLong(a -> a.calls).sum();
    return String.format("%-13s callers %4d calls %7d flagged %4d kinds %s queries-to-detection median %s max %s",
        role, actors.size(), calls, detected(role).size(), kinds(role),
        queries.length == 0 ? "-" : queries[queries.length / 2],
        queries.length == 0 ? "-" : queries[queries.length - 1]);
  }

  private static List<Actor> actors(Role role) {
    return simulation.actors.stream().filter(a -> a.role == role).collect(Collectors.toList());
  }

  private static List<Actor> detected(Role role) {
    return actors(role).stream().filter(a -> a.first != null).collect(Collectors.toList());
  }

  private static Map<AbuseKind, Long> kinds(Role role) {
    return detected(role).stream().collect(Collectors.groupingBy(a -> a.first.kind(),
        () -> new EnumMap<>(AbuseKind.class), Collectors.counting()));
  }

  private static long maxQueries(Role role) {
    return detected(role).stream().mapToLong(a -> a.first.calls()).max().orElse(-1);
  }
}
