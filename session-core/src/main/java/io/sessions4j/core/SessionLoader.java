package io.sessions4j.core;

import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.codec.CookieSealer;
import io.sessions4j.core.codec.CorruptSessionException;
import io.sessions4j.core.codec.SessionDocument;
import io.sessions4j.core.event.IdRejection;
import io.sessions4j.core.event.StoreOperation;
import io.sessions4j.core.IdTransport.PresentedId;
import io.sessions4j.core.http.HttpExchange;
import io.sessions4j.core.id.SessionIds;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.StoredSession;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Finds the session of a request: the one the presented tokens name when it is authentic,
 * unexpired, valid by the {@code validate} hook and (in store mode) present in the store; otherwise
 * a new, empty one. Client input never makes it fail; a store failure follows the policy ({@link
 * StoreCalls#loadFailed}). Also re-reads a session ({@link Session#reload()}).
 */
final class SessionLoader {
  private static final System.Logger LOG = System.getLogger("io.sessions4j.core.SessionManager");

  private final SessionManager manager;
  private final SessionMode mode;
  private final Predicate<Session> validator;
  private final IdTransport transport;
  private final SessionStore store;
  private final StoreCalls calls;
  private final SessionEvents events;
  private final AttributeCodec codec;
  private final ExpiryPolicy expiry;
  /** Whether requests keep a decision trace ({@code trace}). */
  private final boolean tracing;
  private final String idHeader;
  /** Records of a store that shares them decode once (see DecodedDocuments); null for other stores; shared with the StoreWriter. */
  private final DecodedDocuments decodedDocuments;
  /** {@code migrateFrom}: the legacy Node sessions a request may present instead of ours; null when not migrating. */
  private final LegacySessions legacy;

  SessionLoader(SessionManager manager, SessionStore store, IdTransport transport, StoreCalls calls,
      SessionEvents events, ExpiryPolicy expiry, DecodedDocuments decodedDocuments, LegacySessions legacy) {
    SessionConfig config = manager.config();
    this.manager = manager;
    this.mode = config.mode();
    this.validator = config.validator();
    this.transport = transport;
    this.store = store;
    this.calls = calls;
    this.events = events;
    this.codec = manager.codec();
    this.expiry = expiry;
    this.decodedDocuments = decodedDocuments;
    this.tracing = config.trace();
    this.idHeader = config.idHeader();
    this.legacy = legacy;
  }

  /** The eager load: store mode reads the store now. */
  CompletionStage<Session> load(HttpExchange exchange, Instant now) {
    try {
      if (mode == SessionMode.COOKIE) {
        SessionTrace trace = newTrace();
        CookieLoad found = cookieSession(exchange, now, trace);
        return found.session() != null ? CompletableFuture.completedFuture(found.session())
            : importLegacy(exchange, found.legacy(), now, manager.newStoreBudget(), trace);
      }
      SessionTrace trace = newTrace();
      List<String> presented = transport.presented(exchange);
      List<PresentedId> ids = verifiedIds(exchange, presented, trace);
      LegacySessions.Presented old = legacyPresented(exchange, trace);
      return lookup(exchange, ids, 0, !presented.isEmpty() || old.any(), now, manager.newStoreBudget(), trace, old);
    } catch (RuntimeException e) {
      // defensive: client input must never fail a request
      LOG.log(Level.WARNING, "session could not be read from the request; starting a fresh one: " + e);
      return CompletableFuture.completedFuture(DefaultSession.fresh(manager, exchange, true, now));
    }
  }

  /** The lazy load: store mode checks the presented ids now and reads the store on first use. */
  Session open(HttpExchange exchange, BooleanSupplier mayWait, Instant now) {
    SessionTrace trace = newTrace();
    if (mode == SessionMode.COOKIE) {
      CookieLoad found = cookieSession(exchange, now, trace);
      if (found.session() != null) {
        return found.session();
      }
      if (found.legacy().ids().isEmpty()) {
        // a legacy cookie-package session: no I/O, imported now
        try {
          return (Session) importLegacy(exchange, found.legacy(), now, manager.newStoreBudget(), trace)
              .toCompletableFuture().join();
        } catch (RuntimeException e) {
          // defensive: client input must never fail a request
          LOG.log(Level.WARNING, "session could not be read from the request; starting a fresh one: " + e);
          return DefaultSession.fresh(manager, exchange, true, now).traced(trace);
        }
      }
      // express-session's record is read from migrateStore on first use, as a store-mode session is
      return new LazySession(exchange,
          () -> importLegacy(exchange, found.legacy(), manager.now(), manager.newStoreBudget(), trace), mayWait, trace);
    }
    List<PresentedId> ids;
    boolean clientSentId;
    LegacySessions.Presented old;
    try {
      List<String> presented = transport.presented(exchange);
      ids = verifiedIds(exchange, presented, trace);
      old = legacyPresented(exchange, trace);
      clientSentId = !presented.isEmpty() || old.any();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "session could not be read from the request; starting a fresh one: " + e);
      ids = List.of();
      old = LegacySessions.Presented.NONE;
      clientSentId = true;
    }
    List<PresentedId> candidates = ids;
    boolean sent = clientSentId;
    LegacySessions.Presented legacyCandidates = old;
    return new LazySession(exchange,
        () -> lookup(exchange, candidates, 0, sent, manager.now(), manager.newStoreBudget(), trace, legacyCandidates),
        mayWait, trace);
  }

  /** A new request's decision trace, or null when tracing is off. */
  private SessionTrace newTrace() {
    return tracing ? new SessionTrace(manager.config()) : null;
  }

  /** A presented token was not used: told to the listeners, and to the trace when there is one. */
  private void rejected(SessionTrace trace, IdRejection why) {
    events.idRejected(why);
    if (trace != null) {
      trace.rejected(why);
    }
  }

  /** Where the presented tokens came from (the id header is read first): for the trace. */
  private SessionTrace.Source sourceOf(HttpExchange exchange, List<String> presented) {
    if (presented.isEmpty()) {
      return SessionTrace.Source.NONE;
    }
    String header = idHeader == null ? null : exchange.requestHeader(idHeader);
    return header != null && !header.isBlank() ? SessionTrace.Source.HEADER : SessionTrace.Source.COOKIE;
  }

  /** The distinct ids carried by the authentic, well-formed tokens, in order (no I/O); others reported. */
  private List<PresentedId> verifiedIds(HttpExchange exchange, List<String> presented, SessionTrace trace) {
    if (trace != null) {
      trace.presented(sourceOf(exchange, presented));
    }
    if (presented.isEmpty()) {
      return List.of();
    }
    List<PresentedId> ids = new ArrayList<>(presented.size());
    for (String token : presented) {
      PresentedId id = transport.idOf(token);
      if (!id.isAccepted()) {
        rejected(trace, id.rejection());
      } else if (!containsId(ids, id.id())) {
        ids.add(id);
      }
    }
    return ids;
  }

  private static boolean containsId(List<PresentedId> ids, String id) {
    for (PresentedId p : ids) {
      if (p.id().equals(id)) {
        return true;
      }
    }
    return false;
  }

  /** The first of {@code ids} (from {@code index}) whose record is live and valid; else a fresh session. */
  private CompletionStage<Session> lookup(HttpExchange exchange, List<PresentedId> ids, int index,
      boolean clientSentId, Instant now, StoreBudget budget, SessionTrace trace, LegacySessions.Presented old) {
    if (index == 0 && trace != null) {
      trace.loadStarted();
    }
    if (index >= ids.size()) {
      if (old.authentic()) {
        return importLegacy(exchange, old, now, budget, trace);
      }
      if (trace != null) {
        trace.loaded(SessionTrace.Load.NEW, null);
      }
      return CompletableFuture.completedFuture(
          DefaultSession.fresh(manager, exchange, clientSentId, now).useStoreBudget(budget).traced(trace));
    }
    PresentedId presented = ids.get(index);
    String id = presented.id();
    return calls.call(budget, StoreOperation.GET, () -> store.get(id)).handle((found, failure) -> {
      if (failure != null) {
        if (trace != null) {
          trace.loaded(manager.config().storeFailurePolicy() == StoreFailurePolicy.FAIL
              ? SessionTrace.Load.STORE_FAILED : SessionTrace.Load.STORE_FAILED_CONTINUE, null);
        }
        calls.loadFailed(id, failure);
        return CompletableFuture.<Session>completedFuture(
            DefaultSession.fresh(manager, exchange, true, now).useStoreBudget(budget).traced(trace));
      }
      if (found.isEmpty()) {
        rejected(trace, IdRejection.UNKNOWN);
      } else if (found.get().isExpired(now) || expiry.pastAbsoluteDeadline(found.get().createdAt(), now)) {
        rejected(trace, IdRejection.EXPIRED);
      } else {
        DefaultSession loaded = fromRecord(exchange, found.get(), presented.resealDue(), now, trace);
        if (loaded != null) {
          if (trace != null) {
            trace.loaded(SessionTrace.Load.STORE, id);
          }
          return CompletableFuture.<Session>completedFuture(
              loaded.useStoreBudget(budget).traced(trace).clearsLegacyCookie(old.any()));
        }
      }
      return lookup(exchange, ids, index + 1, clientSentId, now, budget, trace, old);
    }).thenCompose(stage -> stage);
  }

  private DefaultSession fromRecord(HttpExchange exchange, StoredSession record, boolean resealDue, Instant now,
      SessionTrace trace) {
    SessionDocument doc;
    try {
      doc = decodeRecord(record);
    } catch (CorruptSessionException e) {
      LOG.log(Level.WARNING, "stored session " + SessionIds.redact(record.id())
          + " is corrupt and is ignored (" + e.getMessage() + "); the request gets a fresh session");
      rejected(trace, IdRejection.CORRUPT);
      return null;
    }
    return validated(DefaultSession.stored(manager, exchange, record, doc, resealDue, now), now, trace);
  }

  /**
   * A stored record's document, decoded once per record version for a store that shares records.
   * Each decode is told as a document read: a version already decoded, or remembered by the writer
   * that wrote it (and told as written), is not measured again on every request that reads it.
   */
  private SessionDocument decodeRecord(StoredSession record) {
    if (decodedDocuments == null) {
      events.documentRead(record.data().length);
      return codec.decode(record.data());
    }
    SessionDocument known = decodedDocuments.cached(record);
    if (known != null) {
      return known;
    }
    events.documentRead(record.data().length);
    return decodedDocuments.decode(record);
  }

  /** The session, unless it is past its window under the current configuration or the validate hook refuses it. */
  private DefaultSession validated(DefaultSession session, Instant now, SessionTrace trace) {
    if (expiry.pastWindow(session.lastAccessedAt(), session.effectiveMaxAge(), now)) {
      rejected(trace, IdRejection.EXPIRED);
      return null;
    }
    try {
      if (validator.test(session)) {
        return session;
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "session validate hook threw; treating the session as invalid: " + e);
    }
    rejected(trace, IdRejection.INVALID);
    return null;
  }

  /**
   * Cookie mode: the session the request's cookie carries, or a new one; or, with {@code
   * migrateFrom}, no session yet and the authentic legacy tokens to import it from.
   */
  private record CookieLoad(DefaultSession session, LegacySessions.Presented legacy) {}

  private CookieLoad cookieSession(HttpExchange exchange, Instant now, SessionTrace trace) {
    try {
      if (trace != null) {
        trace.loadStarted();
      }
      CookieLoad found = loadFromCookie(exchange, now, trace);
      return found.session() == null ? found : new CookieLoad(found.session().traced(trace), null);
    } catch (RuntimeException e) {
      // defensive: client input must never fail a request
      LOG.log(Level.WARNING, "session could not be read from the request; starting a fresh one: " + e);
      return new CookieLoad(DefaultSession.fresh(manager, exchange, true, now).traced(trace), null);
    }
  }

  /** Cookie mode: the first presented cookie that opens, decodes, is unexpired and valid. */
  private CookieLoad loadFromCookie(HttpExchange exchange, Instant now, SessionTrace trace) {
    List<String> values = transport.presented(exchange);
    if (trace != null) {
      trace.presented(values.isEmpty() ? SessionTrace.Source.NONE : SessionTrace.Source.COOKIE);
    }
    for (String value : values) {
      CookieSealer.Opened opened = transport.open(value);
      if (opened == null) {
        rejected(trace, transport.rejection(value));
        continue;
      }
      SessionDocument doc;
      try {
        doc = codec.decode(opened.payload());
      } catch (CorruptSessionException e) {
        LOG.log(Level.DEBUG, "authentic session cookie holds an unreadable payload; ignored");
        rejected(trace, IdRejection.CORRUPT);
        continue;
      }
      if (doc.createdAt() < 0 || doc.expiresAt() < 0) {
        rejected(trace, IdRejection.CORRUPT);
        continue;
      }
      if (doc.expiresAt() <= now.toEpochMilli()
          || expiry.pastAbsoluteDeadline(Instant.ofEpochMilli(doc.createdAt()), now)) {
        rejected(trace, IdRejection.EXPIRED);
        continue;
      }
      DefaultSession session = validated(
          DefaultSession.fromCookie(manager, exchange, doc, opened.sealedWithOlderKey(), now), now, trace);
      if (session != null) {
        if (trace != null) {
          trace.loaded(SessionTrace.Load.COOKIE, null);
        }
        return new CookieLoad(session.clearsLegacyCookie(legacy != null && legacy.anyPresented(exchange)), null);
      }
    }
    LegacySessions.Presented old = legacyPresented(exchange, trace);
    if (old.authentic()) {
      return new CookieLoad(null, old);
    }
    if (trace != null) {
      trace.loaded(SessionTrace.Load.NEW, null);
    }
    return new CookieLoad(DefaultSession.fresh(manager, exchange, !values.isEmpty() || old.any(), now), null);
  }

  // ---- migrateFrom: legacy Node sessions ------------------------------------------------------

  /** The legacy tokens the request presents, checked without I/O (none when not migrating). */
  private LegacySessions.Presented legacyPresented(HttpExchange exchange, SessionTrace trace) {
    if (legacy == null) {
      return LegacySessions.Presented.NONE;
    }
    LegacySessions.Presented old = legacy.presented(exchange, why -> legacyRejected(trace, why));
    if (old.any() && trace != null && trace.source() == SessionTrace.Source.NONE) {
      trace.presented(SessionTrace.Source.COOKIE);
    }
    return old;
  }

  /** A legacy token was not used: told to the listeners, and to the trace in words. */
  private void legacyRejected(SessionTrace trace, IdRejection why) {
    events.idRejected(why);
    if (trace != null) {
      trace.migration("legacy token in " + legacy.describe() + " not used: " + SessionTrace.sentence(why));
    }
  }

  /**
   * No session of our own: the first live legacy session among {@code old} as a new session of
   * ours (written, and the legacy one retired, at commit), or a new, empty one. A legacy store that
   * fails is logged and the request goes on without it: its cookie is kept, so a later request
   * imports it.
   */
  private CompletionStage<Session> importLegacy(HttpExchange exchange, LegacySessions.Presented old, Instant now,
      StoreBudget budget, SessionTrace trace) {
    if (trace != null) {
      trace.loadStarted();
    }
    return legacy.load(old, now, why -> legacyRejected(trace, why)).handle((found, failure) -> {
      DefaultSession imported = null;
      if (failure != null) {
        LOG.log(Level.WARNING, "the legacy " + legacy.packageName() + " session could not be read from migrateStore; "
            + "the request goes on without it, and a later request imports it: " + StoreCalls.unwrap(failure));
        if (trace != null) {
          trace.migration("migrateStore failed to load the legacy session; not imported, its cookie is kept");
        }
      } else if (found != null) {
        imported = validated(DefaultSession.imported(manager, exchange, found.document(), found.createdAt(),
            found.legacyId(), now), now, trace);
      }
      if (imported == null) {
        if (trace != null) {
          trace.loaded(SessionTrace.Load.NEW, null);
        }
        return (Session) DefaultSession.fresh(manager, exchange, true, now).useStoreBudget(budget).traced(trace);
      }
      if (trace != null) {
        trace.loaded(SessionTrace.Load.IMPORTED, null);
        trace.migration("legacy session found in " + legacy.describe()
            + "; it moves into a new session when this one is written");
      }
      return imported.useStoreBudget(budget).traced(trace);
    });
  }

  /** Re-reads the session: cookie mode from what it was loaded (or last written) as, store mode from the store. */
  CompletionStage<Void> reload(DefaultSession s, Instant now) {
    if (mode == SessionMode.COOKIE) {
      if (s.original() == null) {
        return CompletableFuture.failedFuture(new SessionGoneException("the session was never saved"));
      }
      s.adopt(s.original());
      return CompletableFuture.completedFuture(null);
    }
    String id = s.idIfAssigned();
    if (id == null || !s.isInStore()) {
      return CompletableFuture.failedFuture(new SessionGoneException("the session was never saved"));
    }
    return calls.call(s.storeBudget(), StoreOperation.GET, () -> store.get(id)).thenApply(found -> {
      if (found.isEmpty() || found.get().isExpired(now)) {
        throw new SessionGoneException("session " + SessionIds.redact(id) + " no longer exists");
      }
      StoredSession record = found.get();
      s.reloaded(record, decodeRecord(record));
      return null;
    });
  }
}
