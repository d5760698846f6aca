package dev.monitoredinference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.embedding.EmbeddingRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The typed attribute slot of {@link Inputs}: requests of chains whose currency is not tensors. */
class InputsAttributeTest {
  @Test
  void inputsOfAnAttribute_carryNoTensor_onlyTheValue() {
    EmbeddingRequest request = EmbeddingRequest.of(List.of("red shoes", "hat"));

    Inputs inputs = Inputs.of(EmbeddingRequest.class, request);

    assertThat(inputs.size()).isZero();
    assertThat(inputs.attribute(EmbeddingRequest.class)).containsSame(request);
    assertThat(inputs.attribute(String.class)).isEmpty();
  }

  @Test
  void tensorsAndAttributes_surviveEachOthersChanges() {
    Inputs inputs = Inputs.of("features", new float[][] {{1f, 2f}})
        .withAttribute(String.class, "tenant-7")
        .with("mask", Tensor.ofLongs(new long[] {1}, 1, 1));

    assertThat(inputs.attribute(String.class)).contains("tenant-7");
    assertThat(inputs.size()).isEqualTo(2);
    assertThat(Inputs.of("features", new float[][] {{1f}}).attribute(String.class)).isEmpty();
  }

  @Test
  void toString_namesAttributesByTheirOwnToString_soTextsNeverReachALogLine() {
    Inputs inputs = Inputs.of(EmbeddingRequest.class, EmbeddingRequest.of(List.of("my secret query")));

    assertThat(inputs).hasToString("Inputs{} [EmbeddingRequest[1 texts]]");
  }
}
