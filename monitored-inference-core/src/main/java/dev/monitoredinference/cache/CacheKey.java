package dev.monitoredinference.cache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A cache key: HMAC-SHA256 of (scope, text) under a key drawn at random per cache, held as four
 * longs. The raw text is never kept, and without the per-process key a stored hash cannot be
 * tested against guessed queries. 256 bits make collisions negligible.
 */
record CacheKey(long a, long b, long c, long d) {

  /** Derives keys; one per cache. Thread-safe (one {@link Mac} per thread). */
  static final class Hasher {
    private final ThreadLocal<Mac> macs;

    Hasher() {
      byte[] secret = new byte[32];
      new SecureRandom().nextBytes(secret);
      SecretKeySpec key = new SecretKeySpec(secret, "HmacSHA256");
      this.macs = ThreadLocal.withInitial(() -> {
        try {
          Mac mac = Mac.getInstance("HmacSHA256");
          mac.init(key);
          return mac;
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
      });
    }

    /** The key of {@code text} within {@code scope}; a NUL separates the two. */
    CacheKey key(String scope, String text) {
      Mac mac = macs.get();
      mac.update(scope.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      ByteBuffer hash = ByteBuffer.wrap(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
      return new CacheKey(hash.getLong(), hash.getLong(), hash.getLong(), hash.getLong());
    }
  }
}
