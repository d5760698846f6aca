package dev.monitoredinference.examples.search;

import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.authentication.HmacBearerTokens;
import dev.monitoredinference.embedding.TextEmbedder;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * A started demo application as the scenario sees it: where it listens, its models, its meters,
 * and the handles the scenario steers it with.
 */
record RunningDemo(int port, MonitoredModel ranker, TextEmbedder embedder, MonitoredModel encoder,
    MeterRegistry registry, Alerts alerts, Slowdown slowdown, Path work, HmacBearerTokens tokens) {

  static RunningDemo of(WebServerApplicationContext context) {
    return new RunningDemo(context.getWebServer().getPort(),
        context.getBean("ranker", MonitoredModel.class),
        context.getBean("query-encoder", TextEmbedder.class),
        context.getBean("minilm", MonitoredModel.class),
        context.getBean(MeterRegistry.class),
        context.getBean(Alerts.class),
        context.getBean(Slowdown.class),
        context.getBean(DemoProperties.class).workDirectory(),
        context.getBean(HmacBearerTokens.class));
  }

  /** A new single-use admin token for {@link RankerConfiguration#ADMIN}. */
  String adminToken() {
    return tokens.issue(RankerConfiguration.ADMIN, Duration.ofMinutes(1));
  }
}
