package dev.monitoredinference.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.ElementType;
import dev.monitoredinference.InputRule;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.InvalidInputException;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.TensorSpec;
import dev.monitoredinference.testing.FakeModelRuntime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generated shapes, types and values (NaN, ±Inf, MIN, MAX, edges of the range, token ids) from
 * seeded generators, checked against empty-tensor, range, batch, element, byte, sequence and
 * token-id rules: the validator accepts exactly what the schema allows, and rejects with exactly
 * the rules an independent oracle finds broken.
 */
class ValidationPropertyTest {
  private static final double MIN = -100;
  private static final double MAX = 100;
  private static final int MAX_BATCH = 3;
  private static final int MAX_ELEMENTS = 30;
  private static final int MAX_SEQUENCE = 3;
  private static final long VOCABULARY = 50;
  private static final long MAX_BYTES = 160;
  private static final ElementType[] TYPES = {
    ElementType.FLOAT, ElementType.DOUBLE, ElementType.INT32, ElementType.INT64
  };

  /** How often each outcome occurred, so the generator provably reaches every branch. */
  private static final Map<String, Integer> OUTCOMES = new java.util.concurrent.ConcurrentHashMap<>();

  @AfterAll
  static void everyOutcomeWasGenerated() {
    assertThat(OUTCOMES).containsKeys("accepted", "EMPTY", "SIZE", "NAN", "RANGE");
    assertThat(OUTCOMES.get("accepted")).isGreaterThan(20);
  }

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 400);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void validatorAgreesWithTheOracle(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    ElementType type = TYPES[random.nextInt(TYPES.length)];
    long[] shape = new long[1 + random.nextInt(3)];
    for (int axis = 0; axis < shape.length; axis++) {
      shape[axis] = random.nextInt(5);
    }
    int size = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    double[] values = new double[size];
    for (int i = 0; i < size; i++) {
      values[i] = value(random, type);
    }
    Tensor tensor = tensor(type, values, shape);

    Set<InputRule> expected = oracle(type, shape, size, tensor);
    Set<InputRule> actual = validate(type, shape, tensor);
    assertThat(actual).as("type %s shape %s values %s", type, Arrays.toString(shape), Arrays.toString(values))
        .isEqualTo(expected);
    if (actual.isEmpty()) {
      OUTCOMES.merge("accepted", 1, Integer::sum);
    }
    actual.forEach(rule -> OUTCOMES.merge(rule.name(), 1, Integer::sum));
  }

  private static Set<InputRule> validate(ElementType type, long[] shape, Tensor tensor) {
    long[] free = new long[shape.length];
    Arrays.fill(free, TensorSpec.FREE);
    ModelVersion version = ModelVersion.builder("m", "1")
        .input(TensorSpec.of("x", type, free))
        .output(TensorSpec.of("y", ElementType.FLOAT, 1))
        .build();
    FakeModelRuntime runtime =
        FakeModelRuntime.of(version, in -> Map.of("y", Tensor.ofFloats(new float[] {0}, 1)));
    try (MonitoredModel model = MonitoredModel.builder("m").runtime(runtime)
        .validate(schema(type))
        .build()) {
      model.predict(Inputs.of("x", tensor));
      assertThat(runtime.calls()).isEqualTo(1);
      return EnumSet.noneOf(InputRule.class);
    } catch (InvalidInputException e) {
      assertThat(runtime.calls()).isZero();
      EnumSet<InputRule> rules = EnumSet.noneOf(InputRule.class);
      e.violations().forEach(v -> rules.add(v.rule()));
      return rules;
    }
  }

  /** Range, batch, element and byte limits for every type; token ids and sequences for integers. */
  private static InputSchema schema(ElementType type) {
    InputSchema schema = InputSchema.fromModel().range("x", MIN, MAX).maxBatch(MAX_BATCH)
        .maxElements(MAX_ELEMENTS).maxBytes(MAX_BYTES);
    return integer(type) ? schema.tokenIds("x", VOCABULARY).maxSequenceLength(MAX_SEQUENCE) : schema;
  }

  private static boolean integer(ElementType type) {
    return type == ElementType.INT32 || type == ElementType.INT64;
  }

  /** The schema's meaning, written independently of the validator. */
  private static Set<InputRule> oracle(ElementType type, long[] shape, int size, Tensor tensor) {
    EnumSet<InputRule> broken = EnumSet.noneOf(InputRule.class);
    if (size == 0) {
      broken.add(InputRule.EMPTY);
      return broken; // the signature check refuses it before the schema's rules run
    }
    long width = type == ElementType.INT64 || type == ElementType.DOUBLE ? 8 : 4;
    boolean longSequence = integer(type) && shape.length >= 2 && shape[1] > MAX_SEQUENCE;
    if (shape[0] > MAX_BATCH || size > MAX_ELEMENTS || size * width > MAX_BYTES || longSequence) {
      broken.add(InputRule.SIZE);
      return broken; // size rules refuse before any value is read
    }
    for (int i = 0; i < size; i++) {
      double value = read(type, tensor, i);
      if (!integer(type) && !Double.isFinite(value)) {
        broken.add(InputRule.NAN);
      } else if (integer(type) ? outside(tensor, type, i) : value < MIN || value > MAX) {
        broken.add(InputRule.RANGE);
      }
    }
    return broken;
  }

  /** Outside the range, or not a token id of the vocabulary. */
  private static boolean outside(Tensor tensor, ElementType type, int i) {
    long value = type == ElementType.INT64 ? tensor.longArray()[i] : tensor.intArray()[i];
    return value < (long) MIN || value > (long) MAX || value < 0 || value >= VOCABULARY;
  }

  private static double read(ElementType type, Tensor tensor, int i) {
    switch (type) {
      case FLOAT: return tensor.floatArray()[i];
      case DOUBLE: return tensor.doubleArray()[i];
      case INT32: return tensor.intArray()[i];
      default: return tensor.longArray()[i];
    }
  }

  private static double value(SplittableRandom random, ElementType type) {
    switch (random.nextInt(13)) {
      case 0: return Double.NaN;
      case 1: return Double.POSITIVE_INFINITY;
      case 2: return Double.NEGATIVE_INFINITY;
      case 3: return type == ElementType.INT32 ? Integer.MIN_VALUE : type == ElementType.INT64 ? Long.MIN_VALUE : -Float.MAX_VALUE;
      case 4: return type == ElementType.INT32 ? Integer.MAX_VALUE : type == ElementType.INT64 ? Long.MAX_VALUE : Float.MAX_VALUE;
      case 5: return MIN;
      case 6: return MAX;
      case 7: return MAX + 1;
      case 8: return random.nextInt(0, (int) VOCABULARY);
      default: return random.nextInt(-90, 90);
    }
  }

  private static Tensor tensor(ElementType type, double[] values, long[] shape) {
    switch (type) {
      case FLOAT: {
        float[] data = new float[values.length];
        for (int i = 0; i < data.length; i++) data[i] = (float) values[i];
        return Tensor.ofFloats(data, shape);
      }
      case DOUBLE:
        return Tensor.ofDoubles(values.clone(), shape);
      case INT32: {
        int[] data = new int[values.length];
        for (int i = 0; i < data.length; i++) data[i] = Double.isNaN(values[i]) ? 0 : (int) values[i];
        return Tensor.ofInts(data, shape);
      }
      default: {
        long[] data = new long[values.length];
        for (int i = 0; i < data.length; i++) data[i] = Double.isNaN(values[i]) ? 0 : (long) values[i];
        return Tensor.ofLongs(data, shape);
      }
    }
  }
}
