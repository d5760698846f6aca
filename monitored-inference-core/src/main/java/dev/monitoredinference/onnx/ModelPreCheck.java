package dev.monitoredinference.onnx;

import dev.monitoredinference.LoadOutcome;
import dev.monitoredinference.ModelLoadException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@code ModelProto} before ONNX Runtime does and refuses what it should never be handed:
 * malformed or truncated bytes, tensors whose data lives in external files (this library loads
 * models from memory, so external data could only resolve against the process's working
 * directory: the path-traversal family of ONNX Runtime CVEs), and absurd declared dimensions.
 * It also refuses what ONNX Runtime would refuse with codes that could as well mean a failing host
 * ({@code ORT_FAIL}, {@code ORT_INVALID_ARGUMENT}), so that these count as {@code invalid_model}:
 * an IR version newer than ONNX Runtime reads, a tensor whose data does not fit its dims, and in
 * the main graph a node input nothing defines or a cycle ({@link GraphStructure}). Tensor payloads
 * are measured and skipped, not read, so a 100 MB model is checked in milliseconds.
 *
 * <p>It walks every place a tensor can live: initializers, sparse initializers, node attributes
 * (tensors, sparse tensors, subgraphs, recursively) and functions. A known field with an
 * unexpected wire type is refused, not skipped, so no field can hide behind another. Field numbers
 * are those of {@code onnx.proto}.
 */
final class ModelPreCheck {
  private static final int MAX_DEPTH = 32;
  /** The newest IR version ONNX Runtime 1.28 reads; {@code BadModelCorpusTest} pins it there. */
  static final long MAX_IR_VERSION = 13;

  private final String modelName;

  private ModelPreCheck(String modelName) {
    this.modelName = modelName;
  }

  /**
   * @throws ModelLoadException with {@link LoadOutcome#INVALID_MODEL} if the model is refused
   */
  static void check(String modelName, byte[] bytes) {
    ModelPreCheck check = new ModelPreCheck(modelName);
    try {
      ProtoReader model = new ProtoReader(bytes);
      boolean hasGraph = false;
      while (model.next()) {
        if (model.field() == 1) { // ir_version
          check.irVersion(model.readVarintField());
        } else if (model.field() == 7) { // graph
          hasGraph = true;
          check.graph(model.readMessage(), "graph", 0);
        } else if (model.field() == 25) { // functions
          check.function(model.readMessage());
        } else {
          model.skip();
        }
      }
      if (!hasGraph) {
        throw check.refuse("has no graph: these bytes are not an ONNX model");
      }
    } catch (ProtoReader.Malformed e) {
      throw new ModelLoadException(
          modelName,
          LoadOutcome.INVALID_MODEL,
          "model '" + modelName + "' is not a well-formed ONNX file (truncated or corrupt): "
              + e.getMessage(),
          e);
    }
  }

  private void irVersion(long version) {
    if (version > MAX_IR_VERSION) {
      throw refuse("declares ONNX IR version " + version + ", but ONNX Runtime reads IR versions up"
          + " to " + MAX_IR_VERSION);
    }
  }

  private void graph(ProtoReader graph, String where, int depth) throws ProtoReader.Malformed {
    if (depth > MAX_DEPTH) {
      throw refuse("nests subgraphs deeper than " + MAX_DEPTH);
    }
    // Only the main graph's data flow: a subgraph's nodes may read the enclosing graph's values.
    GraphStructure structure = depth == 0 ? new GraphStructure() : null;
    while (graph.next()) {
      switch (graph.field()) {
        case 1: // node
          node(graph.readMessage(), where, depth, structure);
          break;
        case 5: // initializer
          define(structure, tensor(graph.readMessage(), where + " initializer"));
          break;
        case 11: // input
          define(structure, valueInfo(graph.readMessage(), where));
          break;
        case 12: // output
        case 13: // value_info
          valueInfo(graph.readMessage(), where);
          break;
        case 15: // sparse_initializer
          define(structure, sparseTensor(graph.readMessage(), where + " sparse initializer"));
          break;
        default:
          graph.skip();
      }
    }
    String problem = structure == null ? null : structure.problem();
    if (problem != null) {
      throw refuse(where + " " + problem);
    }
  }

  private static void define(@Nullable GraphStructure structure, String value) {
    if (structure != null) {
      structure.define(value);
    }
  }

  /** A FunctionProto: its nodes (field 7) may carry tensor attributes and subgraphs. */
  private void function(ProtoReader function) throws ProtoReader.Malformed {
    while (function.next()) {
      if (function.field() == 7) {
        node(function.readMessage(), "function", 1, null);
      } else {
        function.skip();
      }
    }
  }

  /** A SparseTensorProto: values (1) and indices (2) are tensors; returns the values' name. */
  private String sparseTensor(ProtoReader sparse, String where) throws ProtoReader.Malformed {
    String name = "";
    while (sparse.next()) {
      if (sparse.field() == 1) {
        name = tensor(sparse.readMessage(), where);
      } else if (sparse.field() == 2) {
        tensor(sparse.readMessage(), where);
      } else {
        sparse.skip();
      }
    }
    return name;
  }

  private void node(ProtoReader node, String where, int depth, @Nullable GraphStructure structure)
      throws ProtoReader.Malformed {
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    String name = "";
    String opType = "";
    while (node.next()) {
      switch (node.field()) {
        case 1:
          inputs.add(node.readString());
          break;
        case 2:
          outputs.add(node.readString());
          break;
        case 3:
          name = node.readString();
          break;
        case 4:
          opType = node.readString();
          break;
        case 5: // attribute
          attribute(node.readMessage(), where, depth);
          break;
        default:
          node.skip();
      }
    }
    if (structure != null) {
      structure.node(name, opType, inputs, outputs);
    }
  }

  private void attribute(ProtoReader attribute, String where, int depth) throws ProtoReader.Malformed {
    while (attribute.next()) {
      switch (attribute.field()) {
        case 5: // t
        case 10: // tensors
          tensor(attribute.readMessage(), where + " attribute tensor");
          break;
        case 6: // g
        case 11: // graphs
          graph(attribute.readMessage(), where + " subgraph", depth + 1);
          break;
        case 22: // sparse_tensor
        case 23: // sparse_tensors
          sparseTensor(attribute.readMessage(), where + " attribute sparse tensor");
          break;
        default:
          attribute.skip();
      }
    }
  }

  /** Checks a TensorProto; returns its name. */
  private String tensor(ProtoReader tensor, String where) throws ProtoReader.Malformed {
    String name = "";
    List<Long> dims = new ArrayList<>();
    boolean external = false;
    @Nullable String location = null;
    TensorPayload payload = new TensorPayload();
    while (tensor.next()) {
      switch (tensor.field()) {
        case 1:
          tensor.readInt64s(dims);
          break;
        case 2:
          payload.dataType = tensor.readVarintField();
          break;
        case 3:
          payload.segmented = true;
          tensor.skip();
          break;
        case 4: // float_data
          payload.typed(4, tensor.skipValues(4));
          break;
        case 5: // int32_data
        case 7: // int64_data
        case 11: // uint64_data
          payload.typed(tensor.field(), tensor.skipValues(0));
          break;
        case 6: // string_data
          tensor.skipBytes();
          payload.typed(6, 1);
          break;
        case 8:
          name = tensor.readString();
          break;
        case 9:
          payload.rawBytes = tensor.skipBytes();
          break;
        case 10: // double_data
          payload.typed(10, tensor.skipValues(8));
          break;
        case 13: // external_data: key/value entries
          external = true;
          String[] entry = entry(tensor.readMessage());
          if ("location".equals(entry[0])) {
            location = entry[1];
          }
          break;
        case 14: // data_location: 1 = EXTERNAL
          external |= tensor.readVarintField() == 1;
          break;
        default:
          tensor.skip();
      }
    }
    if (external) {
      throw refuse(
          where + " '" + name + "' keeps its data in an external file"
              + (location == null ? "" : " '" + location + "'")
              + (location != null && leavesDirectory(location) ? ", a path that leaves the model's directory" : "")
              + "; external data is not supported: store the weights inside the model file");
    }
    long elements = 1;
    for (long dim : dims) {
      if (dim < 0 || dim > Integer.MAX_VALUE || (elements *= dim) > Integer.MAX_VALUE) {
        throw refuse(where + " '" + name + "' declares absurd dimensions " + dims);
      }
    }
    String mismatch = payload.mismatch(elements);
    if (mismatch != null) {
      throw refuse(where + " '" + name + "' of dims " + dims + " " + mismatch);
    }
    return name;
  }

  /** Checks a ValueInfoProto's declared dimensions; returns its name. */
  private String valueInfo(ProtoReader valueInfo, String where) throws ProtoReader.Malformed {
    String name = "";
    List<Long> dims = new ArrayList<>();
    while (valueInfo.next()) {
      if (valueInfo.field() == 1) {
        name = valueInfo.readString();
      } else if (valueInfo.field() == 2) { // type -> tensor_type(1) -> shape(2) -> dim(1) -> dim_value(1)
        ProtoReader type = valueInfo.readMessage();
        while (type.next()) {
          if (type.field() == 1) {
            tensorShape(type.readMessage(), dims);
          } else {
            type.skip();
          }
        }
      } else {
        valueInfo.skip();
      }
    }
    for (long dim : dims) {
      if (dim < 0 || dim > Integer.MAX_VALUE) {
        throw refuse(where + " value '" + name + "' declares absurd dimensions " + dims);
      }
    }
    return name;
  }

  private static void tensorShape(ProtoReader tensorType, List<Long> dims) throws ProtoReader.Malformed {
    while (tensorType.next()) {
      if (tensorType.field() != 2) {
        tensorType.skip();
        continue;
      }
      ProtoReader shape = tensorType.readMessage();
      while (shape.next()) {
        if (shape.field() != 1) {
          shape.skip();
          continue;
        }
        ProtoReader dim = shape.readMessage();
        while (dim.next()) {
          if (dim.field() == 1) {
            dims.add(dim.readVarintField());
          } else {
            dim.skip();
          }
        }
      }
    }
  }

  private static String[] entry(ProtoReader entry) throws ProtoReader.Malformed {
    String[] keyValue = {"", ""};
    while (entry.next()) {
      if (entry.field() == 1 || entry.field() == 2) {
        keyValue[entry.field() - 1] = entry.readString();
      } else {
        entry.skip();
      }
    }
    return keyValue;
  }

  private static boolean leavesDirectory(String location) {
    String path = location.replace('\\', '/');
    return path.startsWith("/") || path.matches("^[A-Za-z]:.*") || path.equals("..")
        || path.startsWith("../") || path.contains("/../") || path.endsWith("/..");
  }

  private ModelLoadException refuse(String reason) {
    return new ModelLoadException(
        modelName, LoadOutcome.INVALID_MODEL, "model '" + modelName + "' " + reason, null);
  }
}
