package dev.monitoredinference.authentication;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.authentication.AuthenticationException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.PriorityQueue;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bearer tokens signed with HMAC-SHA256 under a shared secret: {@link #issue} mints one for a
 * principal with an expiry, {@link #authenticate} verifies the signature (in constant time), the
 * expiry, the longest lifetime, and that the token was not used before. A token is {@code
 * mi1.<payload>.<signature>}, base64url, the payload holding the principal, the expiry (epoch
 * seconds) and a random 128-bit nonce; it is not encrypted, so the principal and expiry are
 * readable by whoever holds it.
 *
 * <pre>{@code
 * HmacBearerTokens tokens = HmacBearerTokens.create(secret);          // the same secret where tokens are minted
 * MonitoredModel.builder("ranker").repository(repository, VersionPin.label("stable"))
 *     .admin(tokens, AdminAuthorizer.principals(Set.of("deploy-bot")), auditLog)
 *     .build();
 * String token = tokens.issue("deploy-bot", Duration.ofMinutes(1));    // e.g. in the deploy pipeline
 * ranker.deployer().promote(AdminCredential.bearer(token), "8");
 * }</pre>
 *
 * <p>Each token authenticates once (replay protection): a used token is remembered until it
 * expires, within {@link HmacTokenConfig#replayCacheSize()}. Remembered tokens live in this
 * object's memory, so replicas each refuse a replay to themselves; a token replayed to another
 * replica is bounded by its short lifetime. Thread-safe; verification takes a lock (admin calls
 * only).
 */
public final class HmacBearerTokens implements AdminAuthenticator {
  private static final String PREFIX = "mi1.";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec secret;
  private final HmacTokenConfig config;
  private final Clock clock;
  private final Map<String, Long> used = new HashMap<>();
  private final PriorityQueue<Map.Entry<String, Long>> byExpiry =
      new PriorityQueue<>(Map.Entry.comparingByValue());

  private HmacBearerTokens(byte[] secret, HmacTokenConfig config, Clock clock) {
    this.secret = new SecretKeySpec(secret, "HmacSHA256");
    this.config = config;
    this.clock = clock;
  }

  /** {@link #create(byte[], HmacTokenConfig, Clock)} with the default settings and the system clock. */
  public static HmacBearerTokens create(byte[] secret) {
    return create(secret, HmacTokenConfig.ofDefaults(), Clock.systemUTC());
  }

  /**
   * Tokens under {@code secret} (copied).
   *
   * @throws IllegalArgumentException if {@code secret} has fewer than 32 bytes
   */
  public static HmacBearerTokens create(byte[] secret, HmacTokenConfig config, Clock clock) {
    requireNonNull(secret, "secret");
    if (secret.length < 32) {
      throw new IllegalArgumentException("secret must have at least 32 bytes, but has " + secret.length);
    }
    return new HmacBearerTokens(secret.clone(), requireNonNull(config, "config"), requireNonNull(clock, "clock"));
  }

  /**
   * A new token for {@code principal}, valid for {@code lifetime}.
   *
   * @throws IllegalArgumentException if {@code principal} is not a valid name, or {@code lifetime}
   *     is not positive or longer than {@link HmacTokenConfig#maxLifetime()}
   */
  public String issue(String principal, Duration lifetime) {
    AdminPrincipal.checkName(principal);
    requireNonNull(lifetime, "lifetime");
    if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(config.maxLifetime()) > 0) {
      throw new IllegalArgumentException("lifetime must be > 0 and <= " + config.maxLifetime() + ", but was " + lifetime);
    }
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    long expiry = clock.instant().plus(lifetime).getEpochSecond();
    String payload = ENCODER.encodeToString((principal + "\n" + expiry + "\n" + HexFormat.of().formatHex(nonce))
        .getBytes(StandardCharsets.UTF_8));
    return PREFIX + payload + "." + ENCODER.encodeToString(mac(PREFIX + payload));
  }

  /**
   * The principal {@code credential}'s token names, once verified; the token is then used up.
   *
   * @throws AuthenticationException if it is malformed, forged, expired, too long-lived or replayed
   */
  @Override
  public AdminPrincipal authenticate(AdminCredential credential) {
    String token = requireNonNull(credential, "credential").token();
    int dot = token.lastIndexOf('.');
    if (!token.startsWith(PREFIX) || dot <= PREFIX.length()) {
      throw new AuthenticationException(Reason.MALFORMED, "the token is not an HMAC admin token");
    }
    byte[] signature;
    String[] fields;
    try {
      signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
      fields = new String(Base64.getUrlDecoder().decode(token.substring(PREFIX.length(), dot)),
          StandardCharsets.UTF_8).split("\n", -1);
    } catch (IllegalArgumentException e) {
      throw new AuthenticationException(Reason.MALFORMED, "the token is not base64url");
    }
    if (!MessageDigest.isEqual(signature, mac(token.substring(0, dot)))) {
      throw new AuthenticationException(Reason.FORGED, "the token's signature does not match");
    }
    if (fields.length != 3) { // signed by us, so only an issuer of another version gets here
      throw new AuthenticationException(Reason.MALFORMED, "the token's payload has " + fields.length + " fields");
    }
    long expiry;
    try {
      expiry = Long.parseLong(fields[1]);
    } catch (NumberFormatException e) {
      throw new AuthenticationException(Reason.MALFORMED, "the token's expiry is not a number");
    }
    AdminPrincipal principal = AdminPrincipal.verified(fields[0]);
    remember(fields[2], expiry);
    return principal;
  }

  /** Checks the expiry and uses the token up, or refuses it. */
  private synchronized void remember(String nonce, long expiry) {
    long now = clock.instant().getEpochSecond();
    if (expiry <= now) {
      throw new AuthenticationException(Reason.EXPIRED, "the token expired at " + Instant.ofEpochSecond(expiry));
    }
    if (expiry > now + config.maxLifetime().toSeconds() + 1) { // a second for rounding up at issue
      throw new AuthenticationException(Reason.LIFETIME_TOO_LONG, "the token expires at "
          + Instant.ofEpochSecond(expiry) + ", later than the longest lifetime " + config.maxLifetime() + " allows");
    }
    Map.Entry<String, Long> oldest;
    while ((oldest = byExpiry.peek()) != null && oldest.getValue() <= now) {
      byExpiry.poll();
      used.remove(oldest.getKey());
    }
    if (used.containsKey(nonce)) {
      throw new AuthenticationException(Reason.REPLAYED, "the token was used before");
    }
    if (used.size() >= config.replayCacheSize()) {
      throw new AuthenticationException(Reason.REPLAY_CACHE_FULL, "too many unexpired tokens were used ("
          + used.size() + "); refusing rather than risking a replay");
    }
    used.put(nonce, expiry);
    byExpiry.add(Map.entry(nonce, expiry));
  }

  private byte[] mac(String signed) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(secret);
      return mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
  }

  @Override
  public String toString() {
    return "HmacBearerTokens[" + config + "]"; // never the secret
  }
}
