package dev.monitoredinference.onnx;

import dev.monitoredinference.ElementType;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.Tensor;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Direct memory that one run at a time copies its heap-held inputs into, kept from run to run.
 * Given a heap buffer, ONNX Runtime allocates a direct one per input per call (zeroed, with a
 * cleaner to free it after a later GC, and counted against the JVM's direct-memory limit, whose
 * exhaustion stalls callers in {@code System.gc()}); a direct buffer it uses in place. Slices
 * start 64-byte aligned. Inputs that are direct in native order already, strings, empty tensors,
 * and runs needing more than {@link #MAX_BYTES} go the runtime's own way: the arena pays off for
 * small, frequent calls. A runtime keeps up to {@code RunScratchPool.SLOTS} idle (4 MiB at most);
 * calls beyond them, and those replacing a terminated run's, make arenas the cleaner frees. Not
 * thread-safe: a run holds it until its tensors are closed.
 */
final class InputArena {
  static final int MAX_BYTES = 256 << 10;
  private static final int ALIGN = 64;

  private static final ByteBuffer NONE = ByteBuffer.allocateDirect(0);

  private ByteBuffer bytes = NONE;
  private FloatBuffer floats = bytes.asFloatBuffer();
  private DoubleBuffer doubles = bytes.asDoubleBuffer();
  private IntBuffer ints = bytes.asIntBuffer();
  private LongBuffer longs = bytes.asLongBuffer();
  private int used;
  private boolean active;

  /** Starts a run over {@code inputs}: grows the arena if they need more (up to the cap). */
  void begin(Inputs inputs) {
    used = 0;
    long needed = 0;
    for (int i = 0; i < inputs.size(); i++) {
      needed += slice(inputs.tensor(i));
    }
    active = needed <= MAX_BYTES;
    if (active && needed > bytes.capacity()) {
      int capacity =
          Math.min(MAX_BYTES, Math.max(4096, Integer.highestOneBit((int) needed - 1) << 1));
      // Exactly capacity bytes from the first aligned address: the slack before it varies.
      bytes = ByteBuffer.allocateDirect(capacity + ALIGN)
          .alignedSlice(ALIGN).slice(0, capacity).order(ByteOrder.nativeOrder());
      floats = bytes.asFloatBuffer();
      doubles = bytes.asDoubleBuffer();
      ints = bytes.asIntBuffer();
      longs = bytes.asLongBuffer();
    }
  }

  /**
   * {@code tensor}'s data copied into the arena, as a direct buffer of its type whose position and
   * remaining are the slice; null when the runtime should take the tensor as it is. The views are
   * shared and repositioned per slice: ONNX Runtime reads a buffer's position and remaining once,
   * when it makes the tensor, so the next input may move them.
   */
  @Nullable Buffer copy(Tensor tensor) {
    long length = slice(tensor);
    if (!active || length == 0) {
      return null;
    }
    Buffer source = tensor.buffer();
    int index = used / width(tensor.type()); // slices start aligned, so this is exact
    used += (int) length;
    int count = source.remaining();
    int from = source.position();
    Buffer view;
    switch (tensor.type()) {
      case FLOAT:
        view = floats.clear().put(index, (FloatBuffer) source, from, count);
        break;
      case DOUBLE:
        view = doubles.clear().put(index, (DoubleBuffer) source, from, count);
        break;
      case INT32:
        view = ints.clear().put(index, (IntBuffer) source, from, count);
        break;
      case INT64:
        view = longs.clear().put(index, (LongBuffer) source, from, count);
        break;
      default: // BOOL, a byte per value
        view = bytes.clear().put(index, (ByteBuffer) source, from, count);
    }
    return view.limit(index + count).position(index);
  }

  /** The bytes {@code tensor} takes in the arena, rounded up to the alignment; 0 if none. */
  private static long slice(Tensor tensor) {
    ElementType type = tensor.type();
    if (type == ElementType.STRING || tensor.size() == 0 || tensor.isDirect()) {
      return 0;
    }
    long length = (long) tensor.size() * width(type);
    return (length + ALIGN - 1) / ALIGN * ALIGN;
  }

  private static int width(ElementType type) {
    switch (type) {
      case DOUBLE:
      case INT64:
        return 8;
      case BOOL:
        return 1;
      default:
        return 4;
    }
  }
}
