package dev.monitoredinference.kafka;

import dev.monitoredinference.ElementType;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Tensor;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * One sampled call as captured in the caller's thread (references, or copies where the redaction
 * reads contents the caller may reuse), encoded to JSON later on the shipping thread.
 */
final class PredictionRecord {
  private static final HexFormat HEX = HexFormat.of();

  final String model;
  private final String operation;
  private final ModelVersion version;
  private final String outcome;
  private final long latencyNanos;
  final long timestampMillis;
  private final List<NamedTensor> inputs;
  private final List<NamedTensor> outputs;

  private record NamedTensor(String name, Tensor tensor) {}

  private PredictionRecord(String model, String operation, ModelVersion version, String outcome,
      long latencyNanos, long timestampMillis, List<NamedTensor> inputs, List<NamedTensor> outputs) {
    this.model = model;
    this.operation = operation;
    this.version = version;
    this.outcome = outcome;
    this.latencyNanos = latencyNanos;
    this.timestampMillis = timestampMillis;
    this.inputs = inputs;
    this.outputs = outputs;
  }

  /** Captures a call; copies tensor contents only when {@code redaction} reads them. */
  static PredictionRecord capture(String model, String operation, ModelVersion version,
      String outcome, long latencyNanos, Inputs inputs, @Nullable Prediction prediction,
      Redaction redaction) {
    List<NamedTensor> in = new ArrayList<>(inputs.size());
    List<NamedTensor> out = new ArrayList<>();
    if (redaction.kind != Redaction.Kind.NONE) {
      boolean copy = redaction.kind != Redaction.Kind.SHAPES;
      for (int i = 0; i < inputs.size(); i++) {
        in.add(new NamedTensor(inputs.name(i), copy ? copyOf(inputs.tensor(i)) : inputs.tensor(i)));
      }
      if (prediction != null) {
        for (int i = 0; i < prediction.size(); i++) {
          String name = prediction.name(i);
          Tensor tensor = prediction.output(name);
          out.add(new NamedTensor(name, copy ? copyOf(tensor) : tensor));
        }
      }
    }
    return new PredictionRecord(model, operation, version, outcome, latencyNanos,
        System.currentTimeMillis(), in, out);
  }

  /** The record as one JSON object, UTF-8. */
  byte[] toJson(Redaction redaction, String replica) {
    StringBuilder json = new StringBuilder(256);
    json.append("{\"model\":");
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
    json.append(",\"timestamp_ms\":").append(timestampMillis);
    json.append(",\"latency_ms\":").append(latencyNanos / 1e6);
    json.append(",\"outcome\":");
    string(json, outcome);
    if (redaction.kind != Redaction.Kind.NONE) {
      tensors(json.append(",\"inputs\":"), inputs, redaction);
      tensors(json.append(",\"outputs\":"), outputs, redaction);
    }
    return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void tensors(StringBuilder json, List<NamedTensor> tensors, Redaction redaction) {
    json.append('[');
    for (int i = 0; i < tensors.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      Tensor tensor = tensors.get(i).tensor();
      json.append("{\"name\":");
      string(json, tensors.get(i).name());
      json.append(",\"type\":");
      string(json, tensor.type().name().toLowerCase(java.util.Locale.ROOT));
      json.append(",\"shape\":[");
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
    json.append(']');
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
