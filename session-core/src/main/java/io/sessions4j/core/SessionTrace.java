package io.sessions4j.core;

import io.sessions4j.core.event.IdRejection;
import io.sessions4j.core.id.SessionIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the engine did with one request's session, and why: the decision trace, kept only when the
 * {@code trace} option is on (a development aid; off by default, and then no request pays for it).
 * It answers the questions a session library usually leaves to guessing — "why was no cookie
 * set?", "why was my session not saved?": where the session token came from and why one was not
 * used, how the session was loaded and how long that took, what the request changed, what the
 * commit did (store written, touched or deleted; Set-Cookie sent or cleared) with the rule that
 * decided it, and how long the commit took.
 *
 * <p>Get it with {@link #of(Session)}, or from the request where each adapter keeps it ({@link
 * #REQUEST_ATTRIBUTE}). Before the commit, {@link #lines()} states the commit the session's current
 * state leads to ("planned"); after it, what was done. At the end of the request the engine logs it
 * as one DEBUG line on the logger {@code io.sessions4j.core.SessionTrace} and, with {@code
 * traceHeader} on, sends it in the {@value #HEADER} response header. Ids appear redacted ({@link
 * SessionIds#redact}), attributes by name only — never a value.
 *
 * <p>A trace belongs to one request; its methods may be called from any thread.
 */
public final class SessionTrace {
  /** The name under which adapters keep the trace among the request's attributes (when tracing is on). */
  public static final String REQUEST_ATTRIBUTE = "io.sessions4j.SessionTrace";
  /** The response header carrying the trace's {@link #summary()} when {@code traceHeader} is on. */
  public static final String HEADER = "Sessions4j-Trace";

  /** Where the request's session token came from. */
  public enum Source {
    /** The request presented no session token. */
    NONE,
    /** The session cookie. */
    COOKIE,
    /** The id header ({@code idHeader}). */
    HEADER
  }

  /** How the request's session was found. */
  public enum Load {
    /** Not loaded (yet): a lazy session nothing used, so no store call. */
    NOT_LOADED("not loaded: the request has not used its session, so no store call"),
    /** The presented id's record was read from the store. */
    STORE("loaded from the store"),
    /** Cookie mode: the session was opened from its sealed cookie. */
    COOKIE("opened from the cookie"),
    /** No usable token: a new, empty session. */
    NEW("a new, empty session"),
    /** {@code migrateFrom}: no session of our own, but a legacy Node one, imported as a new session. */
    IMPORTED("a new session holding the legacy Node session's attributes (migrateFrom)"),
    /** The store failed; the request continues with a new session ({@code storeFailurePolicy=CONTINUE}). */
    STORE_FAILED_CONTINUE("the store failed to load it; a new session instead (storeFailurePolicy=CONTINUE)"),
    /** The store failed; the request is answered 503 ({@code storeFailurePolicy=FAIL}). */
    STORE_FAILED("the store failed to load it; the request gets 503 (storeFailurePolicy=FAIL)");

    private final String sentence;

    Load(String sentence) {
      this.sentence = sentence;
    }

    /** This outcome in words. */
    public String sentence() {
      return sentence;
    }
  }

  /**
   * The rule that decided what a commit does: one per row of the commit decision table (the root
   * README's "Why was my cookie (not) sent?"). {@link #sentence()} is the reason in words.
   */
  public enum Reason {
    /** A new session that holds nothing is neither stored nor sent. */
    NEW_EMPTY("new session is empty and saveUninitialized=false"),
    /** A new session that holds nothing is kept anyway. */
    SAVE_UNINITIALIZED("new empty session kept because saveUninitialized=true"),
    /** A new session that holds data. */
    NEW_WITH_DATA("new session with data"),
    /** The session got a new id in this request. */
    NEW_ID("the session got a new id (regenerate() or changeId())"),
    /** Attributes were set, removed or changed in place. */
    CHANGED("attributes changed"),
    /** The session's own max age was changed. */
    MAX_AGE_CHANGED("the session's max age changed"),
    /** Store mode: written although nothing changed. */
    RESAVE("resave=true, although nothing changed"),
    /** {@link Session#save()} was called. */
    SAVE("save() was called"),
    /** Less than half of the cookie's max age was left. */
    RENEW("less than half of the cookie's max age was left (renew=true)"),
    /** {@link Session#touch()} was called. */
    TOUCH("touch() was called"),
    /** Store mode: an unchanged session whose last touch is older than {@code touchAfter} of its window. */
    TOUCH_DUE("idle window past touchAfter"),
    /** Nothing changed and nothing is due. */
    UNCHANGED("unchanged, and nothing due (lazy touch: within touchAfter)"),
    /** {@link Session#destroy()} (or {@code unset()} with {@code unset=DESTROY}). */
    DESTROYED("destroyed"),
    /** {@code unset()} with {@code unset=KEEP}. */
    UNSET_KEEP("unset() with unset=KEEP leaves the session as it was"),
    /** Cookie mode: the session was emptied, so the client's cookie must not keep the old data. */
    EMPTIED("the session was emptied; the client must not keep the old data"),
    /** The cookie is re-sent on every response of an existing session. */
    ROLLING("rolling=true"),
    /** The client's token was sealed with an older key: it is re-sealed under the newest. */
    OLDER_KEY("the client's token was sealed with an older key; re-sealed under the newest"),
    /** Cookie mode: the idle timeout slides with the re-issued cookie. */
    IDLE_SLIDES("the idle timeout slides"),
    /** A lazy session the request never used: no store call, no Set-Cookie. */
    NOT_USED("the request never used its session (lazy loading)"),
    /** {@code autoCommit=false}: nothing is committed at the end of the request. */
    AUTO_COMMIT_OFF("autoCommit=false: only save() writes");

    private final String sentence;

    Reason(String sentence) {
      this.sentence = sentence;
    }

    /** The reason in words. */
    public String sentence() {
      return sentence;
    }
  }

  /** What the commit did to the stored record (store mode). */
  public enum StoreOutcome {
    /** No store call. */
    NONE("nothing written"),
    /** A new record was written. */
    INSERTED("store written (new record)"),
    /** The record was patched with this request's changes. */
    PATCHED("store written"),
    /** Only the record's expiry moved forward. */
    TOUCHED("store touched"),
    /** The record (and any retired id) was deleted. */
    DELETED("store record deleted"),
    /** Another request destroyed or retired the session first: not written back. */
    GONE("not written: another request destroyed or retired the session first"),
    /** The store call failed; {@code storeFailurePolicy} answered. */
    FAILED("store write failed");

    private final String sentence;

    StoreOutcome(String sentence) {
      this.sentence = sentence;
    }

    /** This outcome in words. */
    public String sentence() {
      return sentence;
    }
  }

  /** What the commit did with the session cookie (or id header). */
  public enum CookieOutcome {
    /** No Set-Cookie. */
    NONE("no Set-Cookie"),
    /** Set-Cookie sent (store mode: the id; cookie mode: the sealed session). */
    SENT("Set-Cookie sent"),
    /** An expired Set-Cookie told the client to drop its cookie. */
    CLEARED("cookie cleared"),
    /** Cookie mode: the sealed session was over {@code maxCookieSize}; the client keeps its previous cookie. */
    KEPT_PREVIOUS("no Set-Cookie: over maxCookieSize, the client keeps its previous cookie (cookieOverflow=KEEP_PREVIOUS)"),
    /** Cookie mode: the sealed session was over {@code maxCookieSize}; the commit failed. */
    TOO_LARGE("no Set-Cookie: over maxCookieSize, the request fails (cookieOverflow=FAIL)");

    private final String sentence;

    CookieOutcome(String sentence) {
      this.sentence = sentence;
    }

    /** This outcome in words. */
    public String sentence() {
      return sentence;
    }
  }

  private final SessionMode mode;
  private final StoreFailurePolicy policy;
  private Source source = Source.NONE;
  private final List<IdRejection> rejections = new ArrayList<>(2);
  private Load load = Load.NOT_LOADED;
  private long loadStarted;
  private long loadNanos = -1;
  /** The session this trace follows, once there is one: its current state gives the planned commit. */
  private DefaultSession session;
  private Reason reason;
  private Reason cookieReason;
  private final Set<String> changedAttributes = new TreeSet<>();
  private StoreOutcome store = StoreOutcome.NONE;
  private CookieOutcome cookie = CookieOutcome.NONE;
  private String previousId;
  private String id;
  private String failure;
  private long commitStarted;
  private long commitNanos = -1;
  private int commits;
  /** The end of the request committed nothing ({@link #skipped}). */
  private boolean skipped;
  /** What the migration ({@code migrateFrom}) did with the legacy Node session, in order. */
  private final List<String> migration = new ArrayList<>(1);
  /** What earlier commits of this request did (a {@link Session#save()} before the end), in order. */
  private final List<String> earlier = new ArrayList<>(1);

  SessionTrace(SessionConfig config) {
    this.mode = config.mode();
    this.policy = config.storeFailurePolicy();
  }

  /**
   * The trace of {@code session}'s request, or null when the {@code trace} option is off (or the
   * session is not one of a {@link SessionManager}).
   */
  public static SessionTrace of(Session session) {
    if (session instanceof LazySession lazy) {
      return lazy.trace();
    }
    return session instanceof DefaultSession s ? s.trace() : null;
  }

  // ---- what it says -----------------------------------------------------------------------------

  /** Where the session token came from. */
  public synchronized Source source() {
    return source;
  }

  /** Why each presented token that was not used was not used, in the order they were tried. */
  public synchronized List<IdRejection> rejections() {
    return List.copyOf(rejections);
  }

  /** {@code why} in words, as the trace states it. */
  public static String sentence(IdRejection why) {
    return switch (why) {
      case MALFORMED -> "malformed: not a token this configuration writes";
      case BAD_SIGNATURE -> "bad signature: tampered, forged, or sealed with a key no longer configured";
      case UNKNOWN -> "unknown: the store holds no session under its id (ended, swept, or expired)";
      case EXPIRED -> "expired: past its max age, idle timeout or absolute lifetime";
      case INVALID -> "invalid: the validate hook refused it";
      case CORRUPT -> "corrupt: what it names could not be decoded";
    };
  }

  /** How the session was found. */
  public synchronized Load load() {
    return load;
  }

  /** How long the load took (store read and decoding); null when the session was not loaded. */
  public synchronized Duration loadTime() {
    return loadNanos < 0 ? null : Duration.ofNanos(loadNanos);
  }

  /** True once the session was committed (at the end of the request, or by {@link Session#save()}). */
  public synchronized boolean committed() {
    return commits > 0;
  }

  /**
   * The rule that decided the last commit; before any commit, the rule the session's current state
   * leads to (null for a lazy session nothing used yet).
   */
  public synchronized Reason reason() {
    if (reason != null || session == null) {
      return reason;
    }
    return session.plannedCommit().reason();
  }

  /** Why the cookie was re-sent although the store decision alone would not send it ({@link Reason#ROLLING}, {@link Reason#OLDER_KEY}); null otherwise. */
  public synchronized Reason cookieReason() {
    return cookieReason;
  }

  /** The attributes the last commit wrote, by name: the changed ones of a patch, all of a new record's. */
  public synchronized Set<String> changedAttributes() {
    return Set.copyOf(changedAttributes);
  }

  /** What the last commit did to the stored record. */
  public synchronized StoreOutcome store() {
    return store;
  }

  /** What the last commit did with the cookie. */
  public synchronized CookieOutcome cookie() {
    return cookie;
  }

  /** True when the session's id changed in this request (regenerate, change-id) and the new one was stored. */
  public synchronized boolean idChanged() {
    return previousId != null && id != null && !previousId.equals(id);
  }

  /** The stored id the request presented, redacted; null for a new session and in cookie mode. */
  public synchronized String previousId() {
    return previousId == null ? null : SessionIds.redact(previousId);
  }

  /** The id after the last commit, redacted; null before any commit, for a session not stored, and in cookie mode. */
  public synchronized String id() {
    return id == null ? null : SessionIds.redact(id);
  }

  /** How long the last commit took; null before any commit. */
  public synchronized Duration commitTime() {
    return commitNanos < 0 ? null : Duration.ofNanos(commitNanos);
  }

  /**
   * The trace in sentences, in the order things happened: the token, the load, the commit (planned,
   * before the commit; done, after it).
   */
  public synchronized List<String> lines() {
    List<String> lines = new ArrayList<>(4);
    lines.add(switch (source) {
      case NONE -> "token: none presented";
      case COOKIE -> "token: from the cookie";
      case HEADER -> "token: from the id header";
    });
    for (IdRejection rejection : rejections) {
      lines.add("token not used: " + sentence(rejection));
    }
    lines.add("load: " + load.sentence() + (loadNanos < 0 ? "" : " (" + millis(loadNanos) + ")"));
    for (String step : migration) {
      lines.add("migration: " + step);
    }
    for (String commit : earlier) {
      lines.add("earlier commit (save()): " + commit);
    }
    if (commits == 0 && failure != null) {
      lines.add("commit: none, the request failed [" + failure + "]");
    } else if (commits == 0 && reason != null || skipped) {
      lines.add("commit: nothing: " + reason.sentence());
    } else if (commits == 0) {
      lines.add(session == null ? "commit (planned): nothing: " + Reason.NOT_USED.sentence()
          : "commit (planned): " + planned(session.plannedCommit()));
    } else {
      lines.add("commit: " + commitLine());
    }
    return lines;
  }

  /** {@link #lines()} on one line (what the DEBUG log line and the {@value #HEADER} header carry). */
  public String summary() {
    return String.join("; ", lines());
  }

  @Override
  public String toString() {
    return summary();
  }

  /** What the last commit did, with its time. */
  private String commitLine() {
    return done() + (commitNanos < 0 ? "" : " (" + millis(commitNanos) + ")");
  }

  private String done() {
    StringBuilder text = new StringBuilder();
    if (mode == SessionMode.STORE || store == StoreOutcome.FAILED) {
      text.append(store.sentence());
      if (store == StoreOutcome.FAILED) {
        text.append(policy == StoreFailurePolicy.FAIL ? ", the request gets 503 (storeFailurePolicy=FAIL)"
            : ", this request's changes are lost (storeFailurePolicy=CONTINUE)");
        if (failure != null) {
          text.append(" [").append(failure).append(']');
        }
      }
      text.append(", ");
    }
    text.append(cookie.sentence());
    if (idChanged()) {
      text.append(", id changed ").append(SessionIds.redact(previousId)).append(" → ").append(SessionIds.redact(id));
    }
    text.append(": ").append(why(reason, changedAttributes)).append(written(reason, changedAttributes));
    if (cookieReason != null) {
      text.append("; cookie re-sent: ").append(cookieReason.sentence());
    }
    return text.toString();
  }

  /** A commit as the session's current state plans it. */
  private String planned(CommitPlan plan) {
    Set<String> changed = written(session, plan);
    String newId = session.idIfAssigned();
    String change = mode == SessionMode.STORE && previousId != null && newId != null && !newId.equals(previousId)
        && (plan.store() == CommitPlan.Store.INSERT)
        ? ", id changes " + SessionIds.redact(previousId) + " → " + SessionIds.redact(newId) : "";
    return actions(plan) + change + ": " + why(plan.reason(), changed) + written(plan.reason(), changed);
  }

  private String actions(CommitPlan plan) {
    String storePart = switch (plan.store()) {
      case NOTHING -> "nothing written";
      case INSERT -> "store write (new record)";
      case PATCH -> "store write";
      case TOUCH -> "store touch";
      case DELETE -> "store delete";
    };
    String cookiePart = switch (plan.cookie()) {
      case NONE -> "no Set-Cookie";
      case SEND -> "Set-Cookie";
      case SEND_IF_CHANGED -> plan.sendsCookie(true, session.effectiveMaxAge() != null, session.maxAgeChanged())
          ? "Set-Cookie" : "no Set-Cookie (a browser-session cookie is sent once)";
      case CLEAR -> "cookie cleared";
    };
    return (mode == SessionMode.STORE ? storePart + ", " : "") + cookiePart;
  }

  /** The attributes a write carries, when the reason does not name them already. */
  private static String written(Reason reason, Set<String> changed) {
    return reason == Reason.CHANGED || changed.isEmpty() ? "" : "; attributes written: " + String.join(", ", changed);
  }

  private static String why(Reason reason, Set<String> changed) {
    if (reason == null) {
      return "not committed";
    }
    if (reason == Reason.CHANGED && !changed.isEmpty()) {
      return "attributes " + String.join(", ", changed) + " changed";
    }
    return reason.sentence();
  }

  private static String millis(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.1f ms", nanos / 1_000_000.0);
  }

  // ---- what the engine records ------------------------------------------------------------------

  synchronized void presented(Source from) {
    this.source = from;
  }

  synchronized void rejected(IdRejection why) {
    rejections.add(why);
  }

  /** A step of the migration ({@code migrateFrom}), in words. */
  synchronized void migration(String step) {
    migration.add(step);
  }

  /** {@link #migration(String)} on {@code s}'s trace, if it is traced. */
  static void migration(DefaultSession s, String step) {
    SessionTrace t = s.trace();
    if (t != null) {
      t.migration(step);
    }
  }

  synchronized void loadStarted() {
    loadStarted = System.nanoTime();
  }

  synchronized void loaded(Load how, String storedId) {
    this.load = how;
    this.previousId = storedId;
    if (loadStarted != 0) {
      loadNanos = System.nanoTime() - loadStarted;
    }
  }

  /** The session this trace follows: its current state gives the planned commit. */
  synchronized void follow(DefaultSession session) {
    this.session = session;
  }

  /** A commit starts: its plan is {@code plan}; the outcome so far is nothing. */
  synchronized void planned(CommitPlan plan, Reason cookieReason, Set<String> changed) {
    this.reason = plan.reason();
    this.cookieReason = cookieReason;
    this.changedAttributes.clear();
    this.changedAttributes.addAll(changed);
    this.store = StoreOutcome.NONE;
    this.cookie = CookieOutcome.NONE;
    this.failure = null;
  }

  /** The end of the request commits nothing (lazy session never used, autoCommit off). */
  synchronized void skipped(Reason why) {
    if (commits > 0) {
      earlier.add(commitLine());
    }
    this.reason = why;
    this.skipped = true;
  }

  synchronized void stored(StoreOutcome outcome, String idNow) {
    this.store = outcome;
    this.id = idNow;
  }

  synchronized void cookie(CookieOutcome outcome) {
    this.cookie = outcome;
  }

  synchronized void failed(Throwable cause) {
    this.store = StoreOutcome.FAILED;
    this.failure = cause == null ? null : cause.getClass().getSimpleName();
  }

  synchronized void commitStarted() {
    if (commits > 0) {
      earlier.add(commitLine());
    }
    commits++;
    commitStarted = System.nanoTime();
  }

  synchronized void commitFinished(Throwable failed) {
    commitNanos = System.nanoTime() - commitStarted;
    if (failed != null && store != StoreOutcome.FAILED && cookie != CookieOutcome.TOO_LARGE) {
      Throwable cause = StoreCalls.unwrap(failed);
      if (cause instanceof SessionTooLargeException) {
        cookie = CookieOutcome.TOO_LARGE;
      } else {
        failed(cause);
      }
    }
  }

  /** The request ended; {@code failed} is how its commit failed, if it did. */
  synchronized void ended(Throwable failed) {
    if (commits == 0 && failed != null) {
      failure = StoreCalls.unwrap(failed).getClass().getSimpleName();
    }
  }

  // one-line recorders for the engine's parts: nothing when the session is not traced

  /** A commit of {@code s} carries out {@code plan}. */
  static void planned(DefaultSession s, CommitPlan plan) {
    SessionTrace t = s.trace();
    if (t == null) {
      return;
    }
    Reason cookieReason = null;
    if (t.mode == SessionMode.STORE && plan.cookie() == CommitPlan.Cookie.SEND
        && (plan.store() == CommitPlan.Store.NOTHING || plan.store() == CommitPlan.Store.TOUCH)) {
      cookieReason = s.facts().sealedWithOlderKey() ? Reason.OLDER_KEY : Reason.ROLLING;
    }
    t.planned(plan, cookieReason, written(s, plan));
  }

  /** The attributes a commit of {@code s} by {@code plan} writes: all of them in a new record, else the changed ones. */
  private static Set<String> written(DefaultSession s, CommitPlan plan) {
    if (plan.store() == CommitPlan.Store.INSERT) {
      return s.attributeState().names();
    }
    return plan.attributesChanged() ? s.attributeState().changedNames() : Set.of();
  }

  /** The store step of {@code s}'s commit ended as {@code outcome}. */
  static void stored(DefaultSession s, StoreOutcome outcome) {
    SessionTrace t = s.trace();
    if (t != null) {
      t.stored(outcome, s.isInStore() ? s.idIfAssigned() : null);
    }
  }

  /** What the store step of {@code store} came to; {@code alive}: the session is still in the store after it. */
  static StoreOutcome outcomeOf(CommitPlan.Store store, boolean alive) {
    return switch (store) {
      case INSERT -> StoreOutcome.INSERTED;
      case PATCH -> alive ? StoreOutcome.PATCHED : StoreOutcome.GONE;
      case TOUCH -> alive ? StoreOutcome.TOUCHED : StoreOutcome.GONE;
      case DELETE -> StoreOutcome.DELETED;
      case NOTHING -> StoreOutcome.NONE;
    };
  }

  /** The cookie step of {@code s}'s commit ended as {@code outcome}. */
  static void cookie(DefaultSession s, CookieOutcome outcome) {
    SessionTrace t = s.trace();
    if (t != null) {
      t.cookie(outcome);
    }
  }

  /** A store call of {@code s}'s commit failed with {@code cause}. */
  static void failed(DefaultSession s, Throwable cause) {
    SessionTrace t = s.trace();
    if (t != null) {
      t.failed(StoreCalls.unwrap(cause));
    }
  }

  /** The one-line form for the response header: printable ASCII only. */
  String headerValue() {
    String text = summary().replace("…", "...").replace("→", "->").replace("—", "-");
    StringBuilder ascii = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      ascii.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return ascii.toString();
  }
}
