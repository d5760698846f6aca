package dev.monitoredinference.onnx;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A minimal reader of the protobuf wire format, enough to walk an ONNX {@code ModelProto} before
 * ONNX Runtime sees it. Hand-written so that core does not force a protobuf-java version on users.
 * Every read is bounds-checked; malformed input throws {@link Malformed}.
 */
final class ProtoReader {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  /** The bytes are not valid protobuf (truncated, bad length, unknown wire type). */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message, int offset) {
      super(message + " at byte " + offset);
    }
  }

  private final byte[] bytes;
  private final int limit;
  private int position;
  private int tag;

  ProtoReader(byte[] bytes) {
    this(bytes, 0, bytes.length);
  }

  private ProtoReader(byte[] bytes, int start, int limit) {
    this.bytes = bytes;
    this.position = start;
    this.limit = limit;
  }

  /** Reads the next field's tag; false at the end of this message. */
  boolean next() throws Malformed {
    if (position >= limit) {
      return false;
    }
    tag = (int) readVarint();
    if (tag >>> 3 == 0) {
      throw new Malformed("field number 0", position);
    }
    return true;
  }

  int field() {
    return tag >>> 3;
  }

  int wireType() {
    return tag & 7;
  }

  long readVarint() throws Malformed {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (position >= limit) {
        throw new Malformed("truncated varint", position);
      }
      byte b = bytes[position++];
      value |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw new Malformed("varint longer than 10 bytes", position);
  }

  /**
   * The current length-delimited field as a reader of its own.
   *
   * @throws Malformed if the field is not length-delimited: a known field with another wire type
   *     would be skipped by a protobuf parser, so its bytes could hide fields from this reader
   */
  ProtoReader readMessage() throws Malformed {
    requireWireType(LENGTH_DELIMITED);
    int length = readLength();
    ProtoReader message = new ProtoReader(bytes, position, position + length);
    position += length;
    return message;
  }

  String readString() throws Malformed {
    requireWireType(LENGTH_DELIMITED);
    int length = readLength();
    String value = new String(bytes, position, length, StandardCharsets.UTF_8);
    position += length;
    return value;
  }

  /** Reads a repeated int64 field's values, packed or not, into {@code into}. */
  void readInt64s(List<Long> into) throws Malformed {
    if (wireType() != VARINT && wireType() != LENGTH_DELIMITED) {
      throw new Malformed("field " + field() + " has wire type " + wireType(), position);
    }
    if (wireType() == LENGTH_DELIMITED) {
      ProtoReader packed = readMessage();
      while (packed.position < packed.limit) {
        into.add(packed.readVarint());
      }
    } else {
      into.add(readVarint());
    }
  }

  /** Skips the current length-delimited field, returning its length in bytes. */
  int skipBytes() throws Malformed {
    requireWireType(LENGTH_DELIMITED);
    int length = readLength();
    position += length;
    return length;
  }

  /**
   * Skips the current field of a repeated numeric type, packed or not, returning how many values
   * it holds: {@code width} 4 or 8 for fixed32/fixed64 values, 0 for varints.
   */
  long skipValues(int width) throws Malformed {
    if (wireType() == LENGTH_DELIMITED) {
      ProtoReader packed = readMessage();
      int length = packed.limit - packed.position;
      if (width > 0) {
        if (length % width != 0) {
          throw new Malformed("packed field " + field() + " of " + length + " bytes is not a whole"
              + " number of " + width + "-byte values", position);
        }
        return length / width;
      }
      long count = 0;
      while (packed.position < packed.limit) {
        packed.readVarint();
        count++;
      }
      return count;
    }
    requireWireType(width == 4 ? FIXED32 : width == 8 ? FIXED64 : VARINT);
    skip();
    return 1;
  }

  /** The current field's value, which must be a varint. */
  long readVarintField() throws Malformed {
    requireWireType(VARINT);
    return readVarint();
  }

  private void requireWireType(int expected) throws Malformed {
    if (wireType() != expected) {
      throw new Malformed(
          "field " + field() + " has wire type " + wireType() + ", not " + expected, position);
    }
  }

  void skip() throws Malformed {
    switch (wireType()) {
      case VARINT:
        readVarint();
        break;
      case FIXED64:
        advance(8);
        break;
      case LENGTH_DELIMITED:
        advance(readLength());
        break;
      case FIXED32:
        advance(4);
        break;
      default:
        throw new Malformed("unsupported wire type " + wireType(), position);
    }
  }

  private int readLength() throws Malformed {
    long length = readVarint();
    if (length < 0 || length > limit - position) {
      throw new Malformed("length " + length + " runs past the end of its message", position);
    }
    return (int) length;
  }

  private void advance(int count) throws Malformed {
    if (count > limit - position) {
      throw new Malformed("field runs past the end of its message", position);
    }
    position += count;
  }
}
