package io.sessions4j.core.id;

import java.security.SecureRandom;
import java.util.Base64;

/** 256-bit ids from SecureRandom, URL-safe. */
final class SecureRandomIdGenerator implements SessionIdGenerator {
  static final SecureRandomIdGenerator INSTANCE = new SecureRandomIdGenerator();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private final SecureRandom random = new SecureRandom();

  @Override
  public String generate() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return ENCODER.encodeToString(bytes);
  }
}
