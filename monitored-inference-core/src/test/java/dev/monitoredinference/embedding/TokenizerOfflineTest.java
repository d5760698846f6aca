package dev.monitoredinference.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.util.Ec2Utils;
import dev.monitoredinference.MonitoredModel;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

/** The README promises that {@link Tokenizers#huggingFace} works offline: it must not even try. */
class TokenizerOfflineTest {
  private static final String OPT_OUT = "OPT_OUT_TRACKING";

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = TokenizerOfflineTest.class.getResourceAsStream("/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  /**
   * DJL calls home at most once a day per JVM; an earlier test may have used that call up. Zero
   * DJL's clock so that a tokenizer built here would call home unless it is opted out.
   */
  private static void forgetDjlsLastCallHome() throws ReflectiveOperationException {
    Field lastCheckIn = Ec2Utils.class.getDeclaredField("lastCheckIn");
    lastCheckIn.setAccessible(true);
    lastCheckIn.setLong(null, 0L);
  }

  @Test
  void buildingAndUsingAMiniLmEmbedder_opensNoConnection() throws Exception {
    for (String setting : new String[] {OPT_OUT, "DJL_OFFLINE"}) {
      assumeTrue(System.getenv(setting) == null, setting + " is set in the environment");
    }
    byte[] model = resource("all-minilm-l6-v2-q.onnx");
    byte[] tokenizerJson = resource("all-minilm-l6-v2-q-tokenizer.json");
    forgetDjlsLastCallHome();

    // Without the opt-out: PUT http://169.254.169.254/latest/api/token and GETs of
    // .../latest/meta-data/instance-id and .../placement/region, then DJL's telemetry bucket on EC2.
    float[][] vector = new float[1][];
    assertThat(OutboundRequests.during(() -> {
      try (TextEmbedder embedder = TextEmbedder.builder("minilm")
          .model(MonitoredModel.builder("minilm").modelBytes(model))
          .tokenizer(Tokenizers.huggingFace(tokenizerJson))
          .build()) {
        vector[0] = embedder.embed("red running shoes");
      }
    })).isEmpty();
    assertThat(vector[0]).hasSize(384);
  }

  @Test
  void huggingFaceTokenizer_optsOutOfDjlTracking_unlessTheApplicationChose() {
    assumeTrue(System.getenv(OPT_OUT) == null, OPT_OUT + " is set in the environment");
    String before = System.getProperty(OPT_OUT);
    try {
      System.clearProperty(OPT_OUT);
      HuggingFaceTokenizer.optOutOfTracking();
      assertThat(System.getProperty(OPT_OUT)).isEqualTo("true");
      System.setProperty(OPT_OUT, "false");
      HuggingFaceTokenizer.optOutOfTracking();
      assertThat(System.getProperty(OPT_OUT)).isEqualTo("false");
    } finally {
      if (before == null) {
        System.clearProperty(OPT_OUT);
      } else {
        System.setProperty(OPT_OUT, before);
      }
    }
  }
}
