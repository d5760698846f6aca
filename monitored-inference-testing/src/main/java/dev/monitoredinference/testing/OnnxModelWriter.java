package dev.monitoredinference.testing;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.CodedOutputStream;
import dev.monitoredinference.ElementType;
import dev.monitoredinference.TensorSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes small ONNX models (a serialized {@code ModelProto}) field by field with protobuf-java's
 * {@link CodedOutputStream}, using the field numbers of {@code onnx.proto}. For tests, examples
 * and benchmarks: no Python, no model hub. Needs {@code com.google.protobuf:protobuf-java} on the
 * classpath.
 *
 * <pre>{@code
 * byte[] model = OnnxModelWriter.graph("scale")
 *     .input("x", ElementType.FLOAT, TensorSpec.FREE, 2)
 *     .output("y", ElementType.FLOAT, TensorSpec.FREE, 2)
 *     .initializer("two", new float[] {2f}, 1)
 *     .node("Mul", List.of("x", "two"), List.of("y"))
 *     .toBytes();
 * }</pre>
 *
 * <p>A free dimension ({@link TensorSpec#FREE}) is written as the symbolic dimension {@code
 * "batch"} on axis 0 and {@code "d<axis>"} elsewhere, so free dimensions on the same axis of two
 * inputs must have one size in a call. Not thread-safe.
 */
public final class OnnxModelWriter {
  private static final int IR_VERSION = 10;
  private static final int OPSET = 21;

  private final String graphName;
  private long irVersion = IR_VERSION;
  private long modelVersion;
  private final Map<String, String> metadata = new LinkedHashMap<>();
  private final List<byte[]> inputs = new ArrayList<>();
  private final List<byte[]> outputs = new ArrayList<>();
  private final List<byte[]> initializers = new ArrayList<>();
  private final List<byte[]> nodes = new ArrayList<>();

  private OnnxModelWriter(String graphName) {
    this.graphName = requireNonNull(graphName, "graphName");
  }

  /** A new model whose graph is called {@code graphName}. */
  public static OnnxModelWriter graph(String graphName) {
    return new OnnxModelWriter(graphName);
  }

  /** The ONNX {@code model_version} (reported as {@code ModelVersion.version()}). */
  public OnnxModelWriter modelVersion(long version) {
    if (version <= 0) {
      throw new IllegalArgumentException("modelVersion must be > 0, but was " + version);
    }
    this.modelVersion = version;
    return this;
  }

  /**
   * The ONNX {@code ir_version}, 10 unless set: set it to one ONNX Runtime does not read to test
   * that such a model is refused.
   */
  public OnnxModelWriter irVersion(long version) {
    this.irVersion = version;
    return this;
  }

  /** A {@code metadata_props} entry. */
  public OnnxModelWriter metadata(String key, String value) {
    metadata.put(requireNonNull(key, "key"), requireNonNull(value, "value"));
    return this;
  }

  /** A graph input. */
  public OnnxModelWriter input(String name, ElementType type, long... shape) {
    inputs.add(valueInfo(name, type, shape));
    return this;
  }

  /** A graph output. */
  public OnnxModelWriter output(String name, ElementType type, long... shape) {
    outputs.add(valueInfo(name, type, shape));
    return this;
  }

  /**
   * A float constant, stored as little-endian raw data. {@code dims} are not checked against the
   * values, so a test can write a tensor whose data does not fit.
   */
  public OnnxModelWriter initializer(String name, float[] values, long... dims) {
    ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(values);
    initializers.add(tensor(name, ElementType.FLOAT, dims, raw.array()));
    return this;
  }

  /** An int64 constant, stored as little-endian raw data. */
  public OnnxModelWriter initializer(String name, long[] values, long... dims) {
    ByteBuffer raw = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    raw.asLongBuffer().put(values);
    initializers.add(tensor(name, ElementType.INT64, dims, raw.array()));
    return this;
  }

  /**
   * A float initializer whose data ONNX would read from the external file {@code location}: for
   * testing that such models are refused.
   */
  public OnnxModelWriter externalInitializer(String name, String location, long... dims) {
    initializers.add(
        message(
            out -> {
              for (long dim : dims) {
                out.writeInt64(1, dim);
              }
              out.writeInt32(2, onnxType(ElementType.FLOAT));
              out.writeString(8, name);
              out.writeByteArray(
                  13,
                  message(
                      entry -> {
                        entry.writeString(1, "location");
                        entry.writeString(2, location);
                      }));
              out.writeEnum(14, 1);
            }));
    return this;
  }

  /** A node of the default ONNX domain, e.g. {@code node("Relu", List.of("h"), List.of("r"))}. */
  public OnnxModelWriter node(
      String opType, List<String> nodeInputs, List<String> nodeOutputs, Attribute... attributes) {
    nodes.add(
        message(
            out -> {
              for (String input : nodeInputs) {
                out.writeString(1, input);
              }
              for (String output : nodeOutputs) {
                out.writeString(2, output);
              }
              out.writeString(3, opType + "_" + nodes.size());
              out.writeString(4, opType);
              for (Attribute attribute : attributes) {
                out.writeByteArray(5, attribute.bytes);
              }
            }));
    return this;
  }

  /** The serialized {@code ModelProto}. */
  public byte[] toBytes() {
    byte[] graph =
        message(
            out -> {
              for (byte[] node : nodes) {
                out.writeByteArray(1, node);
              }
              out.writeString(2, graphName);
              for (byte[] initializer : initializers) {
                out.writeByteArray(5, initializer);
              }
              for (byte[] input : inputs) {
                out.writeByteArray(11, input);
              }
              for (byte[] output : outputs) {
                out.writeByteArray(12, output);
              }
            });
    return message(
        out -> {
          out.writeInt64(1, irVersion);
          out.writeString(2, "monitored-inference OnnxModelWriter");
          if (modelVersion > 0) {
            out.writeInt64(5, modelVersion);
          }
          out.writeByteArray(7, graph);
          out.writeByteArray(
              8,
              message(
                  opset -> {
                    opset.writeString(1, "");
                    opset.writeInt64(2, OPSET);
                  }));
          for (Map.Entry<String, String> entry : metadata.entrySet()) {
            out.writeByteArray(
                14,
                message(
                    property -> {
                      property.writeString(1, entry.getKey());
                      property.writeString(2, entry.getValue());
                    }));
          }
        });
  }

  /** A node attribute. */
  public static final class Attribute {
    private final byte[] bytes;

    private Attribute(byte[] bytes) {
      this.bytes = bytes;
    }

    /** An INT attribute such as Softmax's {@code axis}. */
    public static Attribute integer(String name, long value) {
      return new Attribute(
          message(
              out -> {
                out.writeString(1, name);
                out.writeInt64(3, value);
                out.writeEnum(20, 2);
              }));
    }

    /** A FLOAT attribute such as Gemm's {@code alpha}. */
    public static Attribute floating(String name, float value) {
      return new Attribute(
          message(
              out -> {
                out.writeString(1, name);
                out.writeFloat(2, value);
                out.writeEnum(20, 1);
              }));
    }
  }

  private static byte[] valueInfo(String name, ElementType type, long[] shape) {
    byte[] dims =
        message(
            out -> {
              for (int axis = 0; axis < shape.length; axis++) {
                int at = axis;
                out.writeByteArray(
                    1,
                    message(
                        dim -> {
                          if (shape[at] == TensorSpec.FREE) {
                            dim.writeString(2, at == 0 ? "batch" : "d" + at);
                          } else {
                            dim.writeInt64(1, shape[at]);
                          }
                        }));
              }
            });
    byte[] tensorType =
        message(
            out -> {
              out.writeInt32(1, onnxType(type));
              out.writeByteArray(2, dims);
            });
    return message(
        out -> {
          out.writeString(1, name);
          out.writeByteArray(2, message(typeProto -> typeProto.writeByteArray(1, tensorType)));
        });
  }

  private static byte[] tensor(String name, ElementType type, long[] dims, byte[] raw) {
    return message(
        out -> {
          for (long dim : dims) {
            out.writeInt64(1, dim);
          }
          out.writeInt32(2, onnxType(type));
          out.writeString(8, name);
          out.writeByteArray(9, raw);
        });
  }

  /** {@code TensorProto.DataType}. */
  private static int onnxType(ElementType type) {
    switch (type) {
      case FLOAT:
        return 1;
      case INT32:
        return 6;
      case INT64:
        return 7;
      case STRING:
        return 8;
      case BOOL:
        return 9;
      default:
        return 11; // DOUBLE
    }
  }

  private interface Fields {
    void write(CodedOutputStream out) throws IOException;
  }

  private static byte[] message(Fields fields) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      fields.write(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
