package io.sessions4j.core.compat.node;

import io.sessions4j.core.id.SessionIdGenerator;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Session ids as express-session makes them ({@code uid-safe}'s {@code uid(24)}): 24 bytes from a
 * CSPRNG, base64url without padding, 32 characters (192 bits). Both sides accept each other's ids.
 */
public final class UidSafeIds implements SessionIdGenerator {
  /** The random bytes in one id, as express-session's {@code generateSessionId} asks for. */
  public static final int BYTES = 24;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final UidSafeIds INSTANCE = new UidSafeIds();

  private UidSafeIds() {}

  /** The generator (stateless, thread-safe). */
  public static UidSafeIds generator() {
    return INSTANCE;
  }

  @Override
  public String generate() {
    byte[] bytes = new byte[BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
