package io.sessions4j.conformance.logs;

import io.sessions4j.core.id.SessionIds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds secrets in captured log text. Every secret of at least {@link SeenSecrets#MIN_LENGTH}
 * characters is looked up by its first 16 characters in one pass over the text, so thousands of
 * recorded cookie values scan megabytes of logs in well under a second. Reports never repeat a
 * secret: they show it redacted, with the line around it redacted too.
 */
public final class LogScan {

  private static final int PREFIX = SeenSecrets.MIN_LENGTH;

  private LogScan() {}

  /** One secret found in the logs. */
  public record Leak(String what, String secretRedacted, String context) {
    @Override
    public String toString() {
      return what + " " + secretRedacted + " in: " + context;
    }
  }

  /** Every secret of {@code secrets} (value → what it is) found in {@code text}; empty when none. */
  public static List<Leak> leaks(String text, Map<String, String> secrets) {
    Map<String, List<String>> byPrefix = new HashMap<>();
    for (String secret : secrets.keySet()) {
      if (secret.length() >= PREFIX) {
        byPrefix.computeIfAbsent(secret.substring(0, PREFIX), k -> new ArrayList<>()).add(secret);
      }
    }
    List<Leak> leaks = new ArrayList<>();
    java.util.Set<String> reported = new java.util.HashSet<>();
    for (int i = 0; i + PREFIX <= text.length(); i++) {
      List<String> candidates = byPrefix.get(text.substring(i, i + PREFIX));
      if (candidates == null) {
        continue;
      }
      for (String secret : candidates) {
        if (text.startsWith(secret, i) && reported.add(secret)) {
          leaks.add(new Leak(secrets.get(secret), SessionIds.redact(secret), context(text, i, secrets)));
        }
      }
    }
    return leaks;
  }

  /** The line around position {@code at}, at most 200 characters, with every secret in it redacted. */
  private static String context(String text, int at, Map<String, String> secrets) {
    int start = Math.max(text.lastIndexOf('\n', at) + 1, at - 100);
    int end = text.indexOf('\n', at);
    end = Math.min(end < 0 ? text.length() : end, at + 100);
    String line = text.substring(start, end);
    for (String secret : secrets.keySet()) {
      if (secret.length() >= PREFIX && line.contains(secret)) {
        line = line.replace(secret, SessionIds.redact(secret));
      }
    }
    return line;
  }
}
