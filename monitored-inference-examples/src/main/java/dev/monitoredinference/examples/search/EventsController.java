package dev.monitoredinference.examples.search;

import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.outcomes.Outcome;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /events?prediction=…&item=…&type=click|add_to_cart|purchase[&value=…]}: what a user
 * did with a product a search showed, recorded by the ranker's outcome tracker. Unknown or late
 * prediction ids are counted by the library, not refused.
 */
@RestController
class EventsController {
  private final MonitoredModel ranker;

  EventsController(@Qualifier("ranker") MonitoredModel ranker) {
    this.ranker = ranker;
  }

  @PostMapping("/events")
  ResponseEntity<Object> event(HttpServletRequest request) {
    Map<String, String> query = UrlEncoded.parameters(request.getQueryString());
    String prediction = query.get("prediction");
    String item = query.get("item");
    Outcome outcome = switch (query.getOrDefault("type", "")) {
      case "click" -> Outcome.CLICK;
      case "add_to_cart" -> Outcome.ADD_TO_CART;
      case "purchase" -> Outcome.PURCHASE;
      default -> null;
    };
    if (prediction == null || item == null || outcome == null) {
      return TextReply.of(400, "needs prediction, item and type (click, add_to_cart or purchase)");
    }
    double value;
    try {
      value = Double.parseDouble(query.getOrDefault("value", "0"));
    } catch (NumberFormatException e) {
      return TextReply.of(400, "value must be a number");
    }
    ranker.outcomes().record(prediction, item, outcome, value);
    return ResponseEntity.noContent().build();
  }
}
