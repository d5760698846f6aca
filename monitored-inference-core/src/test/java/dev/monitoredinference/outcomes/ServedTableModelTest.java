package dev.monitoredinference.outcomes;

import static dev.monitoredinference.outcomes.Served.prediction;
import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.Prediction;
import dev.monitoredinference.Variant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The served table against a plain model of it (an insertion-ordered map: the oldest list leaves
 * at the cap or when its window closes; an outcome for a list no longer held is expired if a list
 * served at or after it expired, else evicted if one was pushed out, else unknown), over seeded random mixes of served lists, outcomes on
 * held, expired, evicted and unknown ids, and time jumps: every drop count, every credited search
 * and the lists held agree after each seed's 20,000 steps.
 */
class ServedTableModelTest {
  private static final Duration WINDOW = Duration.ofSeconds(5);
  private static final List<String> ITEMS = List.of("a", "b", "c");

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5})
  void tableAndModel_agree(int seed) {
    Random random = new Random(seed);
    int cap = 20 + random.nextInt(400);
    Served.FakeTicker ticker = new Served.FakeTicker();
    OutcomeTracker tracker = OutcomeTracker.create(OutcomeConfig.ofDefaults().maxServedLists(cap)
        .attributionWindow(WINDOW).ticker(ticker::get));
    Model model = new Model(cap);
    List<String> ids = new ArrayList<>();

    for (int step = 0; step < 20_000; step++) {
      int action = random.nextInt(100);
      if (action < 45 || ids.isEmpty()) {
        Prediction p = prediction("7");
        tracker.served(p, ITEMS);
        model.served(p.id(), ticker.get());
        ids.add(p.id());
      } else if (action < 95) {
        String id = action < 93 ? ids.get(ids.size() - 1 - random.nextInt(Math.min(ids.size(), 1500)))
            : "0123456789ab-" + Integer.toHexString(random.nextInt(1000));
        String item = random.nextInt(10) == 0 ? "z" : ITEMS.get(random.nextInt(3));
        Outcome outcome = Outcome.values()[random.nextInt(3)];
        tracker.record(id, item, outcome, 1);
        model.record(id, item, outcome, ticker.get());
      } else {
        ticker.advance(Duration.ofMillis(random.nextInt(40) == 0 ? 20_000 : random.nextInt(300)));
      }
    }

    assertThat(model.dropped).as("every kind of drop happens")
        .allSatisfy((reason, count) -> assertThat(count > 0 || reason == OutcomeDrop.SERVED_TWICE).isTrue());
    for (OutcomeDrop reason : OutcomeDrop.values()) {
      assertThat(tracker.dropped(reason)).as(reason.toString()).isEqualTo(model.dropped.get(reason));
    }
    QualityFigures figures = tracker.totals("7", Variant.CONTROL);
    assertThat(figures.searches()).isEqualTo(model.searches);
    assertThat(figures.engagedSearches()).isEqualTo(model.engaged.size());
    assertThat(tracker.servedListsHeld()).isEqualTo(model.held(ticker.get()));
    assertThat(figures.settledSearches()).isEqualTo(model.searches - model.held(ticker.get()));
  }

  /** What the table should do, written the plain way. */
  private static final class Model {
    final int cap;
    final LinkedHashMap<String, Long> held = new LinkedHashMap<>();
    final Map<String, Integer> order = new HashMap<>(); // ids in the order they were served
    int expiredUpTo = -1;
    int evictedUpTo = -1;
    final Set<String> credited = new HashSet<>();
    final Set<String> engaged = new HashSet<>();
    final Map<OutcomeDrop, Long> dropped = new EnumMap<>(OutcomeDrop.class);
    long searches;

    Model(int cap) {
      this.cap = cap;
      for (OutcomeDrop reason : OutcomeDrop.values()) {
        dropped.put(reason, 0L);
      }
    }

    void served(String id, long now) {
      expire(now);
      if (held.size() == cap) {
        String oldest = held.keySet().iterator().next();
        held.remove(oldest);
        evictedUpTo = Math.max(evictedUpTo, order.get(oldest));
      }
      held.put(id, now);
      order.put(id, order.size());
      searches++;
    }

    void record(String id, String item, Outcome outcome, long now) {
      expire(now);
      int served = order.getOrDefault(id, Integer.MAX_VALUE);
      OutcomeDrop drop = !held.containsKey(id)
          ? served <= expiredUpTo ? OutcomeDrop.EXPIRED
              : served <= evictedUpTo ? OutcomeDrop.EVICTED : OutcomeDrop.UNKNOWN
          : !ITEMS.contains(item) ? OutcomeDrop.NOT_IN_TOP_K
              : !credited.add(id + "/" + item + "/" + outcome) ? OutcomeDrop.DUPLICATE : null;
      if (drop != null) {
        dropped.merge(drop, 1L, Long::sum);
      } else {
        engaged.add(id);
      }
    }

    long held(long now) {
      expire(now);
      return held.size();
    }

    private void expire(long now) {
      var oldest = held.entrySet().iterator();
      while (oldest.hasNext()) {
        var entry = oldest.next();
        if (now - entry.getValue() < WINDOW.toNanos()) {
          return;
        }
        expiredUpTo = Math.max(expiredUpTo, order.get(entry.getKey()));
        oldest.remove();
      }
    }
  }
}
