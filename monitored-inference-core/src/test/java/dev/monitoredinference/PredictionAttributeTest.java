package dev.monitoredinference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.cache.EmbeddingUsage;
import dev.monitoredinference.circuit.FallbackAnswer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The typed attribute slot of {@link Prediction}: per-call extras that are not outputs. */
class PredictionAttributeTest {
  private static final ModelVersion VERSION = ModelVersion.builder("ranker", "3")
      .input(TensorSpec.of("features", ElementType.FLOAT, TensorSpec.FREE, 2))
      .output(TensorSpec.of("score", ElementType.FLOAT, TensorSpec.FREE, 1))
      .build();

  private static Prediction plain() {
    return Prediction.builder(VERSION).put("score", Tensor.ofFloats(new float[] {0.5f}, 1, 1)).build();
  }

  @Test
  void attribute_isEmpty_untilAFeatureAttachesOne() {
    assertThat(plain().attribute(FallbackAnswer.class)).isEmpty();
    assertThat(plain().attribute(EmbeddingUsage.class)).isEmpty();
  }

  @Test
  void withAttribute_attachesOneValuePerType_andKeepsOutputsVersionAndAdjustments() {
    Prediction adjusted = plain().withAdjustments(List.of(InputAdjustment.of("features", InputRule.NAN, 2)));

    Prediction marked = adjusted
        .withAttribute(FallbackAnswer.class, FallbackAnswer.of(ErrorType.RUNTIME_ERROR))
        .withAttribute(EmbeddingUsage.class, EmbeddingUsage.of(CacheResult.MISS, 7))
        .withAttribute(FallbackAnswer.class, FallbackAnswer.of(ErrorType.CIRCUIT_OPEN));

    assertThat(marked.attribute(FallbackAnswer.class)).contains(FallbackAnswer.of(ErrorType.CIRCUIT_OPEN));
    assertThat(marked.attribute(EmbeddingUsage.class)).contains(EmbeddingUsage.of(CacheResult.MISS, 7));
    assertThat(marked.floatArray("score")).containsExactly(0.5f);
    assertThat(marked.version()).isSameAs(VERSION);
    assertThat(marked.adjustments()).singleElement().hasToString(
        "2 element(s) of input 'features' adjusted (nan)");
    assertThat(adjusted.attribute(FallbackAnswer.class)).as("the original is unchanged").isEmpty();
  }

  @Test
  void attributesSetOnTheBuilder_surviveLaterAdjustments() {
    Prediction built = Prediction.builder(VERSION)
        .attribute(EmbeddingUsage.class, EmbeddingUsage.of(CacheResult.HIT, 0))
        .build()
        .withAdjustments(List.of(InputAdjustment.of("text", InputRule.LENGTH, 1)));

    assertThat(built.size()).isZero();
    assertThat(built.attribute(EmbeddingUsage.class)).contains(EmbeddingUsage.of(CacheResult.HIT, 0));
  }

  @Test
  void attribute_isLookedUpByItsExactType_notASupertype() {
    Prediction marked = plain().withAttribute(FallbackAnswer.class, FallbackAnswer.of(ErrorType.RUNTIME_ERROR));

    assertThat(marked.attribute(Object.class)).isEmpty();
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void withAttribute_refusesAValueThatIsNotOfItsType() {
    Class raw = FallbackAnswer.class;

    assertThatThrownBy(() -> plain().withAttribute(raw, "circuit_open"))
        .isInstanceOf(ClassCastException.class);
  }

  @Test
  void toString_listsTheAttributes() {
    Prediction marked = plain().withAttribute(FallbackAnswer.class, FallbackAnswer.of(ErrorType.CIRCUIT_OPEN));

    assertThat(marked.toString()).endsWith(" [fallback for circuit_open]");
    assertThat(plain().toString()).doesNotContain("[fallback");
  }

  @Test
  void theFeatureValues_checkTheirArguments() {
    assertThatThrownBy(() -> FallbackAnswer.of(ErrorType.NONE))
        .hasMessage("a fallback must answer a failure, but was NONE");
    assertThatThrownBy(() -> EmbeddingUsage.of(CacheResult.NONE, -1))
        .hasMessage("inputTokens must be >= 0, but was -1");
  }
}
