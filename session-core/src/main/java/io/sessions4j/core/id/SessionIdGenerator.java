package io.sessions4j.core.id;

/**
 * Makes new session ids (the {@code idGenerator} option). Ids must be unguessable: the default
 * draws 256 bits from {@link java.security.SecureRandom}. Generated ids must match {@link
 * SessionIds#isWellFormed(String)}; the engine refuses others.
 */
@FunctionalInterface
public interface SessionIdGenerator {

  /** A new id. */
  String generate();

  /** The default: 32 bytes from SecureRandom, base64url without padding (43 characters). */
  static SessionIdGenerator secureRandom() {
    return SecureRandomIdGenerator.INSTANCE;
  }
}
