package dev.monitoredinference.spring.boot.properties;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Boot's configuration processor ran and describes the starter's keys, so IDEs complete and
 * explain them: the generated metadata (merged with the hand-written additions) has each
 * top-level key with a description.
 */
class ConfigurationMetadataTest {
  private static Map<String, JsonNode> properties() throws Exception {
    try (InputStream in = ConfigurationMetadataTest.class.getClassLoader()
        .getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("the processor's output on the class path").isNotNull();
      Map<String, JsonNode> byName = new HashMap<>();
      for (JsonNode property : JsonMapper.builder().build().readTree(in).get("properties")) {
        byName.put(property.get("name").asString(), property);
      }
      return byName;
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "monitored-inference.models",
      "monitored-inference.embedders",
      "monitored-inference.health.readiness",
      "monitored-inference.observations.enabled",
      "monitored-inference.endpoint.admin.enabled",
      "management.health.monitoredinference.enabled"})
  void key_isDescribed(String key) throws Exception {
    JsonNode property = properties().get(key);
    assertThat(property).as(key).isNotNull();
    assertThat(property.get("description").asString()).isNotBlank();
  }

  @Test
  void mapKeys_nameTheirValueTypes_forIdesToCompleteThem() throws Exception {
    assertThat(properties().get("monitored-inference.models").get("type").asString())
        .isEqualTo("java.util.Map<java.lang.String,"
            + "dev.monitoredinference.spring.boot.properties.ModelProperties>");
    assertThat(properties().get("monitored-inference.embedders").get("type").asString())
        .isEqualTo("java.util.Map<java.lang.String,"
            + "dev.monitoredinference.spring.boot.properties.EmbedderProperties>");
  }

  @Test
  void defaults_areRecorded() throws Exception {
    assertThat(properties().get("monitored-inference.endpoint.admin.enabled")
        .get("defaultValue").asBoolean()).isFalse();
    assertThat(properties().get("monitored-inference.health.readiness")
        .get("defaultValue").asBoolean()).isTrue();
  }
}
