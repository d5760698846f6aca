package dev.monitoredinference.validation;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.ElementType;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.TensorSpec;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The rules a call's inputs must follow, on top of the model's declared signature (names, types,
 * ranks, fixed dimensions — always checked). Immutable: each method returns a new schema and
 * checks its arguments at once; input names are checked against the model when it is built.
 *
 * <pre>{@code
 * MonitoredModel.builder("ranker")
 *     .validate(InputSchema.fromModel()              // NaN/Inf rejected, outputs guarded
 *         .range("features", -10, 10)
 *         .maxBatch(512)
 *         .maxElements(1 << 20))
 *     ...
 * MonitoredModel.builder("query-encoder")
 *     .validate(InputSchema.fromModel()
 *         .tokenIds("input_ids", 30522)
 *         .attentionMask("attention_mask", "input_ids")
 *         .maxSequenceLength(256))
 * }</pre>
 *
 * <p>Tensors with a dimension of 0 are refused unless {@link #allowEmptyTensors()}. A call that
 * breaks rules gets one {@code InvalidInputException} listing every violation (input, rule, the
 * offending value or index; text only by its length) before any native tensor exists. Size rules
 * are checked first, from shapes alone, so an oversized request is refused without reading its
 * data. With {@link #fromModel()}, a float or double output holding NaN or ±Inf becomes {@code
 * InvalidOutputException} instead of reaching the caller.
 *
 * <p>Cost: one pass over each input that has a value rule (NaN/Inf is one for float inputs), and
 * over float outputs; the size rules read shapes only.
 */
public final class InputSchema {
  private boolean signatureOnly;
  private boolean allowEmptyTensors;
  private boolean guardOutputs = true;
  private NonFinitePolicy nonFinite = NonFinitePolicy.reject();
  private final Map<String, NonFinitePolicy> nonFiniteByInput = new LinkedHashMap<>();
  private final Map<String, double[]> ranges = new LinkedHashMap<>();
  private final Map<String, Long> vocabularies = new LinkedHashMap<>();
  private final Map<String, String> masks = new LinkedHashMap<>();
  private final Map<String, TextLimit> textLimits = new LinkedHashMap<>();
  private int maxBatch;
  private int maxSequenceLength;
  private long maxElements;
  private long maxBytes;

  private InputSchema() {}

  private InputSchema(InputSchema from) {
    this.signatureOnly = from.signatureOnly;
    this.allowEmptyTensors = from.allowEmptyTensors;
    this.guardOutputs = from.guardOutputs;
    this.nonFinite = from.nonFinite;
    this.nonFiniteByInput.putAll(from.nonFiniteByInput);
    this.ranges.putAll(from.ranges);
    this.vocabularies.putAll(from.vocabularies);
    this.masks.putAll(from.masks);
    this.textLimits.putAll(from.textLimits);
    this.maxBatch = from.maxBatch;
    this.maxSequenceLength = from.maxSequenceLength;
    this.maxElements = from.maxElements;
    this.maxBytes = from.maxBytes;
  }

  /**
   * The model's signature plus the safe defaults: NaN and ±Inf in float inputs rejected, float
   * outputs guarded. The default of {@code MonitoredModelBuilder}.
   */
  public static InputSchema fromModel() {
    return new InputSchema();
  }

  /** The model's signature only: no value rules, no output guard; empty tensors still refused. */
  public static InputSchema signatureOnly() {
    InputSchema schema = new InputSchema();
    schema.signatureOnly = true;
    schema.guardOutputs = false;
    return schema;
  }

  /** Values of numeric {@code input} must lie in {@code [min, max]} (NaN/Inf follow {@link #nonFinite}). */
  public InputSchema range(String input, double min, double max) {
    requireNonNull(input, "input");
    if (!(min <= max) || Double.isNaN(min) || Double.isNaN(max)) {
      throw new IllegalArgumentException(
          "range of '" + input + "' needs min <= max, but was [" + min + ", " + max + "]");
    }
    InputSchema next = copy();
    next.ranges.put(input, new double[] {min, max});
    return next;
  }

  /** The NaN/±Inf policy of every float and double input; {@link NonFinitePolicy#reject()} by default. */
  public InputSchema nonFinite(NonFinitePolicy policy) {
    InputSchema next = copy();
    next.nonFinite = requireNonNull(policy, "policy");
    return next;
  }

  /** The NaN/±Inf policy of one input, overriding {@link #nonFinite(NonFinitePolicy)}. */
  public InputSchema nonFinite(String input, NonFinitePolicy policy) {
    InputSchema next = copy();
    next.nonFiniteByInput.put(requireNonNull(input, "input"), requireNonNull(policy, "policy"));
    return next;
  }

  /** Dimension 0 of every input must be at most {@code rows}. */
  public InputSchema maxBatch(int rows) {
    InputSchema next = copy();
    next.maxBatch = positive("maxBatch", rows);
    return next;
  }

  /** Dimension 1 of every int32/int64 input of rank 2 or more (token sequences) must be at most {@code tokens}. */
  public InputSchema maxSequenceLength(int tokens) {
    InputSchema next = copy();
    next.maxSequenceLength = positive("maxSequenceLength", tokens);
    return next;
  }

  /** All inputs of a call together must hold at most {@code elements} elements. */
  public InputSchema maxElements(long elements) {
    InputSchema next = copy();
    next.maxElements = positive("maxElements", elements);
    return next;
  }

  /**
   * All inputs of a call together must take at most {@code bytes}: numeric elements at their
   * width, bools at 1, strings at 2 bytes per UTF-16 char.
   */
  public InputSchema maxBytes(long bytes) {
    InputSchema next = copy();
    next.maxBytes = positive("maxBytes", bytes);
    return next;
  }

  /** Token ids in int {@code input} must lie in {@code [0, vocabularySize)}. */
  public InputSchema tokenIds(String input, long vocabularySize) {
    requireNonNull(input, "input");
    InputSchema next = copy();
    next.vocabularies.put(input, positive("vocabularySize", vocabularySize));
    return next;
  }

  /** Int {@code maskInput} must have the shape of {@code idsInput} and hold only 0 and 1. */
  public InputSchema attentionMask(String maskInput, String idsInput) {
    InputSchema next = copy();
    next.masks.put(requireNonNull(maskInput, "maskInput"), requireNonNull(idsInput, "idsInput"));
    return next;
  }

  /** Each text of string {@code input} may have at most {@code chars} UTF-16 chars. */
  public InputSchema maxTextLength(String input, int chars, TextLengthPolicy policy) {
    requireNonNull(input, "input");
    InputSchema next = copy();
    next.textLimits.put(input, new TextLimit(positive("maxTextLength", chars), requireNonNull(policy, "policy")));
    return next;
  }

  /** Hands NaN and ±Inf outputs to the caller instead of failing the call. */
  public InputSchema allowNonFiniteOutputs() {
    InputSchema next = copy();
    next.guardOutputs = false;
    return next;
  }

  /**
   * Lets tensors with a dimension of 0 (an empty batch, an empty sequence) reach the model, for
   * models that handle them. By default they are refused with rule {@code empty}, even with
   * {@link #signatureOnly()}: many graphs (ArgMax or ReduceMax over the batch) fail or answer -Inf
   * on them, which would count against the model. May follow {@link #signatureOnly()}.
   */
  public InputSchema allowEmptyTensors() {
    InputSchema next = new InputSchema(this); // not copy(): signatureOnly() takes this one
    next.allowEmptyTensors = true;
    return next;
  }

  /** Whether tensors with a dimension of 0 may reach the model; see {@link #allowEmptyTensors()}. */
  public boolean allowsEmptyTensors() {
    return allowEmptyTensors;
  }

  /** Whether this schema adds nothing to the signature check (so it needs no chain link). */
  public boolean isSignatureOnly() {
    return signatureOnly;
  }

  /**
   * The validating interceptor for {@code version}.
   *
   * @throws IllegalArgumentException if a rule names an input the model does not declare, or one
   *     of a type the rule cannot apply to
   */
  public InferenceInterceptor bind(ModelVersion version) {
    requireNonNull(version, "version");
    ranges.keySet().forEach(name -> declared(version, "range", name, NUMERIC));
    nonFiniteByInput.keySet().forEach(name -> declared(version, "nonFinite", name, FLOATING));
    vocabularies.keySet().forEach(name -> declared(version, "tokenIds", name, INTEGER));
    masks.forEach((mask, ids) -> {
      declared(version, "attentionMask", mask, INTEGER);
      declared(version, "attentionMask", ids, INTEGER);
    });
    textLimits.keySet().forEach(name -> declared(version, "maxTextLength", name, TEXT));
    ranges.forEach((name, range) -> {
      NonFinitePolicy policy = nonFiniteByInput.getOrDefault(name, nonFinite);
      if (isFloating(version, name) && policy.replaces() && (policy.replacement() < range[0] || policy.replacement() > range[1])) {
        throw new IllegalArgumentException(
            "input '" + name + "' replaces NaN/Inf with " + policy.replacement()
                + ", outside its range [" + range[0] + ", " + range[1] + "]");
      }
    });
    InputRules[] rules = new InputRules[version.inputs().size()];
    for (int i = 0; i < rules.length; i++) {
      TensorSpec spec = version.inputs().get(i);
      String name = spec.name();
      boolean floating = FLOATING.contains(spec.type());
      rules[i] =
          new InputRules(
              name,
              spec.type(),
              ranges.get(name),
              floating ? nonFiniteByInput.getOrDefault(name, nonFinite) : null,
              vocabularies.get(name),
              masks.get(name),
              textLimits.get(name));
    }
    return new SchemaValidator(
        rules, maxBatch, maxSequenceLength, maxElements, maxBytes, guardOutputs);
  }

  private static final Set<ElementType> FLOATING =
      EnumSet.of(ElementType.FLOAT, ElementType.DOUBLE);
  private static final Set<ElementType> INTEGER =
      EnumSet.of(ElementType.INT32, ElementType.INT64);
  private static final Set<ElementType> NUMERIC =
      EnumSet.of(ElementType.FLOAT, ElementType.DOUBLE, ElementType.INT32, ElementType.INT64);
  private static final Set<ElementType> TEXT = EnumSet.of(ElementType.STRING);

  private static void declared(
      ModelVersion version, String rule, String input, Set<ElementType> types) {
    TensorSpec spec =
        version.inputs().stream().filter(s -> s.name().equals(input)).findFirst().orElseThrow(() ->
            new IllegalArgumentException(
                rule + " names input '" + input + "', which model '" + version.modelName()
                    + "' version " + version.version() + " does not declare; inputs are "
                    + version.inputs()));
    if (!types.contains(spec.type())) {
      throw new IllegalArgumentException(
          rule + " applies to " + types + " inputs, but input '" + input + "' of model '"
              + version.modelName() + "' is " + spec.type());
    }
  }

  private static boolean isFloating(ModelVersion version, String input) {
    return version.inputs().stream()
        .anyMatch(spec -> spec.name().equals(input) && FLOATING.contains(spec.type()));
  }

  private InputSchema copy() {
    if (signatureOnly) {
      throw new IllegalStateException("signatureOnly() takes no rules; start from fromModel()");
    }
    return new InputSchema(this);
  }

  private static int positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, but was " + value);
    }
    return value;
  }

  private static long positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, but was " + value);
    }
    return value;
  }

  /** A text limit and what to do beyond it. */
  static final class TextLimit {
    final int chars;
    final TextLengthPolicy policy;

    TextLimit(int chars, TextLengthPolicy policy) {
      this.chars = chars;
      this.policy = policy;
    }
  }

  /** The rules of one declared input, resolved at bind time so the call path does no look-ups. */
  static final class InputRules {
    final String name;
    final ElementType type;
    final double @Nullable [] range;
    final @Nullable NonFinitePolicy nonFinite;
    final @Nullable Long vocabulary;
    final @Nullable String maskOf;
    final @Nullable TextLimit textLimit;

    InputRules(
        String name,
        ElementType type,
        double @Nullable [] range,
        @Nullable NonFinitePolicy nonFinite,
        @Nullable Long vocabulary,
        @Nullable String maskOf,
        @Nullable TextLimit textLimit) {
      this.name = name;
      this.type = type;
      this.range = range;
      this.nonFinite = nonFinite;
      this.vocabulary = vocabulary;
      this.maskOf = maskOf;
      this.textLimit = textLimit;
    }

    /** Whether the values must be read at all. */
    boolean readsValues() {
      return range != null || nonFinite != null || vocabulary != null || maskOf != null
          || textLimit != null;
    }
  }
}
