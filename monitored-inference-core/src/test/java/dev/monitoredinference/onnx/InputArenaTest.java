package dev.monitoredinference.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.Inputs;
import dev.monitoredinference.Tensor;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import org.junit.jupiter.api.Test;

/** Which inputs the arena takes, where their slices lie, and that a slice holds exactly its data. */
class InputArenaTest {
  private final InputArena arena = new InputArena();

  @Test
  void eachTypedInput_getsItsOwnAlignedDirectSlice_holdingItsValues() {
    Inputs inputs = Inputs.builder()
        .put("f", Tensor.ofFloats(new float[] {1.5f, -2f, 3.25f}, 1, 3))
        .put("l", Tensor.ofLongs(new long[] {7, Long.MIN_VALUE}, 2))
        .put("d", Tensor.ofDoubles(new double[] {0.1}, 1))
        .put("i", Tensor.ofInts(new int[] {-4, 5, 6, 7, 8}, 5))
        .put("b", Tensor.ofBooleans(new boolean[] {true, false, true}, 3))
        .build();
    arena.begin(inputs);

    FloatBuffer f = (FloatBuffer) arena.copy(inputs.tensor(0));
    LongBuffer l = (LongBuffer) arena.copy(inputs.tensor(1));
    DoubleBuffer d = (DoubleBuffer) arena.copy(inputs.tensor(2));
    IntBuffer i = (IntBuffer) arena.copy(inputs.tensor(3));
    ByteBuffer b = (ByteBuffer) arena.copy(inputs.tensor(4));

    // Every slice starts a 64-byte line of its own, in element units of its type.
    assertSlice(f, 0, 3);
    assertSlice(l, 64 / 8, 2);
    assertSlice(d, 128 / 8, 1);
    assertSlice(i, 192 / 4, 5);
    assertSlice(b, 256, 3);
    assertThat(f.order()).isEqualTo(ByteOrder.nativeOrder());
    // Read after all five were copied: a later copy moved the shared views, not the data.
    assertThat(new float[] {f.get(0), f.get(1), f.get(2)}).containsExactly(1.5f, -2f, 3.25f);
    assertThat(new long[] {l.get(8), l.get(9)}).containsExactly(7, Long.MIN_VALUE);
    assertThat(d.get(16)).isEqualTo(0.1);
    assertThat(new int[] {i.get(48), i.get(49), i.get(50), i.get(51), i.get(52)})
        .containsExactly(-4, 5, 6, 7, 8);
    assertThat(new byte[] {b.get(256), b.get(257), b.get(258)}).containsExactly(1, 0, 1);
  }

  @Test
  void twoInputsOfOneType_shareAViewButNotTheirData() {
    Inputs inputs = Inputs.builder()
        .put("a", Tensor.ofFloats(new float[] {1, 2, 3}, 3))
        .put("b", Tensor.ofFloats(new float[] {4, 5}, 2))
        .build();
    arena.begin(inputs);

    FloatBuffer a = (FloatBuffer) arena.copy(inputs.tensor(0));
    int aPosition = a.position();
    FloatBuffer b = (FloatBuffer) arena.copy(inputs.tensor(1));

    assertThat(b).isSameAs(a); // one view, moved to the second slice
    assertThat(aPosition).isZero();
    assertSlice(b, 64 / 4, 2);
    assertThat(new float[] {b.get(0), b.get(1), b.get(2), b.get(16), b.get(17)})
        .containsExactly(1f, 2f, 3f, 4f, 5f);
  }

  @Test
  void anArenaThatHasMemory_growsForALargerRun_andHoldsItsValues() {
    Inputs small = Inputs.of("x", Tensor.ofFloats(new float[] {1}, 1));
    arena.begin(small);
    FloatBuffer before = (FloatBuffer) arena.copy(small.tensor(0));
    assertThat(before.capacity()).isEqualTo(4096 / 4);

    float[] values = new float[3000]; // 12,000 bytes: past 4 KiB
    for (int i = 0; i < values.length; i++) {
      values[i] = i * 0.5f;
    }
    Inputs large = Inputs.of("x", Tensor.ofFloats(values, values.length));
    arena.begin(large);
    FloatBuffer after = (FloatBuffer) arena.copy(large.tensor(0));

    assertThat(after).isNotSameAs(before);
    assertThat(after.capacity()).isEqualTo(16384 / 4);
    assertSlice(after, 0, 3000);
    float[] read = new float[3000];
    after.get(read);
    assertThat(read).containsExactly(values);
  }

  @Test
  void aDirectBufferInTheOtherByteOrder_isCopiedAsValues() {
    ByteOrder other = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
        ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    FloatBuffer foreign = ByteBuffer.allocateDirect(8).order(other).asFloatBuffer().put(new float[] {1.5f, -2f}).flip();
    Tensor tensor = Tensor.ofFloats(foreign, 2);
    assertThat(tensor.isDirect()).isFalse(); // ONNX Runtime would read its bytes as native order
    Inputs inputs = Inputs.of("x", tensor);
    arena.begin(inputs);

    FloatBuffer copied = (FloatBuffer) arena.copy(inputs.tensor(0));

    assertSlice(copied, 0, 2);
    assertThat(copied.order()).isEqualTo(ByteOrder.nativeOrder());
    assertThat(new float[] {copied.get(0), copied.get(1)}).containsExactly(1.5f, -2f);
  }

  @Test
  void aLaterRun_reusesTheSameMemory_fromItsStart() {
    Inputs first = Inputs.of("x", Tensor.ofFloats(new float[] {1, 2}, 2));
    arena.begin(first);
    FloatBuffer one = (FloatBuffer) arena.copy(first.tensor(0));
    Inputs second = Inputs.of("x", Tensor.ofFloats(new float[] {9, 8}, 2));
    arena.begin(second);
    FloatBuffer two = (FloatBuffer) arena.copy(second.tensor(0));

    assertThat(two).isSameAs(one); // the same view over the same memory
    assertSlice(two, 0, 2);
    assertThat(two.get(0)).isEqualTo(9f);
  }

  @Test
  void aSliceOfAHeapBuffer_isCopiedFromItsPosition() {
    FloatBuffer stored = FloatBuffer.wrap(new float[] {0, 0, 4, 5, 0}, 2, 2).slice();
    Inputs inputs = Inputs.of("x", Tensor.ofFloats(stored, 2));
    arena.begin(inputs);

    FloatBuffer copied = (FloatBuffer) arena.copy(inputs.tensor(0));

    assertSlice(copied, 0, 2);
    assertThat(new float[] {copied.get(0), copied.get(1)}).containsExactly(4f, 5f);
  }

  @Test
  void directStringAndEmptyInputs_areLeftToTheRuntime() {
    FloatBuffer direct = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder()).asFloatBuffer();
    Inputs inputs = Inputs.builder()
        .put("direct", Tensor.ofFloats(direct, 2))
        .put("text", Tensor.ofStrings(new String[] {"a"}, 1))
        .put("empty", Tensor.ofFloats(new float[0], 0))
        .put("heap", Tensor.ofFloats(new float[] {3}, 1))
        .build();
    arena.begin(inputs);

    assertThat(arena.copy(inputs.tensor(0))).isNull();
    assertThat(arena.copy(inputs.tensor(1))).isNull();
    assertThat(arena.copy(inputs.tensor(2))).isNull();
    assertSlice(arena.copy(inputs.tensor(3)), 0, 1); // the first slice: the others took none
  }

  @Test
  void aRunOverTheCap_isLeftToTheRuntime_andTheNextSmallOneIsTakenAgain() {
    int justOver = InputArena.MAX_BYTES / 4 + 1;
    Inputs big = Inputs.of("x", Tensor.ofFloats(new float[justOver], justOver));
    arena.begin(big);
    assertThat(arena.copy(big.tensor(0))).isNull();

    Inputs atCap = Inputs.of("x", Tensor.ofFloats(new float[justOver - 1], justOver - 1));
    arena.begin(atCap);
    assertSlice(arena.copy(atCap.tensor(0)), 0, justOver - 1);
  }

  private static void assertSlice(Buffer buffer, int position, int remaining) {
    assertThat(buffer.isDirect()).isTrue();
    assertThat(buffer.position()).isEqualTo(position);
    assertThat(buffer.remaining()).isEqualTo(remaining);
  }
}
