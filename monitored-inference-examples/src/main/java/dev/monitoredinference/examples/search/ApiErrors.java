package dev.monitoredinference.examples.search;

import dev.monitoredinference.InferenceException;
import dev.monitoredinference.InvalidInputException;
import dev.monitoredinference.admission.ModelOverloadedException;
import dev.monitoredinference.versioning.AccessDeniedException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The library's exceptions as HTTP answers of the demo's controllers, with the library's message:
 * an admin credential refused (401, or 403 for a principal the hook refuses), invalid input (400),
 * overload (503), any other failure (500).
 */
@RestControllerAdvice(assignableTypes = {SearchController.class, EventsController.class, AdminController.class})
class ApiErrors {
  @ExceptionHandler
  ResponseEntity<Object> accessDenied(AccessDeniedException e) {
    return TextReply.of(e.authenticationFailure().isPresent() ? 401 : 403, e.getMessage());
  }

  @ExceptionHandler({InvalidInputException.class, IllegalArgumentException.class})
  ResponseEntity<Object> invalid(RuntimeException e) {
    return TextReply.of(400, e.getMessage());
  }

  @ExceptionHandler
  ResponseEntity<Object> overloaded(ModelOverloadedException e) {
    return TextReply.of(503, e.getMessage());
  }

  @ExceptionHandler({InferenceException.class, IllegalStateException.class})
  ResponseEntity<Object> failed(RuntimeException e) {
    return TextReply.of(500, e.getMessage());
  }
}
