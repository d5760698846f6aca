package dev.monitoredinference.versioning;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * Decides whether a principal may perform an admin operation ({@code deploy}, {@code promote},
 * {@code rollback}, {@code retire}) on a model. Admin operations are denied unless a hook allows
 * them; a refusal changes nothing and is audited. Must be thread-safe and must not block.
 */
@FunctionalInterface
public interface AdminAuthorizer {
  /** Whether {@code principal} may {@code action} model {@code model}. */
  boolean allows(String principal, String action, String model);

  /** Refuses everything: the default. */
  static AdminAuthorizer denyAll() {
    return (principal, action, model) -> false;
  }

  /** Allows exactly the named principals, every action on every model. */
  static AdminAuthorizer principals(Set<String> allowed) {
    Set<String> copy = Set.copyOf(requireNonNull(allowed, "allowed"));
    return (principal, action, model) -> copy.contains(principal);
  }
}
