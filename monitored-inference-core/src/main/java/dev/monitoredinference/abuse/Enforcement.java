package dev.monitoredinference.abuse;

/** What happens to the calls of a flagged caller while its flag lasts. */
public enum Enforcement {
  /** Nothing: flags are reported (listener, meter, log line) and the caller is served. The default. */
  OBSERVE,
  /**
   * The caller keeps at most {@code AbuseConfig.throttleCalls} calls per rate window; the rest are
   * refused with {@link CallerRefusedException} ({@code reason=abuse_throttled}).
   */
  THROTTLE,
  /** Every call of the caller is refused with {@link CallerRefusedException} ({@code reason=abuse_refused}). */
  REFUSE
}
