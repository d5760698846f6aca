package dev.monitoredinference.embedding;

import java.util.Arrays;
import java.util.List;

/** A test tokenizer: [CLS]=1, words by a fixed vocabulary ([UNK]=8), [SEP]=2; type ids all 0. */
final class WordTokenizer implements Tokenizer {
  static final List<String> VOCABULARY = List.of("red", "running", "shoes", "blue", "hat");
  static final int SIZE = 9;

  @Override
  public String identity() {
    return "test-words:v1";
  }

  @Override
  public TokenizedText encode(String text, int maxTokens) {
    String[] words = text.isEmpty() ? new String[0] : text.split(" ");
    int kept = Math.min(words.length, maxTokens - 2);
    long[] ids = new long[kept + 2];
    ids[0] = 1;
    for (int i = 0; i < kept; i++) {
      int index = VOCABULARY.indexOf(words[i]);
      ids[i + 1] = index < 0 ? 8 : 3 + index;
    }
    ids[kept + 1] = 2;
    return TokenizedText.of(ids, new long[ids.length], kept < words.length);
  }

  /** Row {@code id} of a 9 x 4 table: {@code id + d / 10 + salt}. */
  static float[] table(float salt) {
    float[] table = new float[SIZE * 4];
    for (int id = 0; id < SIZE; id++) {
      for (int d = 0; d < 4; d++) {
        table[id * 4 + d] = id + d / 10f + salt;
      }
    }
    return table;
  }

  /** The mean of rows {@code ids} of {@link #table}, computed by hand; L2-normalised if asked. */
  static float[] expectedMean(float salt, boolean normalize, long... ids) {
    double[] sum = new double[4];
    for (long id : ids) {
      for (int d = 0; d < 4; d++) {
        sum[d] += id + d / 10.0 + salt;
      }
    }
    double norm = 0;
    for (int d = 0; d < 4; d++) {
      sum[d] /= ids.length;
      norm += sum[d] * sum[d];
    }
    float[] vector = new float[4];
    for (int d = 0; d < 4; d++) {
      vector[d] = (float) (normalize ? sum[d] / Math.sqrt(norm) : sum[d]);
    }
    return vector;
  }

  @Override
  public String toString() {
    return "WordTokenizer" + Arrays.toString(VOCABULARY.toArray());
  }
}
