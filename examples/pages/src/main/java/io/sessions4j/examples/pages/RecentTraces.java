package io.sessions4j.examples.pages;

import io.sessions4j.core.SessionTrace;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The decision traces of the last few form posts, so that the page their redirect draws can show
 * what the post did to the session (login: "store written, id changed"). A post's trace is
 * complete once its response is out, which is before the browser follows the redirect. Kept under
 * an unguessable key, bounded, and holding only what a trace holds: redacted ids and attribute
 * names. A development aid, like the trace itself.
 */
public class RecentTraces {
  private static final int KEPT = 64;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, SessionTrace> traces = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, SessionTrace> eldest) {
      return size() > KEPT;
    }
  };

  /** Keeps {@code trace} (null: tracing off) and returns the key to fetch it with, or null. */
  public synchronized String keep(SessionTrace trace) {
    if (trace == null) {
      return null;
    }
    byte[] bytes = new byte[12];
    random.nextBytes(bytes);
    String key = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    traces.put(key, trace);
    return key;
  }

  /** The trace kept under {@code key}, once (null when unknown). */
  public synchronized SessionTrace take(String key) {
    return key == null ? null : traces.remove(key);
  }
}
