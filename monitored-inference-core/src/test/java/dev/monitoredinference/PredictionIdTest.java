package dev.monitoredinference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every prediction has its own id, kept by copies, and says which arm answered it. */
class PredictionIdTest {
  @Test
  void ids_areUniqueAndShareTheProcessPrefix() {
    Set<String> ids = new HashSet<>();
    Set<String> prefixes = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = Prediction.builder(Fakes.RANKER_V7).build().id();
      ids.add(id);
      prefixes.add(id.substring(0, id.indexOf('-')));
      assertThat(id).matches("[0-9a-f]{12}-[0-9a-f]+");
    }
    assertThat(ids).hasSize(10_000);
    assertThat(prefixes).hasSize(1);
  }

  @Test
  void copies_keepTheIdAndVariant() {
    Prediction p = Prediction.builder(Fakes.RANKER_V7).build().servedBy(Variant.CANARY);

    Prediction copy = p.withAttribute(String.class, "note").withAdjustments(java.util.List.of());

    assertThat(copy.id()).isEqualTo(p.id()).isSameAs(copy.id());
    assertThat(copy.variant()).isEqualTo(Variant.CANARY);
  }

  @Test
  void aModelWithoutATrial_answersAsControl() {
    try (MonitoredModel model = MonitoredModel.builder("ranker").runtime(Fakes.summingRanker()).build()) {
      Prediction p = model.predict(Fakes.ONE_ROW);

      assertThat(p.variant()).isEqualTo(Variant.CONTROL);
      assertThat(model.predict(Fakes.ONE_ROW).id()).isNotEqualTo(p.id());
    }
  }
}
