package io.sessions4j.core;

import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.codec.CookieSealer;
import io.sessions4j.core.codec.CorruptSessionException;
import io.sessions4j.core.codec.SessionDocument;
import io.sessions4j.core.compat.node.NodeCompat;
import io.sessions4j.core.event.IdRejection;
import io.sessions4j.core.http.HttpExchange;
import io.sessions4j.core.id.SessionIds;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.StoredSession;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The legacy Node side of a migration engine ({@code migrateFrom}): reads the sessions a Node
 * package left behind — its cookie through the compat transport of that package, and with
 * express-session its record in {@code migrateStore} — so that the engine can import them into its
 * own format, and then retires them: the legacy cookie cleared, the legacy record deleted. It never
 * writes the Node formats.
 *
 * <p>Checking what a request presents does no I/O (signatures only); only {@link #load} reads the
 * legacy store, and only the lazy session's first use calls it.
 */
final class LegacySessions {
  private static final System.Logger LOG = System.getLogger("io.sessions4j.core.SessionManager");

  private final NodeCompat from;
  /** Whether the Node app keeps its sessions in {@code migrateStore} (the cookie holds only the id). */
  private final boolean storeMode;
  private final String cookieName;
  private final IdTransport transport;
  /** The Node records (express-session); null for the cookie packages. */
  private final SessionStore store;
  private final AttributeCodec codec;
  private final Duration timeout;

  LegacySessions(SessionConfig config, AttributeCodec codec) {
    SessionConfig legacy = config.legacy();
    this.from = legacy.compat();
    this.cookieName = legacy.cookieName();
    this.storeMode = legacy.mode() == SessionMode.STORE;
    this.transport = IdTransport.of(legacy);
    this.store = legacy.store();
    this.codec = codec;
    this.timeout = config.storeTimeout();
  }

  /** What a request presents in the legacy format, checked without I/O. */
  record Presented(boolean any, List<String> ids, List<byte[]> documents) {
    static final Presented NONE = new Presented(false, List.of(), List.of());

    /** Whether an authentic legacy token is among them. */
    boolean authentic() {
      return !ids.isEmpty() || !documents.isEmpty();
    }
  }

  /** A legacy session found: its attributes, its legacy record's id (express-session), its creation if known. */
  record Found(SessionDocument document, String legacyId, Instant createdAt) {}

  /** "express-session's connect.sid": the legacy cookie, for the trace. */
  String describe() {
    return from.packageName() + "'s " + cookieName;
  }

  /** The npm package the legacy sessions come from. */
  String packageName() {
    return from.packageName();
  }

  /** Whether {@code exchange} presents a legacy cookie at all (authentic or not); no checks. */
  boolean anyPresented(HttpExchange exchange) {
    return !transport.presented(exchange).isEmpty();
  }

  /**
   * The legacy tokens {@code exchange} presents: the ids (express-session) or documents (cookie
   * packages) of the authentic ones; each one that is not authentic is told to {@code rejected}.
   */
  Presented presented(HttpExchange exchange, Consumer<IdRejection> rejected) {
    List<String> tokens = transport.presented(exchange);
    if (tokens.isEmpty()) {
      return Presented.NONE;
    }
    List<String> ids = new ArrayList<>(1);
    List<byte[]> documents = new ArrayList<>(1);
    for (String token : tokens) {
      if (storeMode) {
        IdTransport.PresentedId id = transport.idOf(token);
        if (id.isAccepted()) {
          ids.add(id.id());
        } else {
          rejected.accept(id.rejection());
        }
      } else {
        CookieSealer.Opened opened = transport.open(token);
        if (opened != null) {
          documents.add(opened.payload());
        } else {
          rejected.accept(transport.rejection(token));
        }
      }
    }
    return new Presented(true, List.copyOf(ids), List.copyOf(documents));
  }

  /**
   * The first live legacy session among {@code presented}, or null; each one found unusable is told
   * to {@code rejected}. Reads the legacy store (express-session), bounded by {@code storeTimeout}.
   */
  CompletionStage<Found> load(Presented presented, Instant now, Consumer<IdRejection> rejected) {
    for (byte[] document : presented.documents()) {
      Found found = opened(document, now, rejected);
      if (found != null) {
        return CompletableFuture.completedFuture(found);
      }
    }
    return read(presented.ids(), 0, now, rejected);
  }

  private Found opened(byte[] document, Instant now, Consumer<IdRejection> rejected) {
    SessionDocument doc;
    try {
      doc = codec.decode(document);
    } catch (CorruptSessionException e) {
      rejected.accept(IdRejection.CORRUPT);
      return null;
    }
    if (doc.expiresAt() >= 0 && doc.expiresAt() <= now.toEpochMilli()) {
      rejected.accept(IdRejection.EXPIRED);
      return null;
    }
    return new Found(doc, null, null); // the Node cookies keep no creation time
  }

  private CompletionStage<Found> read(List<String> ids, int index, Instant now, Consumer<IdRejection> rejected) {
    if (index >= ids.size()) {
      return CompletableFuture.completedFuture(null);
    }
    String id = ids.get(index);
    return bounded(() -> store.get(id)).thenCompose(record -> {
      if (record.isEmpty()) {
        rejected.accept(IdRejection.UNKNOWN);
      } else if (record.get().isExpired(now)) {
        rejected.accept(IdRejection.EXPIRED);
      } else {
        StoredSession r = record.get();
        try {
          return CompletableFuture.completedFuture(new Found(codec.decode(r.data()), id, r.createdAt()));
        } catch (CorruptSessionException e) {
          rejected.accept(IdRejection.CORRUPT);
        }
      }
      return read(ids, index + 1, now, rejected);
    });
  }

  /**
   * Retires an imported legacy session: its cookie cleared on the response (when it can still be
   * changed), its record deleted (express-session). A failed delete is logged and ignored: the
   * record expires on its own, and its cookie is gone.
   *
   * @return whether a record was deleted
   */
  CompletionStage<Boolean> retire(HttpExchange exchange, String legacyId) {
    clearCookie(exchange);
    if (legacyId == null) {
      return CompletableFuture.completedFuture(false);
    }
    return bounded(() -> store.destroy(legacyId)).handle((v, failure) -> {
      if (failure != null) {
        LOG.log(Level.WARNING, "the imported " + from.packageName() + " session " + SessionIds.redact(legacyId)
            + " could not be deleted from migrateStore (it expires on its own): " + StoreCalls.unwrap(failure));
        return false;
      }
      return true;
    });
  }

  /** Tells the client to drop its legacy cookie (and its {@code .sig}), unless the response went out already. */
  void clearCookie(HttpExchange exchange) {
    if (!exchange.isResponseCommitted()) {
      transport.clear(exchange);
    }
  }

  private <T> CompletableFuture<T> bounded(Supplier<CompletionStage<T>> call) {
    try {
      return call.get().toCompletableFuture().copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
