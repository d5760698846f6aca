package dev.monitoredinference.abuse;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hand-off from calls to the detector's thread: bounded, lock-free, and producers never wake
 * the consumer (an unpark is a system call, more than the whole inline cost), except when the
 * queue reaches half its capacity; the consumer drains it, then pauses {@value #PAUSE_MILLIS} ms.
 * A query that waits is judged a little later; nothing is decided inline from it. Events raised
 * on a caller's thread ride along and are not counted against the capacity.
 */
final class QueryQueue {
  static final long PAUSE_MILLIS = 10;
  private static final Logger log = LoggerFactory.getLogger(QueryQueue.class);

  /** One served query of a caller, as copied on the caller's thread. */
  private static final class Query {
    final CallerState state;
    final Object query;
    final long nanos;

    Query(CallerState state, Object query, long nanos) {
      this.state = state;
      this.query = query;
      this.nanos = nanos;
    }
  }

  private final ConcurrentLinkedQueue<Object> items = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queries = new AtomicInteger();
  private final LongAdder dropped = new LongAdder();
  private final int capacity;
  private final Thread thread;
  private volatile boolean closed;

  QueryQueue(String modelName, int capacity, AbuseEngine engine, Consumer<AbuseEvent> dispatch) {
    this.capacity = capacity;
    this.thread = new Thread(() -> drain(engine, dispatch), "monitored-inference-abuse-" + modelName);
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues a query unless {@code capacity} are waiting (then drops and counts it); never blocks. */
  void offer(CallerState state, Object query, long nanos) {
    int waiting = queries.incrementAndGet();
    if (waiting > capacity) {
      queries.decrementAndGet();
      dropped.increment();
      return;
    }
    items.add(new Query(state, query, nanos));
    if (waiting == Math.max(1, capacity / 2)) {
      LockSupport.unpark(thread);
    }
  }

  /** Queues an event raised on a caller's thread, for the listeners on the detector's thread. */
  void event(AbuseEvent event) {
    items.add(event);
  }

  long dropped() {
    return dropped.sum();
  }

  void close() {
    closed = true;
    LockSupport.unpark(thread);
  }

  private void drain(AbuseEngine engine, Consumer<AbuseEvent> dispatch) {
    while (!closed) {
      Object item = items.poll();
      if (item == null) {
        LockSupport.parkNanos(this, PAUSE_MILLIS * 1_000_000);
        continue;
      }
      try {
        if (item instanceof Query) {
          queries.decrementAndGet();
          Query query = (Query) item;
          engine.observe(query.state, query.query, query.nanos);
        } else {
          dispatch.accept((AbuseEvent) item);
        }
      } catch (RuntimeException e) {
        log.warn("judging a query failed; the detector goes on", e);
      }
    }
  }
}
