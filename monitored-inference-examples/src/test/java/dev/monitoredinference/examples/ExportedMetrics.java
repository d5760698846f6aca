package dev.monitoredinference.examples;

import dev.monitoredinference.ElementType;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.TensorSpec;
import dev.monitoredinference.admission.AdmissionConfig;
import dev.monitoredinference.anomaly.AnomalyConfig;
import dev.monitoredinference.batching.BatchingConfig;
import dev.monitoredinference.cache.EmbeddingCache;
import dev.monitoredinference.circuit.CircuitBreakerConfig;
import dev.monitoredinference.drift.Baseline;
import dev.monitoredinference.drift.DriftConfig;
import dev.monitoredinference.embedding.TextEmbedder;
import dev.monitoredinference.embedding.TokenizedText;
import dev.monitoredinference.embedding.Tokenizer;
import dev.monitoredinference.outcomes.Outcome;
import dev.monitoredinference.outcomes.OutcomeConfig;
import dev.monitoredinference.resources.GpuReading;
import dev.monitoredinference.resources.ResourceConfig;
import dev.monitoredinference.resources.ResourceMetrics;
import dev.monitoredinference.runtime.DeviceFallback;
import dev.monitoredinference.runtime.ExecutionProvider;
import dev.monitoredinference.runtime.FallbackReason;
import dev.monitoredinference.testing.FakeModelRuntime;
import dev.monitoredinference.testing.TestModels;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Prometheus sample names a model and an embedder with every feature on, and the process's
 * resource meters, really export.
 */
final class ExportedMetrics {
  private ExportedMetrics() {}

  /** One token per character code, between [CLS]=1 and [SEP]=2. */
  private static final Tokenizer CHARACTERS = new Tokenizer() {
    @Override
    public String identity() {
      return "characters";
    }

    @Override
    public TokenizedText encode(String text, int maxTokens) {
      long[] ids = new long[Math.min(text.length(), maxTokens - 2) + 2];
      ids[0] = 1;
      for (int i = 1; i < ids.length - 1; i++) {
        ids[i] = 3 + text.charAt(i - 1) % 5;
      }
      ids[ids.length - 1] = 2;
      return TokenizedText.of(ids, new long[ids.length], false);
    }
  };

  static Set<String> sampleNames() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ModelVersion fellBack = ModelVersion.builder("ranker", "7")
        .input(TensorSpec.of("features", ElementType.FLOAT, TensorSpec.FREE, 2))
        .output(TensorSpec.of("score", ElementType.FLOAT, TensorSpec.FREE, 1))
        .fallback(DeviceFallback.of(ExecutionProvider.CUDA, ExecutionProvider.CPU,
            FallbackReason.LIBRARY_MISSING, "libcublasLt.so.12: cannot open shared object file"))
        .build();
    // A fake GPU: this machine has none, and the mapping, not NVML, is what the assets depend on.
    ResourceConfig resources = ResourceConfig.builder().residentMemoryLimit(8L << 30)
        .gpuSource(() -> List.of(GpuReading.of(0, "NVIDIA L4", 0.5, 1L << 30, 24L << 30, 35.0)))
        .build();
    try (ResourceMetrics process = ResourceMetrics.bindTo(registry, resources);
        MonitoredModel ranker = MonitoredModel.builder("ranker")
            .modelBytes(new byte[] {1}) // loaded, so that its native memory is measured
            .loader(request -> FakeModelRuntime.of(fellBack,
                in -> Map.of("score", Tensor.ofFloats(new float[] {1f}, 1, 1))))
            .resources(resources)
            .metrics(registry)
            .anomalies(AnomalyConfig.ofDefaults())
            .circuitBreaker(CircuitBreakerConfig.ofDefaults())
            .admission(AdmissionConfig.maxConcurrent(4))
            .drift(DriftConfig.builder().features("features", List.of("similarity", "popularity"))
                .outputs("score").baseline(Baseline.capture(100)).build())
            .outcomes(OutcomeConfig.ofDefaults())
            .build();
        TextEmbedder embedder = TextEmbedder.builder("query-encoder")
            .model(MonitoredModel.builder("query-encoder").modelBytes(TestModels.tokenEncoder(new float[8 * 4], 4))
                .metrics(registry))
            .tokenizer(CHARACTERS)
            .cache(EmbeddingCache.caffeine(100))
            .batching(BatchingConfig.maxBatch(4))
            .metrics(registry)
            .build()) {
      Prediction ranked = ranker.predict(Inputs.of("features", new float[][] {{1f, 2f}}));
      ranker.outcomes().served(ranked, List.of("item-1"));
      ranker.outcomes().record(ranked.id(), "item-1", Outcome.PURCHASE, 9.5);
      embedder.embed("red shoes");
      embedder.embed("red shoes");
      Set<String> names = new TreeSet<>();
      for (String line : registry.scrape().split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          names.add(line.split("[{ ]", 2)[0]);
        }
      }
      return names;
    }
  }
}
