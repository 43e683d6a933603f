package io.sessions4j.core.http;

/** The SameSite cookie attribute. {@code NONE} requires Secure (browsers drop it otherwise). */
public enum SameSite {
  STRICT("Strict"),
  LAX("Lax"),
  NONE("None");

  private final String attributeValue;

  SameSite(String attributeValue) {
    this.attributeValue = attributeValue;
  }

  /** The value as written in Set-Cookie. */
  public String attributeValue() {
    return attributeValue;
  }
}
