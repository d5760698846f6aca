package dev.monitoredinference.authentication;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A principal an {@link AdminAuthenticator} has verified: the name admin operations are authorised
 * and audited under. Names are 1 to 64 letters, digits, {@code . _ @ : -}, so they are safe in an
 * audit line and a log. Immutable.
 */
public final class AdminPrincipal {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@:-]{1,64}");

  private final String name;

  private AdminPrincipal(String name) {
    this.name = name;
  }

  /**
   * The principal {@code name}; for authenticators, once they have verified it.
   *
   * @throws IllegalArgumentException if {@code name} is not 1 to 64 of {@code [A-Za-z0-9._@:-]}
   */
  public static AdminPrincipal verified(String name) {
    return new AdminPrincipal(checkName(name));
  }

  static String checkName(String name) {
    requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a principal must be 1 to 64 of [A-Za-z0-9._@:-], but was '"
          + (name.length() > 64 ? name.substring(0, 64) + "…" : name) + "'");
    }
    return name;
  }

  public String name() {
    return name;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof AdminPrincipal && ((AdminPrincipal) other).name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }
}
