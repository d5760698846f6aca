package dev.monitoredinference.examples.search;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** A plain-text answer, one line: what the demo's API says when it refuses a request. */
final class TextReply {
  private TextReply() {}

  static ResponseEntity<Object> of(int status, String message) {
    return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(message + "\n");
  }
}
