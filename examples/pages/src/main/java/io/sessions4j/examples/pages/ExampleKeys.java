package io.sessions4j.examples.pages;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Where every example takes its session keys: the environment variable {@value #ENV} (32+ random
 * bytes, e.g. base64 of {@code openssl rand -base64 48}; several comma-separated, newest first), as
 * production should. Without it a random dev-only key is made, with one loud warning: sessions then
 * end when the app stops, and nobody mistakes the run for a configured one.
 */
public final class ExampleKeys {
  /** The environment variable holding the session keys, both modes. */
  public static final String ENV = "SESSIONS4J_KEYS";

  /** Said once, loudly, when {@value #ENV} is not set. */
  static final String DEV_KEY_WARNING = """

      ************************************************************************************
      WARNING: SESSIONS4J_KEYS is not set: this run signs and encrypts sessions with a
      random DEV-ONLY key, so every session ends when the app stops. In production set
      SESSIONS4J_KEYS to 32+ random bytes (e.g. `openssl rand -base64 48`).
      ************************************************************************************
      """;

  private ExampleKeys() {}

  /** Whether {@value #ENV} gives keys. */
  public static boolean given() {
    String keys = System.getenv(ENV);
    return keys != null && !keys.isBlank();
  }

  /** The keys {@value #ENV} gives, or a random dev-only key, announced by the warning. */
  public static String fromEnvironment() {
    return given() ? System.getenv(ENV) : devOnlyKey();
  }

  /** A random dev-only key (48 bytes, base64), after printing the warning to standard error. */
  public static String devOnlyKey() {
    byte[] random = new byte[48];
    new SecureRandom().nextBytes(random);
    System.err.println(DEV_KEY_WARNING);
    return Base64.getEncoder().encodeToString(random);
  }
}
