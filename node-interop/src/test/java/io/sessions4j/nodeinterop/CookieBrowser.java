package io.sessions4j.nodeinterop;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionManager;
import io.sessions4j.testing.TestExchange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A browser for the cross-language tests: a cookie jar holding every cookie a response sets
 * (dropped when a response clears it), sent with the next request to whichever side, Node or Java.
 */
final class CookieBrowser {
  final Map<String, String> jar = new LinkedHashMap<>();

  /** The Cookie header for the next request; null when the jar is empty. */
  String header() {
    List<String> pairs = new ArrayList<>();
    jar.forEach((n, v) -> pairs.add(n + "=" + v));
    return pairs.isEmpty() ? null : String.join("; ", pairs);
  }

  /** Keeps what {@code setCookies} set, and drops what they clear (an expiry in 1970). */
  void take(List<String> setCookies) {
    for (String h : setCookies) {
      String pair = h.substring(0, h.indexOf(';'));
      String name = pair.substring(0, pair.indexOf('='));
      if (h.toLowerCase(Locale.ROOT).contains("expires=thu, 01 jan 1970")) {
        jar.remove(name);
      } else {
        jar.put(name, pair.substring(pair.indexOf('=') + 1));
      }
    }
  }

  /** A request to the Node app; its JSON body. */
  JsonNode get(NodeApp app, String path) {
    NodeApp.Reply reply = app.get(path, header());
    take(reply.setCookies());
    return reply.body();
  }

  /** One request to the Java app: load, run {@code handler}, commit. */
  void request(SessionManager app, Consumer<Session> handler) {
    TestExchange ex = TestExchange.withCookieHeader(header());
    Session s = app.load(ex).toCompletableFuture().join();
    handler.accept(s);
    app.commit(ex, s).toCompletableFuture().join();
    take(ex.setCookies());
  }
}
