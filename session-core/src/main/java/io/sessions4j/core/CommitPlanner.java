package io.sessions4j.core;

import io.sessions4j.core.CommitPlan.Cookie;
import io.sessions4j.core.CommitPlan.Facts;
import io.sessions4j.core.CommitPlan.Store;
import io.sessions4j.core.SessionTrace.Reason;
import java.time.Instant;

/**
 * Decides, per request, what committing a session does ({@link CommitPlan}): a pure function of
 * the session's {@link Facts}, the configuration and the time. The rules are the ones the module
 * README's "What the engine decides" table states.
 */
final class CommitPlanner {
  private final boolean rolling;
  private final boolean resave;
  private final boolean saveUninitialized;
  private final boolean idCookie;
  private final ExpiryPolicy expiry;

  CommitPlanner(SessionConfig config, ExpiryPolicy expiry) {
    this.rolling = config.rolling();
    this.resave = config.resave();
    this.saveUninitialized = config.saveUninitialized();
    this.idCookie = config.idCookie();
    this.expiry = expiry;
  }

  /**
   * Store mode. A regenerated or id-changed session takes its old record first; its plan is made
   * after the take, from the state the take left.
   */
  CommitPlan store(Facts s, Instant now) {
    if (s.keepsUnset()) {
      return new CommitPlan(Store.NOTHING, Cookie.NONE, false, false, Reason.UNSET_KEEP);
    }
    if (s.destroyed()) {
      Cookie cookie = s.clientSentId() && idCookie ? Cookie.CLEAR : Cookie.NONE;
      return new CommitPlan(Store.DELETE, cookie, false, false, Reason.DESTROYED);
    }
    boolean changed = s.attributesChanged();
    boolean renew = expiry.renewDue(s.maxAge(), s.isNew(), s.cookieExpiresAt(), now);
    if (!s.inStore()) {
      // a new session, or a regenerated / id-changed one, which must live under its new id
      boolean carriesData = s.populated() || s.retiresIds() && !s.isNew();
      if (carriesData || saveUninitialized || s.explicitSave()) {
        Reason why = carriesData ? (s.retiresIds() ? Reason.NEW_ID : Reason.NEW_WITH_DATA)
            : saveUninitialized ? Reason.SAVE_UNINITIALIZED : Reason.SAVE;
        return new CommitPlan(Store.INSERT, Cookie.SEND, true, changed, why);
      }
      return new CommitPlan(Store.NOTHING, Cookie.NONE, false, changed, Reason.NEW_EMPTY);
    }
    boolean resends = rolling || renew || s.sealedWithOlderKey();
    if (changed || s.maxAgeChanged() || resave || s.explicitSave() || renew) {
      boolean issuesCookie = renew || rolling || changed || s.maxAgeChanged();
      Reason why = changed ? Reason.CHANGED : s.maxAgeChanged() ? Reason.MAX_AGE_CHANGED
          : resave ? Reason.RESAVE : s.explicitSave() ? Reason.SAVE : Reason.RENEW;
      return new CommitPlan(Store.PATCH, resends ? Cookie.SEND : Cookie.SEND_IF_CHANGED, issuesCookie, changed, why);
    }
    Cookie cookie = resends ? Cookie.SEND : Cookie.NONE;
    if (s.touchRequested() || expiry.touchDue(s.lastAccessedAt(), s.maxAge(), now)) {
      return new CommitPlan(Store.TOUCH, cookie, false, false, s.touchRequested() ? Reason.TOUCH : Reason.TOUCH_DUE);
    }
    return new CommitPlan(Store.NOTHING, cookie, false, false, Reason.UNCHANGED);
  }

  /** Cookie mode: the whole session is in the cookie, so writing it is sending it. */
  CommitPlan cookie(Facts s, Instant now) {
    if (s.keepsUnset()) {
      return new CommitPlan(Store.NOTHING, Cookie.NONE, false, false, Reason.UNSET_KEEP);
    }
    if (s.destroyed()) {
      return new CommitPlan(Store.NOTHING, s.clientSentId() ? Cookie.CLEAR : Cookie.NONE, false, false, Reason.DESTROYED);
    }
    boolean changed = s.attributesChanged();
    if (s.holdsCookie() && !s.populated() && changed && !saveUninitialized) {
      // emptied or regenerated to nothing: the client's cookie must not keep the old data
      return new CommitPlan(Store.NOTHING, Cookie.CLEAR, false, true, Reason.EMPTIED);
    }
    Reason why;
    if (s.isNew()) {
      why = s.populated() ? Reason.NEW_WITH_DATA : saveUninitialized ? Reason.SAVE_UNINITIALIZED
          : s.explicitSave() ? Reason.SAVE : null;
    } else {
      why = changed ? Reason.CHANGED : s.maxAgeChanged() ? Reason.MAX_AGE_CHANGED : rolling ? Reason.ROLLING
          : s.sealedWithOlderKey() ? Reason.OLDER_KEY : s.touchRequested() ? Reason.TOUCH
          : s.explicitSave() ? Reason.SAVE
          : expiry.renewDue(s.maxAge(), s.isNew(), s.cookieExpiresAt(), now) ? Reason.RENEW
          : expiry.idleSlideDue(s.lastAccessedAt(), s.maxAge(), now) ? Reason.IDLE_SLIDES : null;
    }
    return why == null
        ? new CommitPlan(Store.NOTHING, Cookie.NONE, false, changed, s.isNew() ? Reason.NEW_EMPTY : Reason.UNCHANGED)
        : new CommitPlan(Store.NOTHING, Cookie.SEND, true, changed, why);
  }
}
