package dev.monitoredinference.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EmbeddingCacheTest {
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void anAbsentKey_isClaimed_thenServedAsAHit() {
    EmbeddingCache cache = EmbeddingCache.caffeine(10);
    EmbeddingCache.Lookup first = cache.lookup("model-a", "red shoes");
    assertThat(first.claimed()).isTrue();
    first.complete(new float[] {1f, 2f});

    EmbeddingCache.Lookup second = cache.lookup("model-a", "red shoes");
    assertThat(second.claimed()).isFalse();
    assertThat(second.join()).containsExactly(1f, 2f);
  }

  @Test
  void theScope_separatesEntries() {
    EmbeddingCache cache = EmbeddingCache.caffeine(10);
    cache.lookup("sha256:aaa|tok", "red shoes").complete(new float[] {1f});

    assertThat(cache.lookup("sha256:bbb|tok", "red shoes").claimed()).isTrue();
    assertThat(cache.lookup("sha256:aaa|tok", "red shoes ").claimed()).isTrue();
  }

  @Test
  void vectors_areCopiedInAndOut() {
    EmbeddingCache cache = EmbeddingCache.caffeine(10);
    float[] computed = {1f, 2f};
    cache.lookup("m", "q").complete(computed);
    computed[0] = 99f;
    float[] served = cache.lookup("m", "q").join();
    served[1] = 99f;

    assertThat(cache.lookup("m", "q").join()).containsExactly(1f, 2f);
  }

  @Test
  void concurrentMisses_forOneKey_computeOnce() throws Exception {
    EmbeddingCache cache = EmbeddingCache.caffeine(10);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<EmbeddingCache.Lookup>> lookups = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      lookups.add(pool.submit(() -> {
        start.await();
        return cache.lookup("m", "hot query");
      }));
    }
    start.countDown();
    List<EmbeddingCache.Lookup> claimed = new ArrayList<>();
    List<EmbeddingCache.Lookup> waiting = new ArrayList<>();
    for (Future<EmbeddingCache.Lookup> lookup : lookups) {
      EmbeddingCache.Lookup got = lookup.get(10, TimeUnit.SECONDS);
      (got.claimed() ? claimed : waiting).add(got);
    }
    assertThat(claimed).hasSize(1);
    List<Future<float[]>> joined = new ArrayList<>();
    waiting.forEach(lookup -> joined.add(pool.submit(lookup::join)));

    claimed.get(0).complete(new float[] {7f});
    for (Future<float[]> vector : joined) {
      assertThat(vector.get(10, TimeUnit.SECONDS)).containsExactly(7f);
    }
  }

  @Test
  void aVectorFromAnotherVersion_reachesItsWaiters_andIsNotCached() {
    EmbeddingCache cache = EmbeddingCache.caffeine(10);
    EmbeddingCache.Lookup claim = cache.lookup("m", "q");
    EmbeddingCache.Lookup waiter = cache.lookup("m", "q");
    claim.completeUncached(new float[] {5f});

    assertThat(waiter.join()).containsExactly(5f);
    assertThat(cache.lookup("m", "q").claimed()).isTrue();
  }

  @Test
  void aFailedComputation_reachesItsWaiters_andIsNotCached() {
    EmbeddingCache cache = EmbeddingCache.caffeine(10);
    EmbeddingCache.Lookup claim = cache.lookup("m", "q");
    EmbeddingCache.Lookup waiter = cache.lookup("m", "q");
    claim.fail(new IllegalStateException("encoder down"));

    assertThatThrownBy(waiter::join).isInstanceOf(IllegalStateException.class).hasMessage("encoder down");
    assertThat(cache.lookup("m", "q").claimed()).isTrue();
  }

  @Test
  void micrometersCacheMeters_countHitsMissesPutsAndEvictions() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    EmbeddingCache cache = EmbeddingCache.caffeine(2);
    cache.bindTo(registry, "encoder.embeddings", Tags.of("model", "encoder"));
    for (String text : List.of("a", "b", "c")) {
      cache.lookup("m", text).complete(new float[] {1f});
    }
    cache.lookup("m", "c").join();

    assertThat(cache.estimatedSize()).isEqualTo(2);
    assertThat(registry.get("cache.gets").tags("cache", "encoder.embeddings", "result", "miss")
        .functionCounter().count()).isEqualTo(3);
    assertThat(registry.get("cache.gets").tags("result", "hit").functionCounter().count()).isEqualTo(1);
    assertThat(registry.get("cache.puts").functionCounter().count()).isEqualTo(3);
    assertThat(registry.get("cache.evictions").functionCounter().count()).isEqualTo(1);
    assertThat(registry.get("cache.size").tags("model", "encoder").gauge().value()).isEqualTo(2);
  }

  @Test
  void aWeightedCache_boundsTheVectorBytes() {
    // 96 + 4 * 100 = 496 bytes per entry: two fit in 1000, three do not
    EmbeddingCache cache = EmbeddingCache.caffeineWeighted(1000, Duration.ofHours(1));
    for (String text : List.of("a", "b", "c")) {
      cache.lookup("m", text).complete(new float[100]);
    }
    assertThat(cache.estimatedSize()).isEqualTo(2);
  }

  @Test
  void settings_areCheckedAtOnce() {
    assertThatThrownBy(() -> EmbeddingCache.caffeine(0))
        .hasMessage("maxEntries must be > 0, but was 0");
    assertThatThrownBy(() -> EmbeddingCache.caffeine(10, Duration.ZERO))
        .hasMessage("expireAfterWrite must be > 0, but was PT0S");
    assertThatThrownBy(() -> EmbeddingCache.caffeineWeighted(-1, Duration.ofHours(1)))
        .hasMessage("maxBytes must be > 0, but was -1");
  }
}
