package dev.monitoredinference.embedding;

import dev.monitoredinference.ElementType;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.TensorSpec;
import dev.monitoredinference.batching.BatchObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs tokenized texts through a BERT-style encoder in one padded batch and pools the token
 * vectors into one vector per text. Inputs {@code input_ids} and {@code attention_mask} (int64,
 * {@code [batch, tokens]}), {@code token_type_ids} if declared; output a float {@code [batch,
 * tokens, dims]} tensor ({@code last_hidden_state} if present, else the first of that shape).
 */
final class Encoder {
  static final String INPUT_IDS = "input_ids";
  static final String ATTENTION_MASK = "attention_mask";
  static final String TOKEN_TYPE_IDS = "token_type_ids";
  private static final String LAST_HIDDEN_STATE = "last_hidden_state";

  private final MonitoredModel model;
  private final Pooling pooling;
  private final boolean normalize;
  private final BatchObserver observer;
  private final boolean typeIds;
  private final String output;

  Encoder(MonitoredModel model, Pooling pooling, boolean normalize, BatchObserver observer) {
    this.model = model;
    this.pooling = pooling;
    this.normalize = normalize;
    this.observer = observer;
    ModelVersion version = model.version();
    Set<String> inputs = version.inputs().stream().map(TensorSpec::name).collect(Collectors.toSet());
    for (TensorSpec input : version.inputs()) {
      boolean known = input.name().equals(INPUT_IDS) || input.name().equals(ATTENTION_MASK)
          || input.name().equals(TOKEN_TYPE_IDS);
      if (!known || input.type() != ElementType.INT64 || input.rank() != 2) {
        throw notAnEncoder(version, "input " + input);
      }
    }
    if (!inputs.contains(INPUT_IDS) || !inputs.contains(ATTENTION_MASK)) {
      throw notAnEncoder(version, "inputs " + inputs);
    }
    this.typeIds = inputs.contains(TOKEN_TYPE_IDS);
    this.output = tokenVectors(version);
  }

  /** The output dimension if the model declares it, else {@link TensorSpec#FREE}. */
  long dimensions() {
    for (TensorSpec spec : model.version().outputs()) {
      if (spec.name().equals(output)) {
        return spec.shape()[2];
      }
    }
    return TensorSpec.FREE;
  }

  /**
   * One pooled (and, if configured, L2-normalised) vector per text, in order, and the digest of
   * the version that computed them (a canary or a swap may answer with another than the serving
   * one).
   */
  Encoded encode(List<TokenizedText> texts) {
    int batch = texts.size();
    int width = 0;
    long tokens = 0;
    for (TokenizedText text : texts) {
      width = Math.max(width, text.length());
      tokens += text.length();
    }
    long[] ids = new long[batch * width];
    long[] mask = new long[batch * width];
    long[] types = new long[batch * width];
    for (int row = 0; row < batch; row++) {
      TokenizedText text = texts.get(row);
      for (int t = 0; t < text.length(); t++) {
        ids[row * width + t] = text.id(t);
        mask[row * width + t] = 1;
        types[row * width + t] = text.typeId(t);
      }
    }
    long slots = (long) batch * width;
    observer.padding(slots - tokens, slots);
    Inputs.Builder inputs = Inputs.builder()
        .put(INPUT_IDS, Tensor.ofLongs(ids, batch, width))
        .put(ATTENTION_MASK, Tensor.ofLongs(mask, batch, width));
    if (typeIds) {
      inputs.put(TOKEN_TYPE_IDS, Tensor.ofLongs(types, batch, width));
    }
    Prediction prediction = model.predict(inputs.build());
    return new Encoded(pool(texts, prediction.output(output)), prediction.version().digest());
  }

  /** A batch's vectors and the digest of the model version that computed them. */
  record Encoded(List<float[]> vectors, String digest) {}

  private List<float[]> pool(List<TokenizedText> texts, Tensor hidden) {
    long[] shape = hidden.shape();
    int width = (int) shape[1];
    int dims = (int) shape[2];
    float[] values = hidden.floatArray();
    List<float[]> vectors = new ArrayList<>(texts.size());
    for (int row = 0; row < texts.size(); row++) {
      int tokens = pooling == Pooling.CLS ? 1 : texts.get(row).length();
      double[] sum = new double[dims];
      for (int t = 0; t < tokens; t++) {
        int base = (row * width + t) * dims;
        for (int d = 0; d < dims; d++) {
          sum[d] += values[base + d];
        }
      }
      vectors.add(finish(sum, tokens));
    }
    return vectors;
  }

  private float[] finish(double[] sum, int tokens) {
    double norm = 0;
    for (int d = 0; d < sum.length; d++) {
      sum[d] /= tokens;
      norm += sum[d] * sum[d];
    }
    double scale = normalize && norm > 0 ? 1 / Math.sqrt(norm) : 1;
    float[] vector = new float[sum.length];
    for (int d = 0; d < sum.length; d++) {
      vector[d] = (float) (sum[d] * scale);
    }
    return vector;
  }

  private static String tokenVectors(ModelVersion version) {
    String first = null;
    for (TensorSpec spec : version.outputs()) {
      if (spec.type() == ElementType.FLOAT && spec.rank() == 3) {
        if (spec.name().equals(LAST_HIDDEN_STATE)) {
          return spec.name();
        }
        first = first == null ? spec.name() : first;
      }
    }
    if (first == null) {
      throw notAnEncoder(version, "outputs " + version.outputs());
    }
    return first;
  }

  private static IllegalArgumentException notAnEncoder(ModelVersion version, String found) {
    return new IllegalArgumentException("model " + version + " is not a text encoder: it needs int64"
        + " inputs input_ids and attention_mask [batch, tokens] (token_type_ids optional, no others)"
        + " and a float output [batch, tokens, dims], but has " + found);
  }
}
