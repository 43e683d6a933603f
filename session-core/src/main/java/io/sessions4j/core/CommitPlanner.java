package io.sessions4j.core;

import io.sessions4j.core.CommitPlan.Cookie;
import io.sessions4j.core.CommitPlan.Facts;
import io.sessions4j.core.CommitPlan.Store;
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
      return new CommitPlan(Store.NOTHING, Cookie.NONE, false, false, "unset=KEEP");
    }
    if (s.destroyed()) {
      Cookie cookie = s.clientSentId() && idCookie ? Cookie.CLEAR : Cookie.NONE;
      return new CommitPlan(Store.DELETE, cookie, false, false, "destroyed");
    }
    boolean changed = s.attributesChanged();
    boolean renew = expiry.renewDue(s.maxAge(), s.isNew(), s.cookieExpiresAt(), now);
    if (!s.inStore()) {
      // a new session, or a regenerated / id-changed one, which must live under its new id
      boolean carriesData = s.populated() || s.retiresIds() && !s.isNew();
      if (carriesData || saveUninitialized || s.explicitSave()) {
        String why = carriesData ? (s.retiresIds() ? "new id" : "new session with data")
            : saveUninitialized ? "saveUninitialized" : "save()";
        return new CommitPlan(Store.INSERT, Cookie.SEND, true, changed, why);
      }
      return new CommitPlan(Store.NOTHING, Cookie.NONE, false, changed, "new session, nothing stored");
    }
    boolean resends = rolling || renew || s.sealedWithOlderKey();
    if (changed || s.maxAgeChanged() || resave || s.explicitSave() || renew) {
      boolean issuesCookie = renew || rolling || changed || s.maxAgeChanged();
      String why = changed ? "changed" : s.maxAgeChanged() ? "max age changed"
          : resave ? "resave" : s.explicitSave() ? "save()" : "renew";
      return new CommitPlan(Store.PATCH, resends ? Cookie.SEND : Cookie.SEND_IF_CHANGED, issuesCookie, changed, why);
    }
    Cookie cookie = resends ? Cookie.SEND : Cookie.NONE;
    if (s.touchRequested() || expiry.touchDue(s.lastAccessedAt(), s.maxAge(), now)) {
      return new CommitPlan(Store.TOUCH, cookie, false, false, s.touchRequested() ? "touch()" : "touch due");
    }
    return new CommitPlan(Store.NOTHING, cookie, false, false, "unchanged");
  }

  /** Cookie mode: the whole session is in the cookie, so writing it is sending it. */
  CommitPlan cookie(Facts s, Instant now) {
    if (s.keepsUnset()) {
      return new CommitPlan(Store.NOTHING, Cookie.NONE, false, false, "unset=KEEP");
    }
    if (s.destroyed()) {
      return new CommitPlan(Store.NOTHING, s.clientSentId() ? Cookie.CLEAR : Cookie.NONE, false, false, "destroyed");
    }
    boolean changed = s.attributesChanged();
    if (s.holdsCookie() && !s.populated() && changed && !saveUninitialized) {
      // emptied or regenerated to nothing: the client's cookie must not keep the old data
      return new CommitPlan(Store.NOTHING, Cookie.CLEAR, false, true, "emptied");
    }
    String why;
    if (s.isNew()) {
      why = s.populated() ? "new session with data" : saveUninitialized ? "saveUninitialized"
          : s.explicitSave() ? "save()" : null;
    } else {
      why = changed ? "changed" : s.maxAgeChanged() ? "max age changed" : rolling ? "rolling"
          : s.sealedWithOlderKey() ? "sealed with an older key" : s.touchRequested() ? "touch()"
          : s.explicitSave() ? "save()"
          : expiry.renewDue(s.maxAge(), s.isNew(), s.cookieExpiresAt(), now) ? "renew"
          : expiry.idleSlideDue(s.lastAccessedAt(), s.maxAge(), now) ? "idle timeout slides" : null;
    }
    return why == null
        ? new CommitPlan(Store.NOTHING, Cookie.NONE, false, changed, s.isNew() ? "new session, nothing to keep" : "unchanged")
        : new CommitPlan(Store.NOTHING, Cookie.SEND, true, changed, why);
  }
}
