package dev.monitoredinference.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.ElementType;
import dev.monitoredinference.InputAdjustment;
import dev.monitoredinference.InputRule;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.InvalidInputException;
import dev.monitoredinference.InvalidOutputException;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.TensorSpec;
import dev.monitoredinference.testing.FakeModelRuntime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every rule through the public API: the exception text, the counter, and that nothing ran. */
class InputSchemaRulesTest {
  private static final long FREE = TensorSpec.FREE;
  private static final ModelVersion ENCODER =
      ModelVersion.builder("encoder", "4")
          .input(TensorSpec.of("features", ElementType.FLOAT, FREE, 3))
          .input(TensorSpec.of("input_ids", ElementType.INT64, FREE, FREE))
          .input(TensorSpec.of("attention_mask", ElementType.INT64, FREE, FREE))
          .input(TensorSpec.of("query", ElementType.STRING, FREE))
          .output(TensorSpec.of("score", ElementType.FLOAT, FREE, 1))
          .build();

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<Inputs> seenByRuntime = new ArrayList<>();
  private float score = 0.5f;
  private final FakeModelRuntime runtime = FakeModelRuntime.of(ENCODER, inputs -> {
    seenByRuntime.add(inputs);
    return Map.of("score", Tensor.ofFloats(new float[] {score}, 1, 1));
  });

  private MonitoredModel model(InputSchema schema) {
    return MonitoredModel.builder("encoder").runtime(runtime).validate(schema).metrics(registry).build();
  }

  private static Inputs inputs(float[] features, long[] ids, long[] mask, String query) {
    return Inputs.builder()
        .put("features", Tensor.ofFloats(features, features.length / 3, 3))
        .put("input_ids", Tensor.ofLongs(ids, 1, ids.length))
        .put("attention_mask", Tensor.ofLongs(mask, 1, mask.length))
        .put("query", Tensor.ofStrings(new String[] {query}, 1))
        .build();
  }

  private static Inputs valid() {
    return inputs(new float[] {0.1f, 0.2f, 0.3f}, new long[] {101, 7, 102}, new long[] {1, 1, 1}, "shoes");
  }

  private double rejections(String reason) {
    return registry.get("monitored.inference.rejections").tags("model", "encoder", "reason", reason).counter().count();
  }

  private double adjustments(String reason) {
    return registry.get("monitored.inference.input.adjustments").tags("model", "encoder", "reason", reason).counter().count();
  }

  private void assertRejected(MonitoredModel model, Inputs inputs, String reason, String message) {
    assertThatThrownBy(() -> model.predict(inputs))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("invalid input for model 'encoder' version 4:\n  " + message);
    assertThat(rejections(reason)).isEqualTo(1);
    assertThat(seenByRuntime).isEmpty();
    assertThat(registry.get("monitored.inference.request.duration").tag("error.type", "invalid_input").timer().count())
        .isEqualTo(1);
  }

  @Test
  void validInputs_passUnchanged() {
    Prediction p = model(InputSchema.fromModel().range("features", -1, 1).tokenIds("input_ids", 30522)
        .attentionMask("attention_mask", "input_ids").maxTextLength("query", 10, TextLengthPolicy.REJECT)
        .maxBatch(4).maxSequenceLength(8).maxElements(100).maxBytes(1000)).predict(valid());
    assertThat(p.adjustments()).isEmpty();
    assertThat(seenByRuntime).hasSize(1);
    assertThat(rejections("range") + rejections("nan") + rejections("size")).isZero();
  }

  @Test
  void signatureRules_areCountedByReasonToo() {
    MonitoredModel model = model(InputSchema.fromModel());
    Inputs misnamed = Inputs.builder()
        .put("featurez", Tensor.ofFloats(new float[3], 1, 3))
        .put("input_ids", Tensor.ofLongs(new long[] {1}, 1, 1))
        .put("attention_mask", Tensor.ofInts(new int[] {1}, 1, 1))
        .put("query", Tensor.ofStrings(new String[] {"q"}, 1))
        .build();
    assertThatThrownBy(() -> model.predict(misnamed))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("invalid input for model 'encoder' version 4:\n"
            + "  input 'features' breaks rule missing: expected features: float[?, 3]\n"
            + "  input 'attention_mask' breaks rule dtype: expected int64, got int32\n"
            + "  input 'featurez' breaks rule unknown: the model declares only [features, input_ids, attention_mask, query]");
    assertThat(rejections("missing")).isEqualTo(1);
    assertThat(rejections("dtype")).isEqualTo(1);
    assertThat(rejections("unknown")).isEqualTo(1);
    assertThat(rejections("shape")).isZero();
    assertThat(seenByRuntime).isEmpty();
  }

  @Test
  void range() {
    assertRejected(model(InputSchema.fromModel().range("features", -1, 1)),
        inputs(new float[] {0.5f, 7.5f, -3f}, new long[] {1}, new long[] {1}, "q"),
        "range", "input 'features' breaks rule range: value 7.5 outside [-1.0, 1.0] 2 values, first at index 1");
  }

  @Test
  void nan_isRejectedByDefault() {
    assertRejected(model(InputSchema.fromModel()),
        inputs(new float[] {0.5f, Float.NaN, 1f}, new long[] {1}, new long[] {1}, "q"),
        "nan", "input 'features' breaks rule nan: value NaN at index 1");
  }

  @Test
  void infinity_isRejectedByDefault() {
    assertRejected(model(InputSchema.fromModel()),
        inputs(new float[] {Float.NEGATIVE_INFINITY, 0, Float.POSITIVE_INFINITY}, new long[] {1}, new long[] {1}, "q"),
        "nan", "input 'features' breaks rule nan: value -Infinity 2 values, first at index 0");
  }

  @Test
  void nan_canBeReplacedAndIsListedAndCounted() {
    float[] features = {Float.NaN, 0.25f, Float.POSITIVE_INFINITY};
    Prediction p = model(InputSchema.fromModel().nonFinite("features", NonFinitePolicy.replaceWith(0)))
        .predict(inputs(features, new long[] {1}, new long[] {1}, "q"));
    assertThat(seenByRuntime.get(0).find("features").floatArray()).containsExactly(0f, 0.25f, 0f);
    assertThat(features[0]).isNaN(); // the caller's array is untouched
    assertThat(p.adjustments()).extracting(InputAdjustment::input, InputAdjustment::rule, InputAdjustment::count)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("features", InputRule.NAN, 2));
    assertThat(adjustments("nan")).isEqualTo(2);
  }

  @Test
  void maxBatch() {
    assertRejected(model(InputSchema.fromModel().maxBatch(1)),
        inputs(new float[6], new long[] {1}, new long[] {1}, "q"),
        "size", "input 'features' breaks rule size: batch of 2 rows, more than maxBatch 1");
  }

  @Test
  void maxSequenceLength() {
    assertRejected(model(InputSchema.fromModel().maxSequenceLength(2)),
        inputs(new float[3], new long[] {1, 2, 3}, new long[] {1, 1}, "q"),
        "size", "input 'input_ids' breaks rule size: sequence of 3 tokens, more than maxSequenceLength 2");
  }

  @Test
  void maxElementsAndMaxBytes_lookAtShapesOnly() {
    assertRejected(model(InputSchema.fromModel().maxElements(5)),
        inputs(new float[] {Float.NaN, 0, 0}, new long[] {1, 2}, new long[] {1, 1}, "q"),
        "size", "input '(all inputs)' breaks rule size: 8 elements, more than maxElements 5");
  }

  @Test
  void maxBytes() {
    assertRejected(model(InputSchema.fromModel().maxBytes(30)),
        inputs(new float[3], new long[] {1, 2}, new long[] {1, 1}, "abc"),
        "size", "input '(all inputs)' breaks rule size: 50 bytes, more than maxBytes 30");
  }

  @Test
  void tokenIds() {
    assertRejected(model(InputSchema.fromModel().tokenIds("input_ids", 1000)),
        inputs(new float[3], new long[] {101, -4, 1000}, new long[] {1, 1, 1}, "q"),
        "range", "input 'input_ids' breaks rule range: token id -4 outside [0, 1000) 2 values, first at index 1");
  }

  @Test
  void attentionMask_mustMatchTheIdsShape() {
    assertRejected(model(InputSchema.fromModel().attentionMask("attention_mask", "input_ids")),
        inputs(new float[3], new long[] {101, 7, 102}, new long[] {1, 1}, "q"),
        "shape", "input 'attention_mask' breaks rule shape: shape [1, 2] differs from 'input_ids' [1, 3]");
  }

  @Test
  void attentionMask_holdsOnlyZeroAndOne() {
    assertRejected(model(InputSchema.fromModel().attentionMask("attention_mask", "input_ids")),
        inputs(new float[3], new long[] {101, 7, 102}, new long[] {1, 2, 0}, "q"),
        "range", "input 'attention_mask' breaks rule range: mask value 2 is not 0 or 1 at index 1");
  }

  @Test
  void maxTextLength_reject_namesTheLengthNeverTheText() {
    String secret = "jane.doe@example.com " + "x".repeat(1_000_000);
    assertRejected(model(InputSchema.fromModel().maxTextLength("query", 100, TextLengthPolicy.REJECT)),
        inputs(new float[3], new long[] {1}, new long[] {1}, secret),
        "length", "input 'query' breaks rule length: text of 1000021 chars, more than 100, at index 0");
  }

  @Test
  void maxTextLength_truncate_cutsOutsideSurrogatePairsAndFlagsIt() {
    String text = "abc\uD83D\uDE00def"; // a, b, c, 😀 (two chars), d, e, f
    Prediction p = model(InputSchema.fromModel().maxTextLength("query", 4, TextLengthPolicy.TRUNCATE))
        .predict(inputs(new float[3], new long[] {1}, new long[] {1}, text));
    assertThat(seenByRuntime.get(0).find("query").stringArray()).containsExactly("abc");
    assertThat(p.adjustments()).singleElement().hasToString("1 element(s) of input 'query' adjusted (length)");
    assertThat(adjustments("length")).isEqualTo(1);
  }

  @Test
  void everyViolation_isListedInOneException() {
    MonitoredModel model = model(InputSchema.fromModel().range("features", 0, 1).tokenIds("input_ids", 10));
    assertThatThrownBy(() -> model.predict(inputs(new float[] {2, Float.NaN, 0}, new long[] {11}, new long[] {1}, "q")))
        .isInstanceOfSatisfying(InvalidInputException.class, e ->
            assertThat(e.violations()).extracting(v -> v.input() + ":" + v.rule().tagValue())
                .containsExactly("features:range", "features:nan", "input_ids:range"));
    assertThat(rejections("range")).isEqualTo(1);
    assertThat(rejections("nan")).isEqualTo(1);
  }

  @Test
  void aNonFiniteOutput_isATypedErrorNeverAScore() {
    score = Float.NaN;
    try (MonitoredModel model = model(InputSchema.fromModel())) {
      assertThatThrownBy(() -> model.predict(valid()))
          .isInstanceOf(InvalidOutputException.class)
          .hasMessage("model 'encoder' version 4 produced 1 non-finite value(s) in output 'score', first at index 0");
      assertThat(registry.get("monitored.inference.request.duration").tag("error.type", "invalid_output").timer().count())
          .isEqualTo(1);
    }
    MonitoredModel lenient = MonitoredModel.builder("lenient").runtime(FakeModelRuntime.of(ENCODER,
        in -> Map.of("score", Tensor.ofFloats(new float[] {Float.NaN}, 1, 1))))
        .validate(InputSchema.fromModel().allowNonFiniteOutputs()).build();
    assertThat(lenient.predict(valid()).floatArray("score")[0]).isNaN();
  }

  @Test
  void signatureOnly_checksNoValues() {
    Prediction p = model(InputSchema.signatureOnly())
        .predict(inputs(new float[] {Float.NaN, 0, 0}, new long[] {-1}, new long[] {7}, "q"));
    assertThat(p.floatArray("score")).containsExactly(0.5f);
    assertThatThrownBy(() -> InputSchema.signatureOnly().maxBatch(3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("signatureOnly() takes no rules; start from fromModel()");
  }

  @Test
  void rulesNamingUnknownOrMistypedInputs_failTheBuild() {
    assertThatThrownBy(() -> model(InputSchema.fromModel().range("featurez", 0, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("range names input 'featurez', which model 'encoder' version 4 does not declare");
    assertThatThrownBy(() -> model(InputSchema.fromModel().maxTextLength("features", 3, TextLengthPolicy.REJECT)))
        .hasMessage("maxTextLength applies to [string] inputs, but input 'features' of model 'encoder' is float");
    assertThatThrownBy(() -> model(InputSchema.fromModel().range("features", 0, 1)
            .nonFinite("features", NonFinitePolicy.replaceWith(5))))
        .hasMessage("input 'features' replaces NaN/Inf with 5.0, outside its range [0.0, 1.0]");
    assertThat(runtime.closes()).isEqualTo(3);
  }

  @Test
  void aGlobalReplacement_doesNotConstrainRangesOfIntegerInputs() {
    Prediction p = model(InputSchema.fromModel().nonFinite(NonFinitePolicy.replaceWith(0)).range("input_ids", 1, 200))
        .predict(valid());
    assertThat(p.floatArray("score")).containsExactly(0.5f);
  }

  @Test
  void schemaArguments_areCheckedAtOnce() {
    assertThatThrownBy(() -> InputSchema.fromModel().range("x", 2, 1))
        .hasMessage("range of 'x' needs min <= max, but was [2.0, 1.0]");
    assertThatThrownBy(() -> InputSchema.fromModel().maxBatch(0)).hasMessage("maxBatch must be > 0, but was 0");
    assertThatThrownBy(() -> NonFinitePolicy.replaceWith(Double.NaN)).hasMessage("replacement must be finite, but was NaN");
  }
}
