package io.sessions4j.conformance.logs;

import io.sessions4j.conformance.harness.ConformanceProfiles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every secret a conformance run handles, for {@link LogScan}: the protocol's test keys (as given,
 * and their base64, base64url and hex forms) and every full session id and cookie value the kit's
 * clients saw in an answer or sent in a request (forged cookies included). JVM-wide, because the kit's clients record into it from any
 * check thread.
 */
public final class SeenSecrets {

  /** Shorter values (a test's {@code "stale"}, {@code "garbage"}) are not secrets worth a scan. */
  public static final int MIN_LENGTH = 16;

  private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();
  private static final Pattern JSON_ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

  private SeenSecrets() {}

  /** Records a session cookie value or session id seen in the run (ignored when shorter than {@link #MIN_LENGTH}). */
  public static void record(String value) {
    if (value != null && value.length() >= MIN_LENGTH) {
      SEEN.add(value);
      int dot = value.lastIndexOf('.');
      if (dot >= MIN_LENGTH) {
        SEEN.add(value.substring(0, dot)); // a store-mode cookie's id part on its own
      }
      String id = idOfIdToken(value);
      if (id != null && id.length() >= MIN_LENGTH) {
        SEEN.add(id);
      }
    }
  }

  /**
   * The session id inside a store-mode id token ({@code i1.<kid>.<id>.<mac>}: a 6-character kid and
   * a 43-character MAC around the id), or null when {@code value} is not shaped like one.
   */
  public static String idOfIdToken(String value) {
    int idStart = "i1.".length() + 6 + 1;
    int idEnd = value.length() - 1 - 43;
    if (!value.startsWith("i1.") || idEnd <= idStart || value.charAt(idStart - 1) != '.' || value.charAt(idEnd) != '.') {
      return null;
    }
    return value.substring(idStart, idEnd);
  }

  /** Records the session id of a protocol JSON body, when it has one. */
  public static void recordBody(String body) {
    if (body == null) {
      return;
    }
    Matcher m = JSON_ID.matcher(body);
    if (m.find()) {
      record(m.group(1));
    }
  }

  /** How many ids and cookie values were recorded. */
  public static int seenCount() {
    return SEEN.size();
  }

  /** The key material: each test key as given and encoded, labelled for reports. */
  public static Map<String, String> keyMaterial() {
    Map<String, String> keys = new LinkedHashMap<>();
    List<String> given = List.of(ConformanceProfiles.NEW_KEY, ConformanceProfiles.OLD_KEY,
        "conformance-key-unknown-0123456789abcdef");
    for (String key : given) {
      String label = key.substring(0, key.indexOf("-0123"));
      byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
      keys.put(key, label + " (as given)");
      keys.put(Base64.getEncoder().encodeToString(bytes), label + " (base64)");
      keys.putIfAbsent(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), label + " (base64url)");
      keys.put(HexFormat.of().formatHex(bytes), label + " (hex)");
      keys.putIfAbsent(HexFormat.of().withUpperCase().formatHex(bytes), label + " (HEX)");
    }
    return keys;
  }

  /** Everything a log must never contain: key material, then every recorded id and cookie value. */
  public static Map<String, String> all() {
    Map<String, String> secrets = new LinkedHashMap<>(keyMaterial());
    List<String> seen = new ArrayList<>(SEEN);
    for (String value : seen) {
      secrets.putIfAbsent(value, "a session id or cookie value seen in the run");
    }
    return secrets;
  }
}
