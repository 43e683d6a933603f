package io.sessions4j.core;

import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.codec.SessionDocument;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Commits a cookie-mode session: carries out its {@link CommitPlan} by sealing the whole session
 * into the cookie, or clearing the cookie. A sealed cookie past {@code maxCookieSize} follows
 * {@code cookieOverflow}: the commit fails with {@link SessionTooLargeException}, or the client
 * keeps its previous cookie.
 */
final class CookieModeCommit {
  private static final System.Logger LOG = System.getLogger("io.sessions4j.core.SessionManager");
  private static final SessionDocument EMPTY = new SessionDocument(Map.of(), Map.of(), SessionDocument.UNSET,
      SessionDocument.UNSET, SessionDocument.UNSET, SessionDocument.UNSET, SessionDocument.UNSET);

  private final CommitPlanner planner;
  private final ExpiryPolicy expiry;
  private final IdTransport transport;
  private final AttributeCodec codec;
  private final Consumer<Session> beforeSave;
  private final int maxCookieSize;
  private final CookieOverflow cookieOverflow;
  private final SessionEvents events;

  CookieModeCommit(SessionConfig config, CommitPlanner planner, ExpiryPolicy expiry, IdTransport transport,
      AttributeCodec codec, SessionEvents events) {
    this.events = events;
    this.planner = planner;
    this.expiry = expiry;
    this.transport = transport;
    this.codec = codec;
    this.beforeSave = config.beforeSave();
    this.maxCookieSize = config.maxCookieSize();
    this.cookieOverflow = config.cookieOverflow();
  }

  CompletionStage<Void> commit(DefaultSession s, Instant now) {
    CommitPlan plan = planner.cookie(s.facts(), now);
    SessionTrace.planned(s, plan);
    switch (plan.cookie()) {
      case CLEAR -> {
        transport.clear(s.exchange());
        SessionTrace.cookie(s, SessionTrace.CookieOutcome.CLEARED);
        if (!s.isDestroyed()) {
          s.markCommitted(EMPTY, 0); // emptied: nothing of the old data may come back
        }
      }
      case SEND -> write(s, now);
      default -> { }
    }
    return CompletableFuture.completedFuture(null);
  }

  private void write(DefaultSession s, Instant now) {
    beforeSave.accept(s);
    Instant deadline = expiry.expiry(s.createdAt(), s.effectiveMaxAge(), now);
    Instant cookieExpiry = expiry.cookieExpiry(s.createdAt(), s.effectiveMaxAge(), now);
    SessionDocument doc = s.document(s.createdAt().toEpochMilli(), now.toEpochMilli(), deadline.toEpochMilli(),
        cookieExpiry == null ? SessionDocument.UNSET : cookieExpiry.toEpochMilli());
    byte[] encoded = codec.encode(doc);
    events.documentWritten(encoded.length);
    String sealed = transport.seal(encoded);
    String header = transport.cookieHeader(s.exchange(), sealed, now, cookieExpiry);
    if (header != null && header.length() > maxCookieSize) {
      String problem = "the session cookie would be " + header.length() + " bytes, over maxCookieSize "
          + maxCookieSize + " (browsers drop larger cookies); store less in the session, "
          + "set compressAbove, or use mode=STORE";
      events.cookieOverflow(header.length(), cookieOverflow);
      if (cookieOverflow == CookieOverflow.FAIL) {
        throw new SessionTooLargeException(problem);
      }
      LOG.log(Level.WARNING, problem + "; the cookie was not updated (cookieOverflow=KEEP_PREVIOUS)");
      SessionTrace.cookie(s, SessionTrace.CookieOutcome.KEPT_PREVIOUS);
      return;
    }
    if (header != null) {
      events.cookieWritten(header.length());
      transport.send(s.exchange(), header);
      SessionTrace.cookie(s, SessionTrace.CookieOutcome.SENT);
    }
    s.resealed();
    s.written(doc, 0, now, deadline);
  }
}
