package io.sessions4j.store.redis;

import static io.sessions4j.store.redis.RecordFormat.text;

import io.sessions4j.core.store.SessionStoreException;
import io.sessions4j.core.store.StoredSession;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Conversions between Java values and the arguments and answers of the store's scripts. */
final class ScriptValues {
  /** An empty argument: "none" (no principal, no max age, no alias). */
  static final byte[] NONE = new byte[0];

  private ScriptValues() {}

  /** An already completed step. */
  static CompletionStage<Void> done() {
    return CompletableFuture.completedFuture(null);
  }

  /** A script answer element (integer reply or digits) as a number. */
  static long asLong(Object o) {
    if (o instanceof Long n) {
      return n;
    }
    if (o instanceof byte[] b) {
      return Long.parseLong(text(b));
    }
    throw new SessionStoreException("unexpected script answer element " + (o == null ? "null" : o.getClass().getSimpleName()));
  }

  /** A script answer element as text; null as the empty string. */
  static String asText(Object o) {
    if (o == null) {
      return "";
    }
    if (o instanceof byte[] b) {
      return text(b);
    }
    return o.toString();
  }

  /** An instant as epoch milliseconds, clamped to what the records hold. */
  static long millis(Instant t) {
    try {
      return Math.min(t.toEpochMilli(), StoredSession.LATEST_MILLIS);
    } catch (ArithmeticException tooFar) {
      return t.isBefore(Instant.EPOCH) ? Long.MIN_VALUE / 4 : StoredSession.LATEST_MILLIS;
    }
  }
}
