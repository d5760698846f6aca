package dev.monitoredinference.spring.boot.observation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.ErrorType;
import dev.monitoredinference.ModelVersion;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The convention makes its names and key values once per model and version: what it answers must
 * still follow the call's model, version and error type.
 */
class DefaultInferenceObservationConventionTest {
  private static final String DIGEST =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  private final DefaultInferenceObservationConvention convention =
      new DefaultInferenceObservationConvention();
  private final ModelVersion v1 = ModelVersion.builder("minilm", "1").digest(DIGEST).build();
  private final ModelVersion v2 = ModelVersion.builder("minilm", "2").digest(DIGEST).build();

  @Test
  void eachCall_getsItsModelVersionAndErrorType() {
    InferenceObservationContext first = new InferenceObservationContext("minilm", "predict", v1);
    InferenceObservationContext failed = new InferenceObservationContext("minilm", "predict", v1);
    failed.failedWith(ErrorType.INVALID_INPUT);
    InferenceObservationContext embedder =
        new InferenceObservationContext("query-encoder", "embeddings", v1);
    InferenceObservationContext next = new InferenceObservationContext("minilm", "predict", v2);

    assertThat(map(convention.getLowCardinalityKeyValues(first))).isEqualTo(Map.of(
        "monitored.inference.model.name", "minilm", "monitored.inference.model.version", "1",
        "monitored.inference.execution.provider", "cpu", "monitored.inference.fallback", "false",
        "error.type", "none"));
    assertThat(map(convention.getLowCardinalityKeyValues(failed))).containsEntry("error.type", "invalid_input");
    assertThat(map(convention.getLowCardinalityKeyValues(first))).containsEntry("error.type", "none");
    assertThat(map(convention.getLowCardinalityKeyValues(embedder)))
        .containsEntry("monitored.inference.model.name", "query-encoder");
    assertThat(convention.getContextualName(embedder)).isEqualTo("embeddings query-encoder");
    assertThat(convention.getContextualName(first)).isEqualTo("predict minilm");
    assertThat(map(convention.getLowCardinalityKeyValues(next)))
        .containsEntry("monitored.inference.model.version", "2");
    assertThat(map(convention.getHighCardinalityKeyValues(next)))
        .isEqualTo(Map.of("monitored.inference.model.digest", v2.shortDigest()));
  }

  private static Map<String, String> map(KeyValues values) {
    return values.stream().collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
  }
}
