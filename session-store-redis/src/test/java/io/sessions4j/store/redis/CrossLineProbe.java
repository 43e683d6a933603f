package io.sessions4j.store.redis;

import io.sessions4j.core.SessionManager;
import io.sessions4j.testing.TestExchange;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One side of {@link CrossLineReadTest}: a separate JVM on the other Lettuce line of this store
 * (Lettuce 7 / Netty 4.2 or Lettuce 6 / Netty 4.1, which cannot share one classpath) that writes
 * or reads a session through the real engine and prints what it did on its last line.
 *
 * <pre>
 *   CrossLineProbe create URI PREFIX           → prints the new session's id
 *   CrossLineProbe change URI PREFIX ID K V     → puts K=V into the session; prints its id
 *   CrossLineProbe read URI PREFIX ID           → prints the attributes, sorted, and the principal's sessions
 * </pre>
 */
public final class CrossLineProbe {
  private CrossLineProbe() {}

  /** The session every side creates: a principal, a list and a number, as an application would. */
  static void fill(io.sessions4j.core.Session session, String line) {
    session.put(EngineRequests.PRINCIPAL_ATTRIBUTE, "ada");
    session.put("cart", List.of("apple", "pear"));
    session.put("views", 3);
    session.put("writtenBy", line);
  }

  /** What {@code read} prints, computed the same way on both sides. */
  static String describe(Map<String, Object> attributes, int principalSessions) {
    return new TreeMap<>(attributes) + " principalSessions=" + principalSessions;
  }

  public static void main(String[] args) throws Exception {
    String op = args[0];
    try (RedisSessionStore store = RedisSessionStore.builder().uri(args[1]).keyPrefix(args[2]).build();
         SessionManager engine = SessionManager.create(EngineRequests.config(store).build())) {
      switch (op) {
        case "create" -> {
          TestExchange done = EngineRequests.request(engine, null, s -> fill(s, "probe"));
          System.out.println(done.lastResponseHeader(EngineRequests.ID_HEADER));
        }
        case "change" -> {
          EngineRequests.request(engine, args[3], s -> s.put(args[4], args[5]));
          System.out.println(args[3]);
        }
        case "read" -> {
          @SuppressWarnings("unchecked")
          Map<String, Object>[] seen = new Map[1];
          EngineRequests.request(engine, args[3], s -> seen[0] = s.attributes());
          int indexed = store.findByPrincipal("ada").toCompletableFuture().get().size();
          System.out.println(describe(seen[0], indexed));
        }
        default -> throw new IllegalArgumentException("unknown probe operation " + op);
      }
    }
  }
}
