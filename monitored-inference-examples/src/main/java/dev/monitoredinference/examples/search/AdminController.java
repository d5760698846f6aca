package dev.monitoredinference.examples.search;

import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.authentication.AdminCredential;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /admin/models/ranker/canary?version=…&share=…}, {@code …/promote?version=…} and
 * {@code …/rollback} with {@code Authorization: Bearer <token>}. The token goes to the ranker's
 * authenticator (an HMAC token, single-use): a missing, forged, expired or replayed one gets 401,
 * a principal the hook refuses 403 ({@link ApiErrors}), each audited by the library.
 */
@RestController
class AdminController {
  private static final String BEARER = "Bearer ";

  private final MonitoredModel ranker;

  AdminController(@Qualifier("ranker") MonitoredModel ranker) {
    this.ranker = ranker;
  }

  @PostMapping("/admin/models/ranker/{action}")
  ResponseEntity<Object> admin(@PathVariable String action,
      @RequestHeader(name = "Authorization", required = false) @Nullable String authorization,
      @RequestParam(required = false) @Nullable String version,
      @RequestParam(defaultValue = "0.1") double share) {
    if (authorization == null || !authorization.startsWith(BEARER) || authorization.length() == BEARER.length()) {
      return TextReply.of(401, "admin calls need Authorization: Bearer <token>");
    }
    AdminCredential credential = AdminCredential.bearer(authorization.substring(BEARER.length()));
    switch (action) {
      case "promote":
        if (version == null) {
          return TextReply.of(400, "missing query parameter version");
        }
        return TextReply.of(200, "serving " + ranker.deployer().promote(credential, version));
      case "canary":
        if (version == null) {
          return TextReply.of(400, "missing query parameter version");
        }
        return TextReply.of(200, "canary " + ranker.deployer().canary(credential, version, share) + " at " + share);
      case "rollback":
        return TextReply.of(200, "serving " + ranker.deployer().rollback(credential));
      default:
        return TextReply.of(404, "no admin action '" + action + "'; use canary, promote or rollback");
    }
  }
}
