package io.sessions4j.core.codec;

/** STUB. */
final class SignedCookieSealer implements CookieSealer {
  SignedCookieSealer(KeyRing keys, int compressAbove) {}

  @Override
  public String seal(String cookieName, byte[] payload) {
    throw new UnsupportedOperationException("stub");
  }

  @Override
  public Opened open(String cookieName, String sealedValue) {
    throw new UnsupportedOperationException("stub");
  }
}
