package dev.monitoredinference.drift;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DriftSheddingTest {
  private final DriftShedding shedding = new DriftShedding();

  @Test
  void atFirst_everySampledCallIsAdmittedAndNoneShed() {
    for (int i = 0; i < 1000; i++) {
      assertThat(shedding.admit()).isTrue();
    }

    assertThat(shedding.admitted()).isEqualTo(1.0);
    assertThat(shedding.shed()).isZero();
  }

  @Test
  void saturatedAndOverBudget_admitsTheShareThatMeetsTheBudget_andCountsTheShedCalls() {
    // the machine saturated, the drift thread at 8 % of it, its queue overflowing
    shedding.adjust(4 * DriftShedding.BUDGET, 0.95, true);

    assertThat(shedding.admitted()).isEqualTo(0.25);
    assertThat(shedding.admit(0.2)).isTrue();
    assertThat(shedding.admit(0.25)).isFalse();
    assertThat(shedding.admit(0.9)).isFalse();
    assertThat(shedding.shed()).isEqualTo(2);
  }

  @Test
  void saturatedAndOverBudget_withoutAnOverflow_admitsEveryCallStill() {
    shedding.adjust(4 * DriftShedding.BUDGET, 0.95, false);

    assertThat(shedding.admitted()).isEqualTo(1.0);
    assertThat(shedding.admit(0.9)).isTrue();
    assertThat(shedding.shed()).isZero();
  }

  @Test
  void saturatedAndOverBudget_withoutAnOverflow_holdsALoweredShare() {
    shedding.adjust(4 * DriftShedding.BUDGET, 0.95, true);

    shedding.adjust(4 * DriftShedding.BUDGET, 0.95, false);

    assertThat(shedding.admitted()).isEqualTo(0.25);
  }

  @Test
  void saturatedWithinBudget_keepsTheShare() {
    shedding.adjust(4 * DriftShedding.BUDGET, 0.95, true);

    shedding.adjust(0.75 * DriftShedding.BUDGET, 1.0, true);

    assertThat(shedding.admitted()).isEqualTo(0.25);
  }

  @Test
  void saturatedFarBelowBudget_doublesTheShare() {
    shedding.adjust(4 * DriftShedding.BUDGET, 0.95, true);

    shedding.adjust(0.25 * DriftShedding.BUDGET, 1.0, true);

    assertThat(shedding.admitted()).isEqualTo(0.5);
  }

  @Test
  void idleCpuAgain_doublesTheShareBackToEveryCall() {
    shedding.adjust(4 * DriftShedding.BUDGET, 0.95, true);

    shedding.adjust(4 * DriftShedding.BUDGET, 0.5, true);
    assertThat(shedding.admitted()).isEqualTo(0.5);
    shedding.adjust(4 * DriftShedding.BUDGET, 0.5, true);
    assertThat(shedding.admitted()).isEqualTo(1.0);
    shedding.adjust(4 * DriftShedding.BUDGET, 0.5, true);
    assertThat(shedding.admitted()).isEqualTo(1.0);
  }

  @Test
  void anUnknownMachineLoad_countsAsNotSaturated() {
    shedding.adjust(0.5, -1, true);

    assertThat(shedding.admitted()).isEqualTo(1.0);
  }

  @Test
  void howeverBusy_atLeastOneSampledCallInAHundredIsAdmitted() {
    shedding.adjust(0.5, 1.0, true); // 25 times the budget: 1 / 25 admitted
    shedding.adjust(0.5, 1.0, true); // still 25 times: 1 / 625, below the floor

    assertThat(shedding.admitted()).isEqualTo(DriftShedding.MIN_ADMITTED);
  }
}
