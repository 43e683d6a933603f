package io.sessions4j.core.codec;

import java.util.List;

/**
 * The ordered secrets a deployment signs and encrypts with: the first seals, all open (rotation).
 * STUB: to be implemented (HKDF-SHA256 derivation, short secrets refused).
 */
public final class KeyRing {
  private KeyRing() {}

  /** Secrets as UTF-8 text; each must be at least 32 bytes. */
  public static KeyRing fromSecrets(List<String> secrets) {
    throw new UnsupportedOperationException("stub");
  }

  /** Raw secrets; each must be at least 32 bytes. */
  public static KeyRing fromBytes(List<byte[]> secrets) {
    throw new UnsupportedOperationException("stub");
  }

  public int size() {
    throw new UnsupportedOperationException("stub");
  }
}
