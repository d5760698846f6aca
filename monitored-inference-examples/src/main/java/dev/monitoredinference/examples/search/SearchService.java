package dev.monitoredinference.examples.search;

import dev.monitoredinference.Inputs;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.embedding.TextEmbedder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Semantic product search: the query is embedded by a {@link TextEmbedder}, matched by cosine
 * similarity against the catalogue's embeddings, and the best {@value #CANDIDATES} candidates are
 * re-ranked by an ONNX ranker (features: similarity, popularity, log price, category match).
 */
public final class SearchService {
  static final int CANDIDATES = 50;
  static final int FEATURES = 4;
  private static final Logger log = LoggerFactory.getLogger(SearchService.class);

  private final Catalogue catalogue;
  private final TextEmbedder embedder;
  private final MonitoredModel ranker;
  private final float[][] vectors;

  private SearchService(Catalogue catalogue, TextEmbedder embedder, MonitoredModel ranker, float[][] vectors) {
    this.catalogue = catalogue;
    this.embedder = embedder;
    this.ranker = ranker;
    this.vectors = vectors;
  }

  /**
   * Embeds every product title with {@code titles} (in batches, logging progress) and returns the
   * service, which embeds queries with {@code queries}. Their vectors are compared, so the two
   * must run the same encoder: best one encoder model shared by both ({@code
   * TextEmbedderBuilder.model(MonitoredModel)}), as the demo does.
   *
   * @throws IllegalArgumentException if the two embedders run different encoder versions
   */
  public static SearchService index(Catalogue catalogue, TextEmbedder titles, TextEmbedder queries,
      MonitoredModel ranker) {
    if (!titles.version().digest().equals(queries.version().digest())) {
      throw new IllegalArgumentException("titles and queries must be embedded by one encoder, but "
          + titles + " and " + queries + " differ");
    }
    List<Catalogue.Product> products = catalogue.products();
    float[][] vectors = new float[products.size()][];
    int step = 64;
    for (int start = 0; start < products.size(); start += step) {
      List<String> batch = new ArrayList<>();
      for (Catalogue.Product product : products.subList(start, Math.min(products.size(), start + step))) {
        batch.add(product.title());
      }
      List<float[]> embedded = titles.embedAll(batch);
      for (int i = 0; i < embedded.size(); i++) {
        vectors[start + i] = embedded.get(i);
      }
      int done = Math.min(products.size(), start + step);
      if (done % 512 == 0 || done == products.size()) {
        log.info("embedded {} / {} products", done, products.size());
      }
    }
    return new SearchService(catalogue, queries, ranker, vectors);
  }

  /**
   * The {@code k} best products for {@code query}, best first.
   *
   * @throws IllegalArgumentException if {@code k} is not in [1, 100]
   */
  public Result search(String query, int k) {
    if (k < 1 || k > 100) {
      throw new IllegalArgumentException("k must be in [1, 100], but was " + k);
    }
    float[] q = embedder.embed(query);
    List<Candidate> candidates = new ArrayList<>(vectors.length);
    for (int i = 0; i < vectors.length; i++) {
      candidates.add(new Candidate(i, dot(q, vectors[i])));
    }
    candidates.sort(Comparator.comparingDouble((Candidate c) -> -c.similarity));
    List<Candidate> top = candidates.subList(0, Math.min(CANDIDATES, candidates.size()));
    String topCategory = catalogue.products().get(top.get(0).index).category();
    float[] features = new float[top.size() * FEATURES];
    for (int row = 0; row < top.size(); row++) {
      Catalogue.Product product = catalogue.products().get(top.get(row).index);
      features[row * FEATURES] = top.get(row).similarity;
      features[row * FEATURES + 1] = product.popularity();
      features[row * FEATURES + 2] = (float) Math.log(product.price());
      features[row * FEATURES + 3] = product.category().equals(topCategory) ? 1f : 0f;
    }
    Prediction scored = ranker.predict(Inputs.of("features", Tensor.ofFloats(features, top.size(), FEATURES)));
    float[] scores = scored.floatArray("score");
    List<Hit> hits = new ArrayList<>();
    for (int row = 0; row < top.size(); row++) {
      hits.add(new Hit(catalogue.products().get(top.get(row).index), top.get(row).similarity, scores[row]));
    }
    hits.sort(Comparator.comparingDouble((Hit h) -> -h.score()));
    List<Hit> shown = hits.subList(0, Math.min(k, hits.size()));
    List<String> itemIds = new ArrayList<>(shown.size());
    shown.forEach(hit -> itemIds.add(Integer.toString(hit.product().id())));
    ranker.outcomes().served(scored, itemIds); // joins later clicks and purchases to this ranking
    return new Result(shown, scored.version().version(), scored.id());
  }

  private static float dot(float[] a, float[] b) {
    float sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private record Candidate(int index, float similarity) {}

  /** One product found, its similarity to the query and the ranker's score. */
  public record Hit(Catalogue.Product product, float similarity, float score) {}

  /**
   * The hits, the ranker version that scored them, and the prediction's id, which the client
   * sends back with what the user did ({@code POST /events}).
   */
  public record Result(List<Hit> hits, String rankerVersion, String predictionId) {}
}
