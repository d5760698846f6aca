package dev.monitoredinference.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import dev.monitoredinference.ElementType;
import dev.monitoredinference.TensorSpec;
import org.jspecify.annotations.Nullable;

/** Maps ONNX Runtime's type descriptions onto this library's. */
final class OnnxTypes {
  private OnnxTypes() {}

  /** The element type for {@code type}, or null if this library does not carry it. */
  static @Nullable ElementType elementType(OnnxJavaType type) {
    switch (type) {
      case FLOAT:
        return ElementType.FLOAT;
      case DOUBLE:
        return ElementType.DOUBLE;
      case INT32:
        return ElementType.INT32;
      case INT64:
        return ElementType.INT64;
      case BOOL:
        return ElementType.BOOL;
      case STRING:
        return ElementType.STRING;
      default:
        return null;
    }
  }

  /**
   * The spec of a declared input or output, or null if it is not a tensor of a supported type.
   * Symbolic dimensions come back from ONNX Runtime as -1, which is {@link TensorSpec#FREE}, with
   * their {@code dim_param} names.
   */
  static @Nullable TensorSpec spec(NodeInfo node) {
    if (!(node.getInfo() instanceof TensorInfo)) {
      return null;
    }
    TensorInfo info = (TensorInfo) node.getInfo();
    ElementType type = elementType(info.type);
    if (type == null) {
      return null;
    }
    long[] shape = info.getShape();
    String[] reported = info.getDimensionNames();
    String[] names = new String[shape.length];
    for (int axis = 0; axis < shape.length; axis++) {
      shape[axis] = Math.max(shape[axis], TensorSpec.FREE);
      boolean named = shape[axis] == TensorSpec.FREE && reported != null && axis < reported.length
          && reported[axis] != null;
      names[axis] = named ? reported[axis] : "";
    }
    return TensorSpec.of(node.getName(), type, shape).withDimensionNames(names);
  }
}
