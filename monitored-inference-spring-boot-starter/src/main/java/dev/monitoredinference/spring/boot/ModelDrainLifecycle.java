package dev.monitoredinference.spring.boot;

import dev.monitoredinference.MonitoredModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Drains every {@link MonitoredModel} bean when the application stops, all at once, each for its
 * {@code shutdown-timeout}. Its phase is below the web server's graceful shutdown and stop, so
 * requests stop arriving before the models refuse them, and the calls still in flight finish.
 */
class ModelDrainLifecycle implements SmartLifecycle {
  /** After the web server's graceful shutdown (DEFAULT_PHASE - 1024) and stop (- 2048). */
  static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 3072;

  private static final Logger log = LoggerFactory.getLogger(ModelDrainLifecycle.class);

  private final ListableBeanFactory beanFactory;
  private final MonitoredModelFactory factory;
  private volatile boolean running;

  ModelDrainLifecycle(ListableBeanFactory beanFactory, MonitoredModelFactory factory) {
    this.beanFactory = beanFactory;
    this.factory = factory;
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    Map<String, MonitoredModel> models = beanFactory.getBeansOfType(MonitoredModel.class);
    List<Thread> drains = new ArrayList<>(models.size());
    models.forEach((beanName, model) -> {
      Thread drain = new Thread(() -> drain(model), "monitored-inference-drain-" + model.name());
      drain.start();
      drains.add(drain);
    });
    for (Thread drain : drains) {
      try {
        drain.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void drain(MonitoredModel model) {
    if (!model.shutdown(factory.shutdownTimeout(model.name()))) {
      log.warn("model '{}' had calls still running after its shutdown-timeout of {}; they were"
          + " told to terminate", model.name(), factory.shutdownTimeout(model.name()));
    }
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
