package dev.monitoredinference.versioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.monitoredinference.ModelVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC);
  private static final ModelVersion V1 = ModelVersion.builder("ranker", "1").digest("sha256:" + "1".repeat(64)).build();
  private static final ModelVersion V2 = ModelVersion.builder("ranker", "2").digest("sha256:" + "2".repeat(64)).build();

  @TempDir Path directory;

  private static AuditLog threeEvents(AuditLog log) {
    log.record(AuditEvent.of("alice", "deploy", "ranker", V1, V2, AuditEvent.Outcome.SUCCESS, "loaded"));
    log.record(AuditEvent.of("mallory", "promote", "ranker", V1, V2, AuditEvent.Outcome.DENIED, "not allowed"));
    log.record(AuditEvent.of("alice", "rollback", "ranker", V2, V1, AuditEvent.Outcome.SUCCESS, "p99 \"regressed\""));
    return log;
  }

  private static Map<String, String> parse(String line) throws IOException {
    Map<String, String> fields = new LinkedHashMap<>();
    try (JsonParser parser = new JsonFactory().createParser(line)) {
      assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.getCurrentName();
        parser.nextToken();
        fields.put(name, parser.getText());
      }
      assertThat(parser.nextToken()).isNull();
    }
    return fields;
  }

  @Test
  void eachEvent_isOneJsonLine_chainedToTheOneBefore() throws IOException {
    List<String> lines = threeEvents(AuditLog.inMemory(CLOCK)).lines();

    Map<String, String> first = parse(lines.get(0));
    assertThat(first).containsEntry("seq", "1").containsEntry("time", "2026-11-29T10:00:00Z")
        .containsEntry("principal", "alice").containsEntry("action", "deploy")
        .containsEntry("from", "1").containsEntry("to", "2")
        .containsEntry("to_digest", V2.digest()).containsEntry("outcome", "SUCCESS")
        .containsEntry("prev", AuditLog.GENESIS);
    assertThat(parse(lines.get(1))).containsEntry("prev", first.get("hash")).containsEntry("outcome", "DENIED");
    assertThat(parse(lines.get(2))).containsEntry("reason", "p99 \"regressed\"");
    assertThat(AuditLog.verify(lines).intact()).isTrue();
  }

  @Test
  void anEditedLine_isFound() {
    List<String> lines = new ArrayList<>(threeEvents(AuditLog.inMemory(CLOCK)).lines());
    lines.set(1, lines.get(1).replace("DENIED", "SUCCESS"));

    AuditLog.Verification verification = AuditLog.verify(lines);
    assertThat(verification.intact()).isFalse();
    assertThat(verification).hasToString("line 2 was changed after it was written");
  }

  @Test
  void aRemovedLine_breaksTheChainAtTheNext() {
    List<String> lines = new ArrayList<>(threeEvents(AuditLog.inMemory(CLOCK)).lines());
    lines.remove(1);

    assertThat(AuditLog.verify(lines)).hasToString("line 2 does not follow the line before it");
  }

  @Test
  void aFileLog_isContinuedAcrossRestarts_andRefusedWhenTampered() throws IOException {
    Path file = directory.resolve("audit.jsonl");
    threeEvents(AuditLog.toFile(file, CLOCK));
    AuditLog reopened = AuditLog.toFile(file, CLOCK);
    reopened.record(AuditEvent.of("bob", "retire", "ranker", V1, null, AuditEvent.Outcome.SUCCESS, "drained"));

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(4);
    assertThat(parse(lines.get(3))).containsEntry("seq", "4");
    assertThat(AuditLog.verify(lines).intact()).isTrue();

    Files.writeString(file, String.join("\n", lines).replace("bob", "eve") + "\n");
    assertThatThrownBy(() -> AuditLog.toFile(file, CLOCK))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith("is not intact: line 4 was changed after it was written");
  }
}
