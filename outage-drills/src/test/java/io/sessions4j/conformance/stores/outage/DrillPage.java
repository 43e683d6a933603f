package io.sessions4j.conformance.stores.outage;

import io.sessions4j.core.Session;

/**
 * What the drill's page does with its session, the same behind every front (engine, servlet,
 * Vert.x): read {@code n}, {@code sig = owner:n} and a {@code pad} derived from {@code n}; if they are
 * consistent, write the value the client asked for ({@code write}) the same way; answer what was
 * read. A fresh session (the store could not be read under {@code CONTINUE}) gets an attribute, as a
 * real request would put something in it, and the answer {@code fresh}.
 *
 * <p>Answers: {@code read N SIG}, {@code fresh}, or {@code corrupt ...} (nothing written). The
 * client checks that {@code SIG} is its own session's and what {@code N} may be.
 */
final class DrillPage {
  static final String PAD = "p".repeat(300);

  private DrillPage() {}

  /** Uses the session (the first use loads it; a store failure under FAIL throws from here). */
  static String handle(Session session, int write) {
    if (session.isNew()) {
      session.put("fresh", true);
      return "fresh";
    }
    Integer n = session.get("n", Integer.class);
    String sig = session.get("sig", String.class);
    String pad = session.get("pad", String.class);
    if (n == null || sig == null || !sig.endsWith(":" + n) || !(PAD + n).equals(pad)) {
      return "corrupt n=" + n + " sig=" + sig + " pad " + (pad == null ? "missing" : (PAD + n).equals(pad) ? "ok" : "bad");
    }
    write(session, sig.substring(0, sig.lastIndexOf(':')), write);
    return "read " + n + " " + sig;
  }

  /** The three attributes for value {@code n} of {@code owner}'s session. */
  static void write(Session session, String owner, int n) {
    session.put("n", n);
    session.put("sig", owner + ":" + n);
    session.put("pad", PAD + n);
  }
}
