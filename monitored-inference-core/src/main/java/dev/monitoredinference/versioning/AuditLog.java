package dev.monitoredinference.versioning;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.internal.Digests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hash-chained audit log of admin operations: one JSON line per event, each carrying the hash of
 * the line before it ({@code prev}) and its own ({@code hash} = SHA-256 of {@code prev}, a newline
 * and the line without its hash). Editing, inserting or removing a line breaks the chain at that
 * line, which {@link #verify(List)} reports. Removing lines at the end is only detectable against
 * a copy of the last hash kept elsewhere ({@link #lastHash()}).
 *
 * <p>Every event is also logged at INFO on the logger {@code dev.monitoredinference.audit}.
 * Thread-safe: events are appended one at a time.
 */
public final class AuditLog {
  /** The {@code prev} of the first line. */
  public static final String GENESIS = "0".repeat(64);

  private static final Logger log = LoggerFactory.getLogger("dev.monitoredinference.audit");
  private static final String HASH_FIELD = ",\"hash\":\"";

  private final @Nullable Path file;
  private final Clock clock;
  private final List<String> lines = new ArrayList<>();
  private String lastHash;
  private long sequence;

  private AuditLog(@Nullable Path file, Clock clock, List<String> existing) {
    this.file = file;
    this.clock = clock;
    Verification verification = verify(existing);
    if (!verification.intact()) {
      throw new IllegalStateException("audit log " + file + " is not intact: " + verification);
    }
    this.lines.addAll(existing);
    this.lastHash = existing.isEmpty() ? GENESIS : claimedHash(existing.get(existing.size() - 1));
    this.sequence = existing.size();
  }

  /** An audit log kept in memory. */
  public static AuditLog inMemory(Clock clock) {
    return new AuditLog(null, requireNonNull(clock, "clock"), List.of());
  }

  /**
   * An audit log appended to {@code file} (created if absent; an existing chain is verified and
   * continued).
   *
   * @throws IllegalStateException if the existing file's chain is broken
   * @throws UncheckedIOException if the file cannot be read
   */
  public static AuditLog toFile(Path file, Clock clock) {
    requireNonNull(file, "file");
    try {
      List<String> existing = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
      return new AuditLog(file, requireNonNull(clock, "clock"), existing);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read audit log " + file, e);
    }
  }

  /** Appends one event and returns its line. */
  public synchronized String record(AuditEvent event) {
    requireNonNull(event, "event");
    String body = event.toJson(sequence + 1, clock.instant().toString()).string("prev", lastHash).toString();
    String hash = hash(lastHash, body);
    String line = body.substring(0, body.length() - 1) + HASH_FIELD + hash + "\"}";
    if (file != null) {
      try {
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot append to audit log " + file, e);
      }
    }
    lines.add(line);
    lastHash = hash;
    sequence++;
    log.info(line);
    return line;
  }

  /** The lines written through this instance (and read at open), oldest first. */
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  /** The hash of the last line ({@link #GENESIS} when empty): keep a copy to detect truncation. */
  public synchronized String lastHash() {
    return lastHash;
  }

  /** Checks a chain of lines from its first line. */
  public static Verification verify(List<String> lines) {
    String previous = GENESIS;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int at = line.lastIndexOf(HASH_FIELD);
      if (at < 0 || !line.endsWith("\"}")) {
        return new Verification(i + 1, "has no hash");
      }
      String body = line.substring(0, at) + "}";
      if (!body.contains("\"prev\":\"" + previous + "\"")) {
        return new Verification(i + 1, "does not follow the line before it");
      }
      if (!hash(previous, body).equals(claimedHash(line))) {
        return new Verification(i + 1, "was changed after it was written");
      }
      previous = claimedHash(line);
    }
    return new Verification(0, "intact, " + lines.size() + " lines");
  }

  private static String claimedHash(String line) {
    int at = line.lastIndexOf(HASH_FIELD);
    return at < 0 ? "" : line.substring(at + HASH_FIELD.length(), line.length() - 2);
  }

  private static String hash(String previous, String body) {
    return Digests.sha256((previous + "\n" + body).getBytes(StandardCharsets.UTF_8)).substring(7);
  }

  /** The result of {@link #verify}: intact, or the first bad line (1-based) and why. */
  public static final class Verification {
    private final int badLine;
    private final String detail;

    private Verification(int badLine, String detail) {
      this.badLine = badLine;
      this.detail = detail;
    }

    public boolean intact() {
      return badLine == 0;
    }

    /** The first line that breaks the chain, 1-based; 0 when intact. */
    public int badLine() {
      return badLine;
    }

    @Override
    public String toString() {
      return intact() ? detail : "line " + badLine + " " + detail;
    }
  }
}
