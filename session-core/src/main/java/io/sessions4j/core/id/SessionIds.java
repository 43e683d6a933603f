package io.sessions4j.core.id;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/** Rules for session id text: what a well-formed id is, and how an id may appear in logs. */
public final class SessionIds {
  /** Shortest id accepted from a client or a custom generator. */
  public static final int MIN_LENGTH = 16;
  /** Longest id accepted from a client or a custom generator. */
  public static final int MAX_LENGTH = 256;

  /** The characters of {@link #isWellFormed}, by ASCII code. */
  private static final boolean[] ID_CHARS = new boolean[128];

  static {
    for (char c = 0; c < 128; c++) {
      ID_CHARS[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~';
    }
  }

  private SessionIds() {}

  /**
   * True when {@code id} has 16–256 characters from the URL- and cookie-safe set {@code
   * [A-Za-z0-9._~-]}. Anything else sent by a client is ignored without a store lookup.
   */
  public static boolean isWellFormed(String id) {
    if (id == null || id.length() < MIN_LENGTH || id.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c >= 128 || !ID_CHARS[c]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The handle of a session id, for administration: base64url of the first 16 bytes of the id's
   * SHA-256 (22 characters). It names a session in listings and revocations without being a
   * credential (the id cannot be recovered from it), and is the same on every node and across
   * restarts.
   */
  public static String handle(String id) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * For a store refusing to write under {@code id}: null when it is well formed, else a message
   * saying what an id must be (with the id redacted).
   */
  public static String problemWith(String id) {
    return isWellFormed(id) ? null
        : "session id must be 16-256 characters of [A-Za-z0-9._~-], was " + redact(id);
  }

  /** The first 6 characters and an ellipsis: enough to correlate log lines, useless to an attacker. */
  public static String redact(String id) {
    if (id == null) {
      return "null";
    }
    return id.length() <= 6 ? "…" : id.substring(0, 6) + "…";
  }
}
