package dev.monitoredinference.examples.search;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /search?q=…&k=…}, or {@code POST /search} with a form body of at most 64 KiB for long
 * queries: the {@code k} best products as JSON, with the ranker version that scored them and the
 * prediction id that {@code POST /events} refers to. Bad requests get a 4xx with the reason;
 * nothing a caller sends is logged.
 */
@RestController
class SearchController {
  static final int MAX_QUERY_CHARS = 1_000;
  static final int MAX_BODY_BYTES = 64 * 1024;
  static final long MAX_DRAIN_BYTES = 16L * 1024 * 1024;

  private final SearchService search;

  SearchController(SearchService search) {
    this.search = search;
  }

  @GetMapping("/search")
  ResponseEntity<Object> get(HttpServletRequest request) {
    return search(UrlEncoded.parameters(request.getQueryString()));
  }

  @PostMapping("/search")
  ResponseEntity<Object> post(HttpServletRequest request) throws IOException {
    Map<String, String> parameters = UrlEncoded.parameters(request.getQueryString());
    InputStream in = request.getInputStream();
    byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
    if (body.length > MAX_BODY_BYTES) {
      // Read the rest (up to a bound) so that the client sees the answer: closing on an unread
      // body makes the peer reset the connection, and the 413 is lost.
      drain(in);
      long length = request.getContentLengthLong();
      return TextReply.of(413, "the form body has " + (length >= 0 ? length : "more than " + MAX_BODY_BYTES)
          + " bytes; at most " + MAX_BODY_BYTES + " are read, and q may have at most " + MAX_QUERY_CHARS
          + " characters");
    }
    UrlEncoded.parameters(new String(body, StandardCharsets.UTF_8)).forEach(parameters::putIfAbsent);
    return search(parameters);
  }

  private ResponseEntity<Object> search(Map<String, String> parameters) {
    String q = parameters.get("q");
    if (q == null || q.isBlank()) {
      return TextReply.of(400, "missing query parameter q");
    }
    if (q.length() > MAX_QUERY_CHARS) {
      return TextReply.of(413, "q is " + q.length() + " characters; at most " + MAX_QUERY_CHARS + " are allowed");
    }
    int k;
    try {
      k = Integer.parseInt(parameters.getOrDefault("k", "10"));
    } catch (NumberFormatException e) {
      return TextReply.of(400, "k must be an integer in [1, 100]");
    }
    if (k < 1 || k > 100) {
      return TextReply.of(400, "k must be in [1, 100], but was " + k);
    }
    SearchService.Result result = search.search(q, k);
    List<Found> hits = result.hits().stream().map(Found::of).toList();
    return ResponseEntity.ok(new Answer(result.rankerVersion(), result.predictionId(), hits));
  }

  private static void drain(InputStream body) throws IOException {
    byte[] buffer = new byte[8192];
    long read = 0;
    for (int n; (n = body.read(buffer)) != -1 && read <= MAX_DRAIN_BYTES; ) {
      read += n;
    }
  }

  /** The JSON answer; its field order is the API's (clients may read it as a stream). */
  record Answer(@JsonProperty("ranker_version") String rankerVersion, String prediction, List<Found> hits) {}

  /** One product in the answer. */
  record Found(int id, String title, String category, float price, float similarity, float score) {
    static Found of(SearchService.Hit hit) {
      return new Found(hit.product().id(), hit.product().title(), hit.product().category(),
          hit.product().price(), hit.similarity(), hit.score());
    }
  }
}
