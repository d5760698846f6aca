package dev.monitoredinference.internal.versioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.versioning.RollbackGuardConfig;
import org.junit.jupiter.api.Test;

/** The guard's verdicts on synthetic windows of four candidate calls. */
class RollbackGuardTest {
  private final RollbackGuard guard = new RollbackGuard(RollbackGuardConfig.ofDefaults()
      .minCalls(4).maxErrorRatio(0.25).maxLatencyRatio(2).maxDivergence(0.1), null);

  private void baseline(long... nanos) {
    for (long n : nanos) {
      guard.baselineCall(n);
    }
  }

  @Test
  void aWindowWithinBounds_hasNoVerdict_andTheNextWindowStartsAfresh() {
    baseline(1_000_000, 1_000_000, 1_000_000, 1_000_000);
    assertThat(guard.candidateCall(1_000_000, true)).isNull(); // 1 error in 4: at the bound
    assertThat(guard.candidateCall(2_000_000, false)).isNull();
    assertThat(guard.candidateCall(1_000_000, false)).isNull();
    assertThat(guard.candidateCall(1_000_000, false)).isNull();

    guard.candidateCall(1_000_000, true);
    guard.candidateCall(1_000_000, false);
    guard.candidateCall(1_000_000, false);
    assertThat(guard.candidateCall(1_000_000, false)).isNull();
  }

  @Test
  void tooManyErrors_endTheCandidate() {
    guard.candidateCall(1, true);
    guard.candidateCall(1, true);
    guard.candidateCall(1, false);

    assertThat(guard.candidateCall(1, false)).isEqualTo("error ratio 0.500 > 0.25 over 4 calls");
  }

  @Test
  void aP99AboveTheRatioTimesTheBaselines_endsTheCandidate() {
    baseline(1_000_000, 1_000_000, 1_500_000, 1_000_000);
    guard.candidateCall(1_000_000, false);
    guard.candidateCall(1_000_000, false);
    guard.candidateCall(3_100_000, false);

    assertThat(guard.candidateCall(1_000_000, false))
        .isEqualTo("p99 latency 3.100 ms > 2.0 × the baseline's 1.500 ms over 4 calls");
  }

  @Test
  void meanDivergenceAboveTheBound_endsTheCandidate_andNaNIsNotCounted() {
    guard.divergence(0.3);
    guard.divergence(0.0);
    guard.divergence(Double.NaN);
    for (int i = 0; i < 3; i++) {
      guard.candidateCall(1, false);
    }

    assertThat(guard.candidateCall(1, false))
        .isEqualTo("mean divergence 0.1500 > 0.1 over 2 compared calls");
  }
}
