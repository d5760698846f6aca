package dev.monitoredinference.spring.boot;

import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.embedding.TextEmbedder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Drains every {@link TextEmbedder} bean, then every {@link MonitoredModel} bean, when the
 * application stops: each kind all at once, each bean for its {@code shutdown-timeout}. Embedders
 * go first so that their calls still reach a shared encoder. Its phase is below the web server's
 * graceful shutdown and stop, so requests stop arriving before the beans refuse them, and the
 * calls still in flight finish.
 */
class ModelDrainLifecycle implements SmartLifecycle {
  /** After the web server's graceful shutdown (DEFAULT_PHASE - 1024) and stop (- 2048). */
  static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 3072;

  private static final Logger log = LoggerFactory.getLogger(ModelDrainLifecycle.class);

  private final ListableBeanFactory beanFactory;
  private final MonitoredModelFactory models;
  private final TextEmbedderFactory embedders;
  private volatile boolean running;

  ModelDrainLifecycle(ListableBeanFactory beanFactory, MonitoredModelFactory models,
      TextEmbedderFactory embedders) {
    this.beanFactory = beanFactory;
    this.models = models;
    this.embedders = embedders;
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    boolean finished = drainAll(beanFactory.getBeansOfType(TextEmbedder.class).values(),
        TextEmbedder::name, embedder -> embedder.shutdown(embedders.shutdownTimeout(embedder.name())),
        embedders::shutdownTimeout, "embedder");
    if (finished) {
      drainAll(beanFactory.getBeansOfType(MonitoredModel.class).values(), MonitoredModel::name,
          model -> model.shutdown(models.shutdownTimeout(model.name())), models::shutdownTimeout,
          "model");
    }
  }

  /** Drains each bean on its own thread and waits for all; false if interrupted. */
  private static <T> boolean drainAll(Collection<T> beans, Function<T, String> name,
      Predicate<T> drain, Function<String, Duration> timeout, String kind) {
    List<Thread> drains = new ArrayList<>(beans.size());
    for (T bean : beans) {
      String beanName = name.apply(bean);
      Thread thread = new Thread(() -> {
        if (!drain.test(bean)) {
          log.warn("{} '{}' had calls still running after its shutdown-timeout of {}; they were"
              + " told to terminate", kind, beanName, timeout.apply(beanName));
        }
      }, "monitored-inference-drain-" + beanName);
      thread.start();
      drains.add(thread);
    }
    for (Thread thread : drains) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
