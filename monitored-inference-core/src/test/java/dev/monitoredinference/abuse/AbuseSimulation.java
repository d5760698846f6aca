package dev.monitoredinference.abuse;

import dev.monitoredinference.CallerId;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.Tensor;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The seeded simulation of the security guide's detection table: 1,000 benign callers replaying
 * the {@link QueryLog} by Zipf popularity through a ranker and an embedder (each search embeds
 * the query text and ranks its features), and 50 attackers of each kind, all interleaved on one
 * virtual clock through the real links (judging synchronously, so a run is exactly repeatable).
 */
final class AbuseSimulation {
  enum Role {
    BENIGN,
    GRID_SWEEP,
    RANDOM_SWEEP,
    TOKEN_SOUP,
    WORD_SWEEP,
    FLOOD
  }

  /** The text of one embedder call, as the simulated embedder's inputs carry it. */
  static final class QueryText {
    final String text;

    QueryText(String text) {
      this.text = text;
    }
  }

  /** One simulated caller. */
  static final class Actor {
    final CallerId id;
    final Role role;
    final Random random;
    final int budget;
    final long gapNanos;
    long next;
    int calls;
    int refused;
    AbuseEvent first;

    Actor(int index, Role role, Random random, int budget, long gapNanos, long start) {
      this.id = CallerId.of(role + "-" + index);
      this.role = role;
      this.random = random;
      this.budget = budget;
      this.gapNanos = gapNanos;
      this.next = start;
    }
  }

  static final long SECOND = 1_000_000_000L;

  final List<Actor> actors = new ArrayList<>();
  final Map<CallerId, AbuseEvent> firstEvents = new HashMap<>();
  final Map<AbuseKind, Integer> benignFlags = new EnumMap<>(AbuseKind.class);
  final AbuseMonitor ranker;
  final AbuseMonitor embedder;
  private final InferenceInterceptor rankerLink;
  private final InferenceInterceptor embedderLink;
  private final QueryLog log = new QueryLog(42);
  private final String[] vocabulary = new String[5_000];
  private final AtomicLong clock = new AtomicLong();

  AbuseSimulation(AbuseConfig config, long seed) {
    AbuseConfig timed = config.ticker(clock::get);
    AbuseListener first = event -> firstEvents.putIfAbsent(event.caller(), event);
    ranker = AbuseMonitor.synchronous("ranker", timed, List.of(first));
    embedder = AbuseMonitor.synchronous("embedder", timed, List.of(first));
    rankerLink = ranker.interceptor("ranker");
    embedderLink = embedder.textInterceptor("embedder",
        inputs -> inputs.attribute(QueryText.class).map(q -> List.of(q.text)).orElse(List.of()));
    Random random = new Random(seed);
    for (int i = 0; i < vocabulary.length; i++) {
      StringBuilder word = new StringBuilder();
      for (int k = 3 + random.nextInt(7); k > 0; k--) {
        word.append((char) ('a' + random.nextInt(26)));
      }
      vocabulary[i] = word.toString();
    }
    for (int i = 0; i < 1_000; i++) {
      boolean power = i % 100 == 0; // 1 %: heavy users, a search every 0.3 s on average
      int budget = power ? 1_500 : (int) Math.max(5, Math.min(2_000, Math.exp(Math.log(60) + random.nextGaussian())));
      actors.add(new Actor(i, Role.BENIGN, new Random(random.nextLong()), budget,
          power ? SECOND * 3 / 10 : 5 * SECOND, (long) (random.nextDouble() * 1_800 * SECOND)));
    }
    for (Role role : new Role[] {Role.GRID_SWEEP, Role.RANDOM_SWEEP, Role.TOKEN_SOUP, Role.WORD_SWEEP}) {
      for (int i = 0; i < 25; i++) {
        actors.add(new Actor(i, role, new Random(random.nextLong()), 1_000, SECOND,
            (long) (random.nextDouble() * 1_800 * SECOND)));
      }
    }
    for (int i = 0; i < 50; i++) {
      actors.add(new Actor(i, Role.FLOOD, new Random(random.nextLong()), 2_000, SECOND / 20,
          (long) (random.nextDouble() * 1_800 * SECOND)));
    }
  }

  /** Runs every actor until its budget is spent or (an attacker) it is flagged. */
  AbuseSimulation run() {
    PriorityQueue<Actor> due = new PriorityQueue<>((a, b) -> Long.compare(a.next, b.next));
    due.addAll(actors);
    while (!due.isEmpty()) {
      Actor actor = due.poll();
      clock.set(actor.next);
      step(actor);
      actor.calls++;
      boolean flagged = firstEvents.containsKey(actor.id);
      if (actor.calls < actor.budget && (actor.role == Role.BENIGN || !flagged)) {
        // Exponential gaps for people, fixed ones for scripts.
        actor.next += actor.role == Role.BENIGN
            ? (long) (-Math.log(1 - actor.random.nextDouble()) * actor.gapNanos) : actor.gapNanos;
        due.add(actor);
      }
    }
    for (Actor actor : actors) {
      AbuseEvent event = firstEvents.get(actor.id);
      if (actor.role == Role.BENIGN && event != null) {
        benignFlags.merge(event.kind(), 1, Integer::sum);
      }
      if (event != null) {
        actor.first = event;
      }
    }
    return this;
  }

  private void step(Actor actor) {
    Random random = actor.random;
    switch (actor.role) {
      case BENIGN: {
        int query = log.draw(random);
        boolean invalid = random.nextInt(200) == 0; // 0.5 %: a client bug, a NaN feature
        count(actor, FakeChain.call(embedderLink, Inputs.of(QueryText.class, new QueryText(log.texts[query])),
            actor.id, false));
        count(actor, FakeChain.call(rankerLink, features(log.features[query]), actor.id, invalid));
        break;
      }
      case FLOOD:
        count(actor, FakeChain.call(rankerLink, features(log.features[log.draw(random)]), actor.id, false));
        break;
      case GRID_SWEEP: {
        // 3 levels per feature, enumerated in order from a random start: one step at a time.
        long point = actor.calls + (actor.id.hash() & 0xfff);
        float[] row = new float[QueryLog.FEATURES];
        for (int j = QueryLog.FEATURES - 1; j >= 0; j--) {
          row[j] = (point % 3) - 1;
          point /= 3;
        }
        count(actor, FakeChain.call(rankerLink, features(row), actor.id, false));
        break;
      }
      case RANDOM_SWEEP: {
        float[] row = new float[QueryLog.FEATURES];
        for (int j = 0; j < row.length; j++) {
          row[j] = random.nextFloat() * 2 - 1;
        }
        count(actor, FakeChain.call(rankerLink, features(row), actor.id, false));
        break;
      }
      case TOKEN_SOUP: {
        StringBuilder soup = new StringBuilder();
        for (int k = 3 + random.nextInt(4); k > 0; k--) {
          soup.append(vocabulary[random.nextInt(vocabulary.length)]).append(' ');
        }
        count(actor, FakeChain.call(embedderLink, Inputs.of(QueryText.class, new QueryText(soup.toString())),
            actor.id, false));
        break;
      }
      case WORD_SWEEP: {
        String text = "running shoes " + vocabulary[(actor.calls + (int) (actor.id.hash() & 0xff)) % vocabulary.length];
        count(actor, FakeChain.call(embedderLink, Inputs.of(QueryText.class, new QueryText(text)), actor.id, false));
        break;
      }
      default:
        throw new IllegalStateException(actor.role.name());
    }
  }

  private static void count(Actor actor, boolean served) {
    if (!served) {
      actor.refused++;
    }
  }

  private static Inputs features(float[] row) {
    return Inputs.of("features", Tensor.ofFloats(row, 1, row.length));
  }
}
