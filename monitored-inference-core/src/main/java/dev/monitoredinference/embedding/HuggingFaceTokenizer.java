package dev.monitoredinference.embedding;

import ai.djl.engine.EngineException;
import ai.djl.huggingface.tokenizers.Encoding;
import dev.monitoredinference.internal.Digests;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link Tokenizer} over DJL's HuggingFace bindings. DJL fixes truncation when a tokenizer is
 * made, so there is one native tokenizer per {@code maxTokens} value (an embedder uses one).
 */
final class HuggingFaceTokenizer implements Tokenizer {
  /**
   * DJL's choice of native build; see {@link #preferBundledCpuBuild}. Read as a system property
   * or an environment variable by DJL.
   */
  static final String FLAVOR = "RUST_FLAVOR";

  /** DJL's opt-out of its usage tracking; see {@link #optOutOfTracking}. Read like {@link #FLAVOR}. */
  static final String TRACKING_OPT_OUT = "OPT_OUT_TRACKING";

  static {
    preferBundledCpuBuild();
    optOutOfTracking();
  }

  private final byte[] json;
  private final String identity;
  private final Map<Integer, ai.djl.huggingface.tokenizers.HuggingFaceTokenizer> byMaxTokens =
      new ConcurrentHashMap<>();

  HuggingFaceTokenizer(byte[] json) {
    this.json = json;
    this.identity = "huggingface:" + Digests.sha256(json);
    forMaxTokens(512); // fail now, not at the first call, if the file is not a tokenizer
  }

  @Override
  public String identity() {
    return identity;
  }

  @Override
  public TokenizedText encode(String text, int maxTokens) {
    Encoding encoding = forMaxTokens(maxTokens).encode(text);
    return TokenizedText.of(encoding.getIds(), encoding.getTypeIds(), encoding.exceedMaxLength());
  }

  private ai.djl.huggingface.tokenizers.HuggingFaceTokenizer forMaxTokens(int maxTokens) {
    return byMaxTokens.computeIfAbsent(maxTokens, this::load);
  }

  private ai.djl.huggingface.tokenizers.HuggingFaceTokenizer load(int maxTokens) {
    Map<String, String> options = Map.of(
        "padding", "false", "truncation", "true", "maxLength", Integer.toString(maxTokens));
    try {
      return ai.djl.huggingface.tokenizers.HuggingFaceTokenizer.newInstance(
          new ByteArrayInputStream(json), options);
    } catch (EngineException e) {
      throw new IllegalStateException("DJL's native tokenizers library could not be loaded ("
          + FLAVOR + "=" + System.getProperty(FLAVOR, System.getenv(FLAVOR)) + "): "
          + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a HuggingFace tokenizer.json (" + identity + ")", e);
    }
  }

  /**
   * On a host with CUDA, DJL picks a CUDA build of its native library, which is not in the jar:
   * it downloads it, and without network access (most production hosts) every tokenizer fails.
   * Tokenizing runs on the CPU either way, and the CPU build is bundled, so unless the
   * application chose a build itself we ask for that one. Seen on an H200 host, offline.
   */
  static void preferBundledCpuBuild() {
    setUnlessChosen(FLAVOR, "cpu");
  }

  /**
   * Every {@code newInstance} of DJL's tokenizer first runs {@code Ec2Utils.callHome} on the
   * calling thread (at most once a day per JVM): four HTTP requests to the EC2 metadata address
   * 169.254.169.254 (a token, then instance id and region, 1 s timeouts each), and on an EC2 host
   * a tracking request to DJL's telemetry bucket. A tokenizer that works offline should not try,
   * so unless the application chose otherwise we set DJL's opt-out, which skips all of it.
   */
  static void optOutOfTracking() {
    setUnlessChosen(TRACKING_OPT_OUT, "true");
  }

  /** Sets DJL's setting {@code name} as a system property unless the application set it either way. */
  private static void setUnlessChosen(String name, String value) {
    if (System.getProperty(name) == null && System.getenv(name) == null) {
      System.setProperty(name, value);
    }
  }

  @Override
  public String toString() {
    return "HuggingFaceTokenizer[" + identity + "]";
  }
}
