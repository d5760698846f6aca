package dev.monitoredinference.versioning;

import dev.monitoredinference.Inputs;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.runtime.LoadRequest;
import dev.monitoredinference.runtime.ModelLoader;
import dev.monitoredinference.runtime.ModelRuntime;
import dev.monitoredinference.runtime.RunControl;
import dev.monitoredinference.testing.ForwardingModelRuntime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a loader and watches every runtime it makes: how many are open at once (and the most
 * ever), how often each was closed, and any run after a close.
 */
final class CountingLoader implements ModelLoader {
  private final ModelLoader delegate;
  final List<Watched> loaded = new CopyOnWriteArrayList<>();
  final AtomicInteger open = new AtomicInteger();
  final AtomicInteger maxOpen = new AtomicInteger();
  final AtomicInteger runsAfterClose = new AtomicInteger();

  CountingLoader(ModelLoader delegate) {
    this.delegate = delegate;
  }

  @Override
  public ModelRuntime load(LoadRequest request) {
    Watched watched = new Watched(delegate.load(request));
    loaded.add(watched);
    maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
    return watched;
  }

  /** Whether every runtime but the open ones was closed exactly once. */
  boolean eachClosedAtMostOnce() {
    return loaded.stream().allMatch(runtime -> runtime.closes.get() <= 1);
  }

  final class Watched extends ForwardingModelRuntime {
    final AtomicInteger closes = new AtomicInteger();

    Watched(ModelRuntime runtime) {
      super(runtime);
    }

    @Override
    public Prediction run(Inputs inputs, RunControl control) {
      if (closes.get() > 0) {
        runsAfterClose.incrementAndGet();
      }
      return super.run(inputs, control);
    }

    @Override
    public void close() {
      if (closes.incrementAndGet() == 1) {
        open.decrementAndGet();
      }
      super.close();
    }
  }
}
