package io.sessions4j.core;

import java.time.Duration;

/**
 * What the engine does with one request's session at commit, and why: a value computed by {@link
 * CommitPlanner} from the session's {@link Facts}, the configuration and the time, with no I/O. The
 * engine carries it out; {@code CommitPlanTest} holds the README's decision table row by row.
 *
 * @param store what happens to the stored record (store mode; cookie mode's store is the cookie)
 * @param cookie whether the session cookie (or id header) is sent or cleared
 * @param issuesCookie store mode, a write: whether it issues a fresh cookie, so that with renew the
 *     stored document records the new cookie's expiry (a max age set by {@code beforeSave} also
 *     makes it one)
 * @param attributesChanged whether the session's attributes changed in this request (for {@link
 *     Cookie#SEND_IF_CHANGED})
 * @param reason the rule that decided it (the decision trace states it in words)
 */
record CommitPlan(Store store, Cookie cookie, boolean issuesCookie, boolean attributesChanged,
    SessionTrace.Reason reason) {

  /** What happens to the stored record. */
  enum Store {
    /** Nothing: no write, no touch. */
    NOTHING,
    /** A new record under the session's (new) id; it must not exist yet. */
    INSERT,
    /** A patch of the existing record with this request's changes. */
    PATCH,
    /** Only the record's access time and expiry move forward (lazy touch). */
    TOUCH,
    /** The record (and any id the session retired) is deleted. */
    DELETE
  }

  /** What happens to the session cookie. */
  enum Cookie {
    /** Nothing is sent. */
    NONE,
    /** The cookie (store mode: the id; cookie mode: the sealed session) is sent, if the session is still live. */
    SEND,
    /**
     * The write of an existing session re-sends the id when the cookie has an expiry and the write
     * changed the attributes or the max age (a browser-session cookie is sent once). Settled after
     * the {@code beforeSave} hook ran, which may set a max age: {@link #sendsCookie}.
     */
    SEND_IF_CHANGED,
    /** An expired cookie is sent, so the client drops the one it holds. */
    CLEAR
  }

  /**
   * The state of a session that the decision depends on, taken when the engine decides.
   *
   * @param destroyed {@link Session#destroy()} was called
   * @param keepsUnset {@link Session#unset()} with {@code unset=KEEP}: the request leaves everything as it was
   * @param clientSentId the request presented a session cookie or id header (valid or not)
   * @param isNew the session was created in this request (or regenerated)
   * @param inStore store mode: a record exists under the session's current id
   * @param retiresIds store mode: the session gave up a stored id in this request (regenerate / changeId)
   * @param populated the session holds at least one attribute
   * @param attributesChanged attributes were set, removed or changed in place since load or last write
   * @param maxAgeChanged the session's own max age was changed
   * @param touchRequested {@link Session#touch()} was called
   * @param explicitSave the commit is {@link Session#save()}'s
   * @param sealedWithOlderKey the client's token was sealed with a key other than the first
   * @param holdsCookie cookie mode: the client holds a cookie of this session (loaded from it or written)
   * @param lastAccessedAt the last write or touch
   * @param maxAge the session's effective max age; null for a browser-session cookie
   * @param cookieExpiresAt when the client's cookie expires (epoch millis), or -1 when unknown
   */
  record Facts(boolean destroyed, boolean keepsUnset, boolean clientSentId, boolean isNew, boolean inStore,
      boolean retiresIds, boolean populated, boolean attributesChanged, boolean maxAgeChanged,
      boolean touchRequested, boolean explicitSave, boolean sealedWithOlderKey, boolean holdsCookie,
      java.time.Instant lastAccessedAt, Duration maxAge, long cookieExpiresAt) {

    /** These facts for a commit that is (or is not) {@link Session#save()}'s, whenever they are taken. */
    Facts withExplicitSave(boolean explicit) {
      return explicit == explicitSave ? this : new Facts(destroyed, keepsUnset, clientSentId, isNew, inStore,
          retiresIds, populated, attributesChanged, maxAgeChanged, touchRequested, explicit, sealedWithOlderKey,
          holdsCookie, lastAccessedAt, maxAge, cookieExpiresAt);
    }
  }

  /**
   * Whether the cookie goes out once the store step is done.
   *
   * @param live the session is still in the store after the step (a concurrent destroy or
   *     regenerate makes it false; always true in cookie mode)
   * @param cookieHasExpiry the session has a max age after {@code beforeSave} ran
   * @param maxAgeChanged the session's max age was changed, {@code beforeSave} included
   */
  boolean sendsCookie(boolean live, boolean cookieHasExpiry, boolean maxAgeChanged) {
    return live && switch (cookie) {
      case SEND -> true;
      case SEND_IF_CHANGED -> cookieHasExpiry && (attributesChanged || maxAgeChanged);
      case NONE, CLEAR -> false;
    };
  }
}
