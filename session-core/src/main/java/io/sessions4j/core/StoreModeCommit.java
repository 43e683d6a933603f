package io.sessions4j.core;

import io.sessions4j.core.codec.SessionDocument;
import io.sessions4j.core.id.SessionIds;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Commits a store-mode session: a regenerated or id-changed session first takes its old record
 * ({@link StoreWriter#takeRetiredId}); then the {@link CommitPlan} decides, the {@link StoreWriter}
 * writes, touches or deletes, the retired ids are deleted, and the id is sent when the plan says so
 * and the session is still live. A store failure follows {@code storeFailurePolicy}.
 */
final class StoreModeCommit {
  private static final System.Logger LOG = System.getLogger("io.sessions4j.core.SessionManager");

  private final CommitPlanner planner;
  private final ExpiryPolicy expiry;
  private final IdTransport transport;
  private final StoreWriter writer;
  private final StoreCalls calls;
  private final Consumer<Session> beforeSave;

  StoreModeCommit(SessionConfig config, CommitPlanner planner, ExpiryPolicy expiry, IdTransport transport,
      StoreWriter writer, StoreCalls calls) {
    this.planner = planner;
    this.expiry = expiry;
    this.transport = transport;
    this.writer = writer;
    this.calls = calls;
    this.beforeSave = config.beforeSave();
  }

  CompletionStage<Void> commit(DefaultSession s, Instant now) {
    if (s.keepsUnset() || s.isDestroyed()) {
      // nothing to take first: the plan is NOTHING (unset=KEEP) or DELETE
      CommitPlan plan = planner.store(s.facts(), now);
      SessionTrace.planned(s, plan);
      return plan.store() == CommitPlan.Store.DELETE ? delete(s, plan) : CompletableFuture.completedFuture(null);
    }
    // save() is this commit's only while its synchronous part runs: remember it for a plan made
    // after a take that answers later, on another thread
    boolean explicitSave = s.savingExplicitly();
    CompletionStage<Boolean> taken = s.claimedId() == null
        ? CompletableFuture.completedFuture(true) : writer.takeRetiredId(s);
    return taken.thenCompose(ok -> {
      if (!ok) {
        // another request retired or destroyed this session first: this one must not revive it
        LOG.log(Level.DEBUG, "session " + SessionIds.redact(s.claimedId()) + " was retired concurrently; not saved");
        s.claimLost();
        SessionTrace.stored(s, SessionTrace.StoreOutcome.GONE);
        return CompletableFuture.completedFuture(null);
      }
      s.claimTaken();
      return carryOut(s, planner.store(s.facts().withExplicitSave(explicitSave), now), now);
    }).handle((v, failure) -> {
      if (failure != null) {
        SessionTrace.failed(s, failure);
        calls.saveFailed(s.idIfAssigned(), failure);
      }
      s.resealed();
      return null;
    });
  }

  private CompletionStage<Void> delete(DefaultSession s, CommitPlan plan) {
    return writer.delete(s).handle((v, failure) -> {
      if (failure != null) {
        SessionTrace.failed(s, failure);
        calls.saveFailed(s.idIfAssigned(), failure);
        return null;
      }
      SessionTrace.stored(s, SessionTrace.StoreOutcome.DELETED);
      if (plan.cookie() == CommitPlan.Cookie.CLEAR) {
        transport.clear(s.exchange());
        SessionTrace.cookie(s, SessionTrace.CookieOutcome.CLEARED);
      }
      return null;
    });
  }

  /** Writes, touches or leaves the record as planned, deletes retired ids, then sends the id if due. */
  private CompletionStage<Void> carryOut(DefaultSession s, CommitPlan plan, Instant now) {
    SessionTrace.planned(s, plan);
    CompletionStage<Boolean> live;
    boolean maxAgeChanged = false;
    switch (plan.store()) {
      case INSERT, PATCH -> {
        beforeSave.accept(s);
        // beforeSave may have set a max age: the write and the cookie decision count it
        maxAgeChanged = s.maxAgeChanged();
        live = writer.write(s, now, plan.issuesCookie() || maxAgeChanged);
      }
      case TOUCH -> live = writer.touch(s, now);
      default -> live = CompletableFuture.completedFuture(s.isInStore());
    }
    boolean maxAgeChangedInWrite = maxAgeChanged;
    return live.thenCompose(alive -> writer.retire(s).thenApply(ignored -> alive)).thenAccept(alive -> {
      if (s.trace() != null) {
        SessionTrace.stored(s, SessionTrace.outcomeOf(plan.store(), alive));
      }
      if (plan.sendsCookie(alive, s.effectiveMaxAge() != null, maxAgeChangedInWrite)) {
        sendId(s, now);
      }
    });
  }

  private void sendId(DefaultSession s, Instant now) {
    String id = s.idIfAssigned();
    if (id == null || id.equals(s.idSentInCommittedResponse())) {
      // nothing to send, or a later commit of this request (after the response went out with this
      // very id): the client holds the id; only a refreshed expiry would be missing
      return;
    }
    Instant cookieExpiry = expiry.cookieExpiry(s.createdAt(), s.effectiveMaxAge(), now);
    transport.sendId(s.exchange(), id, now, cookieExpiry);
    s.cookieSent(cookieExpiry == null ? SessionDocument.UNSET : cookieExpiry.toEpochMilli());
    s.idSent(id);
    SessionTrace.cookie(s, SessionTrace.CookieOutcome.SENT);
  }
}
