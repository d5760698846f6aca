package dev.monitoredinference.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands an event (an anomaly alert, a drift event) to the log, as one JSON line on the {@value
 * #LOGGER} logger (WARN when it starts a problem, INFO when it ends one), and to each listener,
 * guarding each: a listener that throws is counted and the first failure logged, and the next
 * listener still hears the event.
 *
 * @param <E> the event type
 * @param <L> the listener type
 */
public final class EventDispatcher<E, L> {
  /** The logger event lines go to, so a log pipeline can route them on their own. */
  public static final String LOGGER = "dev.monitoredinference.alerts";

  private static final Logger events = LoggerFactory.getLogger(LOGGER);
  private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);

  private final List<L> listeners;
  private final BiConsumer<L, E> deliver;
  private final Function<E, String> json;
  private final Predicate<E> warn;
  private final AtomicLong failures = new AtomicLong();

  /**
   * A dispatcher to {@code listeners}, calling {@code deliver(listener, event)} for each; {@code
   * json} formats the log line and {@code warn} says whether it is logged at WARN (else INFO).
   */
  public EventDispatcher(List<L> listeners, BiConsumer<L, E> deliver, Function<E, String> json,
      Predicate<E> warn) {
    this.listeners = List.copyOf(listeners);
    this.deliver = deliver;
    this.json = json;
    this.warn = warn;
  }

  /** Logs {@code event} and hands it to every listener, in order; never throws. */
  public void dispatch(E event) {
    try {
      if (warn.test(event)) {
        events.warn("{}", json.apply(event));
      } else {
        events.info("{}", json.apply(event));
      }
    } catch (RuntimeException failure) {
      failed(failure, "logging an event");
    }
    for (L listener : listeners) {
      try {
        deliver.accept(listener, event);
      } catch (RuntimeException | LinkageError | AssertionError failure) {
        failed(failure, "listener " + listener.getClass().getName());
      }
    }
  }

  /** Deliveries that threw: listeners, and the log line if logging itself failed. */
  public long failures() {
    return failures.get();
  }

  private void failed(Throwable failure, String what) {
    if (failures.getAndIncrement() == 0) {
      log.warn("{} failed; the event still reached the other listeners, and further failures are"
          + " only counted", what, failure);
    }
  }
}
