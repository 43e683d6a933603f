package io.sessions4j.core.http;

/** The (Chromium) Priority cookie attribute: which cookies a browser evicts last. */
public enum CookiePriority {
  LOW("Low"),
  MEDIUM("Medium"),
  HIGH("High");

  private final String attributeValue;

  CookiePriority(String attributeValue) {
    this.attributeValue = attributeValue;
  }

  /** The value as written in Set-Cookie. */
  public String attributeValue() {
    return attributeValue;
  }
}
