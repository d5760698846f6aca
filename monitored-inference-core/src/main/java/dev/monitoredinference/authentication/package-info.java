/**
 * Who is calling an admin operation: an {@link dev.monitoredinference.authentication.AdminCredential}
 * turned into a verified {@link dev.monitoredinference.authentication.AdminPrincipal} by an {@link
 * dev.monitoredinference.authentication.AdminAuthenticator}, e.g. the shipped {@link
 * dev.monitoredinference.authentication.HmacBearerTokens}.
 */
@NullMarked
package dev.monitoredinference.authentication;

import org.jspecify.annotations.NullMarked;
