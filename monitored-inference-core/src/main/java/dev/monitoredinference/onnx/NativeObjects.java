package dev.monitoredinference.onnx;

import java.util.concurrent.atomic.LongAdder;

/** Counts the live native objects (session, tensors, results) of one runtime, for leak checks. */
final class NativeObjects {
  private final LongAdder live = new LongAdder();

  void opened() {
    live.increment();
  }

  void closed() {
    live.decrement();
  }

  void opened(int count) {
    live.add(count);
  }

  void closed(int count) {
    live.add(-count);
  }

  long live() {
    return live.sum();
  }
}
