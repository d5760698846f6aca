package dev.monitoredinference.onnx;

import org.jspecify.annotations.Nullable;

/**
 * How much data a {@code TensorProto} carries, measured by {@link ModelPreCheck} without reading
 * it, against what its dims and data type take. ONNX Runtime refuses a mismatch with {@code
 * ORT_FAIL}, which could as well be the host's failure; here it can only be the model's. Data types
 * of less than a byte, unknown ones, and segmented tensors are not judged.
 */
final class TensorPayload {
  /** Bytes per element of raw data, by {@code TensorProto.DataType}; 0 where not judged. */
  private static final int[] RAW_WIDTH = {
    0, 4, 1, 1, 2, 2, 4, 8, 0, 1, 2, 8, 4, 8, 8, 16, 2, 1, 1, 1, 1, 0, 0, 0, 1
  };

  private static final String[] TYPE_NAMES = {
    "UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16", "INT32", "INT64", "STRING", "BOOL",
    "FLOAT16", "DOUBLE", "UINT32", "UINT64", "COMPLEX64", "COMPLEX128", "BFLOAT16", "FLOAT8E4M3FN",
    "FLOAT8E4M3FNUZ", "FLOAT8E5M2", "FLOAT8E5M2FNUZ", "UINT4", "INT4", "FLOAT4E2M1", "FLOAT8E8M0"
  };

  long dataType;
  boolean segmented;
  long rawBytes = -1;
  /** Values found per typed field (4 float_data … 11 uint64_data): fields come in any order. */
  private final long[] typedValues = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1};

  /** Counts {@code values} found in typed field {@code field}. */
  void typed(int field, long values) {
    typedValues[field] = Math.max(typedValues[field], 0) + values;
  }

  /** Why the data does not fit {@code elements} elements, or null if it does or is not judged. */
  @Nullable String mismatch(long elements) {
    if (segmented || dataType <= 0 || dataType >= RAW_WIDTH.length) {
      return null;
    }
    String type = TYPE_NAMES[(int) dataType];
    if (rawBytes >= 0) {
      int width = RAW_WIDTH[(int) dataType];
      return width == 0 || rawBytes == elements * width ? null
          : "holds " + rawBytes + " bytes of raw data, but " + elements + " " + type
              + " elements take " + elements * width;
    }
    int field = typedField();
    long values = field < 0 ? -1 : typedValues[field];
    long expected = dataType == 14 || dataType == 15 ? 2 * elements : elements; // complex: 2 each
    return values < 0 || values == expected ? null
        : "holds " + values + " values, but " + elements + " " + type + " elements take " + expected;
  }

  /** The {@code TensorProto} field that holds this data type's values when not raw. */
  private int typedField() {
    switch ((int) dataType) {
      case 1: case 14: // FLOAT, COMPLEX64
        return 4;
      case 2: case 3: case 4: case 5: case 6: case 9: case 10: case 16: case 17: case 18: case 19:
      case 20: // 8, 16 and 32-bit integers, bool, 16 and 8-bit floats
        return 5;
      case 8: // STRING
        return 6;
      case 7: // INT64
        return 7;
      case 11: case 15: // DOUBLE, COMPLEX128
        return 10;
      case 12: case 13: // UINT32, UINT64
        return 11;
      default:
        return -1; // 4-bit types pack values; newer types: not judged
    }
  }
}
