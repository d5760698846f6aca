package dev.monitoredinference.examples.search;

import dev.monitoredinference.anomaly.AnomalyConfig;
import dev.monitoredinference.authentication.HmacBearerTokens;
import dev.monitoredinference.outcomes.OutcomeConfig;
import dev.monitoredinference.outcomes.QualityMetric;
import dev.monitoredinference.spring.boot.MonitoredModelCustomizer;
import dev.monitoredinference.versioning.AdminAuthorizer;
import dev.monitoredinference.versioning.AuditLog;
import dev.monitoredinference.versioning.ComparisonConfig;
import dev.monitoredinference.versioning.PromotionWatchConfig;
import dev.monitoredinference.versioning.RollbackGuardConfig;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the ranker needs beyond its properties ({@code monitored-inference.models.ranker.*}):
 * admin operations behind HMAC tokens with an audit log, the canary comparison, outcomes of the
 * simulated users, the rollback guard and the post-promotion watch on their quality, anomaly
 * detection with the scenario's short windows, and the slowdown the scenario injects.
 */
@Configuration(proxyBeanMethods = false)
class RankerConfiguration {
  /** The principal the demo's admin calls are made as. */
  static final String ADMIN = "demo-admin";

  /** A fresh secret per run: the scenario mints its tokens with it, as a deploy pipeline would. */
  @Bean
  HmacBearerTokens adminTokens() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return HmacBearerTokens.create(secret);
  }

  @Bean
  Alerts alerts() {
    return new Alerts();
  }

  @Bean
  Slowdown slowdown() {
    return new Slowdown(Duration.ofMillis(80));
  }

  @Bean
  MonitoredModelCustomizer rankerFeatures(DemoProperties demo, HmacBearerTokens tokens, Alerts alerts,
      Slowdown slowdown) {
    return (name, builder) -> {
      if (!name.equals("ranker")) {
        return;
      }
      builder.admin(tokens, AdminAuthorizer.principals(Set.of(ADMIN)),
              AuditLog.toFile(demo.workDirectory().resolve("audit.jsonl"), Clock.systemUTC()))
          .comparison(ComparisonConfig.ofDefaults().sampleRate(0.25))
          // Clicks and purchases of the simulated users, joined to the rankings they saw.
          .outcomes(OutcomeConfig.ofDefaults().attributionWindow(Duration.ofSeconds(5))
              .window(Duration.ofSeconds(30), 10))
          // A canary is ended on quality alone here: the demo's versions differ in scores by
          // design, and their latencies are alike, so divergence and latency bounds are set out of
          // the way.
          .rollbackGuard(RollbackGuardConfig.ofDefaults().minCalls(200).maxLatencyRatio(50)
              .maxDivergence(1_000).quality(QualityMetric.CTR, 0.95))
          .promotionWatch(PromotionWatchConfig.ofDefaults().period(Duration.ofMinutes(5))
              .quality(QualityMetric.CTR, 0.95).checkEvery(200))
          // Here, not in properties: the properties have no warm-up windows, and the scenario's
          // phases are seconds long.
          .anomalies(AnomalyConfig.ofDefaults().window(Duration.ofSeconds(1)).minCalls(20).warmupWindows(5))
          .alertListener(alerts::record)
          .addRuntimeInterceptor(slowdown);
    };
  }
}
