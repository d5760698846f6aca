package dev.monitoredinference.kafka;

import dev.monitoredinference.ElementType;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Tensor;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * One sampled call as captured in the caller's thread (references, or copies where the redaction
 * reads contents the caller may reuse), encoded to JSON later on the shipping thread.
 */
final class PredictionRecord {
  private static final HexFormat HEX = HexFormat.of();
  private static final String[] TYPE_NAMES = Arrays.stream(ElementType.values())
      .map(type -> type.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);

  final String model;
  private final String operation;
  private final ModelVersion version;
  private final String outcome;
  private final long latencyNanos;
  private final long endNanos; // System.nanoTime() at the call's end; made wall time by the shipper
  private final @Nullable Inputs inputs; // null when the redaction says nothing of tensors
  private final @Nullable Prediction prediction; // the call's outputs when only shapes are read
  private final @Nullable Inputs copiedOutputs; // copies of them when contents are read

  private PredictionRecord(String model, String operation, ModelVersion version, String outcome,
      long latencyNanos, long endNanos, @Nullable Inputs inputs,
      @Nullable Prediction prediction, @Nullable Inputs copiedOutputs) {
    this.model = model;
    this.operation = operation;
    this.version = version;
    this.outcome = outcome;
    this.latencyNanos = latencyNanos;
    this.endNanos = endNanos;
    this.inputs = inputs;
    this.prediction = prediction;
    this.copiedOutputs = copiedOutputs;
  }

  /**
   * Captures a call: the call's own inputs and prediction when the redaction reads only shapes,
   * copies of their contents when it reads those (the caller may reuse its arrays).
   */
  static PredictionRecord capture(String model, String operation, ModelVersion version,
      String outcome, long latencyNanos, long endNanos, Inputs inputs, @Nullable Prediction prediction,
      Redaction redaction) {
    if (redaction.kind == Redaction.Kind.NONE) {
      return new PredictionRecord(model, operation, version, outcome, latencyNanos,
          endNanos, null, null, null);
    }
    if (redaction.kind == Redaction.Kind.SHAPES) {
      return new PredictionRecord(model, operation, version, outcome, latencyNanos,
          endNanos, inputs, prediction, null);
    }
    Inputs.Builder in = Inputs.builder();
    for (int i = 0; i < inputs.size(); i++) {
      in.put(inputs.name(i), copyOf(inputs.tensor(i)));
    }
    Inputs out = null; // Inputs are never empty: no copy when the call failed or had no outputs
    if (prediction != null && prediction.size() > 0) {
      Inputs.Builder copied = Inputs.builder();
      for (int i = 0; i < prediction.size(); i++) {
        copied.put(prediction.name(i), copyOf(prediction.output(prediction.name(i))));
      }
      out = copied.build();
    }
    return new PredictionRecord(model, operation, version, outcome, latencyNanos,
        endNanos, in.build(), null, out);
  }

  /**
   * The wall-clock millisecond of the call's end, from a wall-clock reading {@code wallNanos}
   * (nanoseconds since the epoch, as {@code Instant.now()} gives them) taken at {@code nanoTime}:
   * the shipper reads the clocks once per batch, so that no caller reads the wall clock. Rounded
   * down from the exact instant, as {@code currentTimeMillis()} at the call's end would be.
   */
  long timestampMillis(long wallNanos, long nanoTime) {
    return Math.floorDiv(wallNanos - (nanoTime - endNanos), 1_000_000L);
  }

  /**
   * Appends the record as one JSON object, which never holds a raw line break; {@code prefix}
   * comes from {@link Prefixes}.
   */
  void appendJson(StringBuilder json, String prefix, Redaction redaction, long timestampMillis) {
    json.append(prefix);
    json.append(",\"timestamp_ms\":").append(timestampMillis);
    millis(json.append(",\"latency_ms\":"), latencyNanos);
    json.append(",\"outcome\":");
    string(json, outcome);
    if (inputs != null) {
      json.append(",\"inputs\":[");
      for (int i = 0; i < inputs.size(); i++) {
        tensor(json.append(i > 0 ? "," : ""), inputs.name(i), inputs.tensor(i), redaction);
      }
      json.append("],\"outputs\":[");
      for (int i = 0; prediction != null && i < prediction.size(); i++) {
        String name = prediction.name(i);
        tensor(json.append(i > 0 ? "," : ""), name, prediction.output(name), redaction);
      }
      for (int i = 0; copiedOutputs != null && i < copiedOutputs.size(); i++) {
        tensor(json.append(i > 0 ? "," : ""), copiedOutputs.name(i), copiedOutputs.tensor(i),
            redaction);
      }
      json.append(']');
    }
    json.append('}');
  }

  /**
   * The start of a record, the same for every call of one model version, operation and replica:
   * {@code {"model":…,"version":…,"digest":…,"provider":…,"operation":…,"replica":…}.
   */
  private static String prefix(String model, ModelVersion version, String operation,
      String replica) {
    StringBuilder json = new StringBuilder(160).append("{\"model\":");
    string(json, model);
    json.append(",\"version\":");
    string(json, version.version());
    json.append(",\"digest\":");
    string(json, version.shortDigest());
    json.append(",\"provider\":");
    string(json, version.executionProvider().tagValue());
    json.append(",\"operation\":");
    string(json, operation);
    json.append(",\"replica\":");
    string(json, replica);
    return json.toString();
  }

  /**
   * The last few distinct prefixes, for the one thread that encodes: a log usually sees a handful
   * of model versions, so the prefix is built once per version rather than once per record.
   */
  static final class Prefixes {
    private static final int SIZE = 8;
    private final String replica;
    private final ModelVersion[] versions = new ModelVersion[SIZE];
    private final String[] models = new String[SIZE];
    private final String[] operations = new String[SIZE];
    private final String[] prefixes = new String[SIZE];
    private int next;

    Prefixes(String replica) {
      this.replica = replica;
    }

    String of(PredictionRecord record) {
      for (int i = 0; i < SIZE; i++) {
        if (versions[i] == record.version && record.model.equals(models[i])
            && record.operation.equals(operations[i])) {
          return prefixes[i];
        }
      }
      int slot = next;
      next = (next + 1) % SIZE;
      versions[slot] = record.version;
      models[slot] = record.model;
      operations[slot] = record.operation;
      prefixes[slot] = prefix(record.model, record.version, record.operation, replica);
      return prefixes[slot];
    }
  }

  /** Nanoseconds as milliseconds with six decimals, without formatting a double. */
  static void millis(StringBuilder json, long nanos) {
    String fraction = Long.toString(1_000_000 + nanos % 1_000_000);
    json.append(nanos / 1_000_000).append('.').append(fraction, 1, fraction.length());
  }

  private static void tensor(StringBuilder json, String name, Tensor tensor, Redaction redaction) {
    json.append("{\"name\":");
    string(json, name);
    json.append(",\"type\":\"").append(TYPE_NAMES[tensor.type().ordinal()]).append("\",\"shape\":[");
    long[] shape = tensor.shape();
    for (int d = 0; d < shape.length; d++) {
      json.append(d > 0 ? "," : "").append(shape[d]);
    }
    json.append(']');
    if (redaction.kind == Redaction.Kind.HASHED) {
      json.append(",\"hash\":\"").append(hash(tensor, redaction.key)).append('"');
    } else if (redaction.kind == Redaction.Kind.VALUES && tensor.type() != ElementType.STRING) {
      values(json.append(",\"values\":"), tensor);
    }
    json.append('}');
  }

  private static void values(StringBuilder json, Tensor tensor) {
    json.append('[');
    switch (tensor.type()) {
      case FLOAT -> {
        float[] values = tensor.floatArray();
        for (int i = 0; i < values.length; i++) {
          number(json.append(i > 0 ? "," : ""), values[i]);
        }
      }
      case DOUBLE -> {
        double[] values = tensor.doubleArray();
        for (int i = 0; i < values.length; i++) {
          number(json.append(i > 0 ? "," : ""), values[i]);
        }
      }
      case INT32 -> {
        int[] values = tensor.intArray();
        for (int i = 0; i < values.length; i++) {
          json.append(i > 0 ? "," : "").append(values[i]);
        }
      }
      case INT64 -> {
        long[] values = tensor.longArray();
        for (int i = 0; i < values.length; i++) {
          json.append(i > 0 ? "," : "").append(values[i]);
        }
      }
      case BOOL -> {
        boolean[] values = tensor.booleanArray();
        for (int i = 0; i < values.length; i++) {
          json.append(i > 0 ? "," : "").append(values[i]);
        }
      }
      case STRING -> { } // never shipped as values: see Redaction
    }
    json.append(']');
  }

  private static void number(StringBuilder json, double value) {
    if (Double.isFinite(value)) {
      json.append(value);
    } else {
      json.append("null"); // JSON has no NaN or infinity
    }
  }

  /** HMAC-SHA256 of the tensor's type, shape and contents, the first 16 bytes in hex. */
  private static String hash(Tensor tensor, byte @Nullable [] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(java.util.Objects.requireNonNull(key, "key"), "HmacSHA256"));
      mac.update(tensor.type().name().getBytes(StandardCharsets.US_ASCII));
      for (long dimension : tensor.shape()) {
        mac.update(Long.toString(dimension).getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) ',');
      }
      StringBuilder contents = new StringBuilder();
      if (tensor.type() == ElementType.STRING) {
        for (String s : tensor.stringArray()) {
          contents.append(s.length()).append(':').append(s);
        }
      } else {
        values(contents, tensor);
      }
      byte[] digest = mac.doFinal(contents.toString().getBytes(StandardCharsets.UTF_8));
      return HEX.formatHex(digest, 0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
  }

  private static Tensor copyOf(Tensor tensor) {
    long[] shape = tensor.shape();
    return switch (tensor.type()) {
      case FLOAT -> Tensor.ofFloats(tensor.floatArray().clone(), shape);
      case DOUBLE -> Tensor.ofDoubles(tensor.doubleArray().clone(), shape);
      case INT32 -> Tensor.ofInts(tensor.intArray().clone(), shape);
      case INT64 -> Tensor.ofLongs(tensor.longArray().clone(), shape);
      case BOOL -> Tensor.ofBooleans(tensor.booleanArray().clone(), shape);
      case STRING -> Tensor.ofStrings(tensor.stringArray().clone(), shape);
    };
  }

  /**
   * Appends {@code value} as a JSON string literal. Core's {@code internal.JsonLine.quoted} does
   * the same, but core's {@code internal} package is not an API other modules may depend on.
   */
  static void string(StringBuilder json, String value) {
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
