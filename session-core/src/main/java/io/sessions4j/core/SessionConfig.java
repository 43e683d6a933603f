package io.sessions4j.core;

import com.fasterxml.jackson.databind.Module;
import io.sessions4j.core.codec.AttributeTypes;
import io.sessions4j.core.compat.node.NodeCompat;
import io.sessions4j.core.codec.KeyRing;
import io.sessions4j.core.config.SessionOptions;
import io.sessions4j.core.event.SessionListener;
import io.sessions4j.core.http.CookiePriority;
import io.sessions4j.core.http.SameSite;
import io.sessions4j.core.id.SessionIdGenerator;
import io.sessions4j.core.store.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Everything that decides how sessions behave: one immutable value, built with {@link #builder()}
 * and validated when built, with messages naming the option to change. Each option is declared
 * once, with its default and string form, in {@link SessionOptions}; the README's options table
 * lists them with their Node equivalents.
 *
 * <p>It is one long class because it is the public builder surface: one field, one accessor and
 * one builder method per option, plus the cross-option validation in {@code build()}. The option
 * metadata (groups, defaults, string forms) already lives in {@link SessionOptions} and parsing in
 * {@link SessionProperties}; what remains cannot be split without splitting the builder users see.
 *
 * <p>Defaults are the safe ones: store mode (on the engine's own memory store unless a store is
 * given), {@code saveUninitialized=false},
 * {@code resave=false}, HttpOnly, SameSite=Lax, Secure on HTTPS connections ({@link Secure#AUTO}),
 * 24 h max age, encrypted cookies in cookie mode.
 */
public final class SessionConfig {

  /** Whether the session cookie carries the Secure attribute. */
  public enum Secure {
    /** Always. Over plain HTTP no session cookie is sent at all (browsers would drop it). */
    ALWAYS,
    /** Never. */
    NEVER,
    /**
     * When the request arrived over HTTPS: the connection's own scheme, or with {@link
     * Builder#trustProxy} the first value of {@code X-Forwarded-Proto}. The default.
     */
    AUTO
  }

  /** Size a browser is guaranteed to store for one cookie (RFC 6265 §6.1): name, value and attributes. */
  public static final int BROWSER_COOKIE_LIMIT = 4096;
  /**
   * Cookie mode's {@code absoluteTimeout} when none is given: 7 days. A cookie-mode session cannot be
   * revoked server-side, so this bounds how long a stolen cookie stays usable even under {@code rolling}.
   */
  public static final Duration COOKIE_MODE_ABSOLUTE_TIMEOUT = Duration.ofDays(7);

  /** Renew threshold: the cookie is re-issued when less than this fraction of its max age is left. */
  private static final double RENEW_BELOW = 0.5;

  private final SessionMode mode;
  private final CookieProtection cookieProtection;
  private final KeyRing keys;
  private final int keyCount;
  private final String cookieName;
  private final String cookiePath;
  private final String cookieDomain;
  private final Secure secure;
  private final boolean httpOnly;
  private final SameSite sameSite;
  private final boolean partitioned;
  private final CookiePriority priority;
  private final Duration maxAge;
  private final boolean rolling;
  private final double renewBelow;
  private final boolean resave;
  private final boolean saveUninitialized;
  private final Unset unset;
  private final Duration idleTimeout;
  private final Duration absoluteTimeout;
  private final Duration defaultLifetime;
  private final double touchAfter;
  private final SessionIdGenerator idGenerator;
  private final Predicate<String> trustProxy;
  private final boolean autoCommit;
  private final boolean trace;
  private final boolean traceHeader;
  private final Predicate<Session> validator;
  private final Consumer<Session> beforeSave;
  private final AttributeTypes attributeTypes;
  private final int compressAbove;
  private final int maxCookieSize;
  private final CookieOverflow cookieOverflow;
  private final SessionStore store;
  private final StoreFailurePolicy storeFailurePolicy;
  private final Duration storeTimeout;
  private final boolean storeBreaker;
  private final int storeBreakerFailureRate;
  private final int storeBreakerMinimumCalls;
  private final Duration storeBreakerWindow;
  private final Duration storeBreakerOpenFor;
  private final int storeBreakerProbes;
  private final String idHeader;
  private final String keyContext;
  private final boolean idCookie;
  private final String principalAttribute;
  private final boolean clientHints;
  private final Function<Object, String> principalName;
  private final List<SessionListener> listeners;
  private final Clock clock;
  private final NodeCompat compat;
  private final List<String> compatSecrets;
  private final NodeCompat migrateFrom;
  private final int migrateSecretCount;
  private final SessionStore migrateStore;
  /** The legacy Node side a migration engine reads ({@code migrateFrom}), as a compat configuration; null = none. */
  private final SessionConfig legacy;

  /** The default principal name: the principal attribute's value when it is a string. */
  private static final Function<Object, String> STRING_PRINCIPAL = v -> v instanceof String s ? s : null;

  private SessionConfig(Builder b, KeyRing keys) {
    this.mode = b.mode;
    this.cookieProtection = b.cookieProtection;
    this.keys = keys;
    this.keyCount = b.secrets.size();
    this.cookieName = b.cookieName;
    this.cookiePath = b.cookiePath;
    this.cookieDomain = b.cookieDomain;
    this.secure = b.secure;
    this.httpOnly = b.httpOnly;
    this.sameSite = b.sameSite;
    this.partitioned = b.partitioned;
    this.priority = b.priority;
    this.maxAge = b.maxAge;
    this.rolling = b.rolling;
    this.renewBelow = b.renewBelow;
    this.resave = b.resave;
    this.saveUninitialized = b.saveUninitialized;
    this.unset = b.unset;
    this.idleTimeout = b.idleTimeout;
    this.absoluteTimeout = b.effectiveAbsoluteTimeout();
    this.defaultLifetime = b.defaultLifetime;
    this.touchAfter = b.touchAfter;
    this.idGenerator = b.idGenerator;
    this.trustProxy = b.trustProxy;
    this.autoCommit = b.autoCommit;
    this.trace = b.trace || b.traceHeader;
    this.traceHeader = b.traceHeader;
    this.validator = b.validator;
    this.beforeSave = b.beforeSave;
    this.attributeTypes = b.attributeTypes();
    this.compressAbove = b.compressAbove;
    this.maxCookieSize = b.maxCookieSize;
    this.cookieOverflow = b.cookieOverflow;
    this.store = b.store;
    this.storeFailurePolicy = b.storeFailurePolicy;
    this.storeTimeout = b.storeTimeout;
    this.storeBreaker = b.storeBreaker;
    this.storeBreakerFailureRate = b.storeBreakerFailureRate;
    this.storeBreakerMinimumCalls = b.storeBreakerMinimumCalls;
    this.storeBreakerWindow = b.storeBreakerWindow;
    this.storeBreakerOpenFor = b.storeBreakerOpenFor;
    this.storeBreakerProbes = b.storeBreakerProbes;
    this.idHeader = b.idHeader;
    this.keyContext = b.keyContext;
    this.idCookie = b.idCookie;
    this.principalAttribute = b.principalAttribute;
    this.clientHints = b.clientHints;
    this.principalName = b.principalName;
    this.listeners = List.copyOf(b.listeners);
    this.clock = b.clock;
    this.compat = b.compat;
    this.compatSecrets = List.copyOf(b.compatSecrets);
    this.migrateFrom = b.migrateFrom;
    this.migrateSecretCount = b.migrateSecrets.size();
    this.migrateStore = b.migrateStore;
    this.legacy = b.legacy;
  }

  /** A builder with the safe defaults. */
  public static Builder builder() {
    return new Builder();
  }

  public SessionMode mode() { return mode; }
  public CookieProtection cookieProtection() { return cookieProtection; }
  /** The key ring, or null when no keys were given (store mode only). */
  public KeyRing keys() { return keys; }
  public String cookieName() { return cookieName; }
  public String cookiePath() { return cookiePath; }
  public String cookieDomain() { return cookieDomain; }
  public Secure secure() { return secure; }
  public boolean httpOnly() { return httpOnly; }
  public SameSite sameSite() { return sameSite; }
  public boolean partitioned() { return partitioned; }
  public CookiePriority priority() { return priority; }
  /** The cookie and session max age; null for a browser-session cookie. */
  public Duration maxAge() { return maxAge; }
  public boolean rolling() { return rolling; }
  /** Renew: re-issue the cookie when less than this fraction of the max age is left; 0 = off. */
  public double renewBelow() { return renewBelow; }
  public boolean resave() { return resave; }
  public boolean saveUninitialized() { return saveUninitialized; }
  public Unset unset() { return unset; }
  public Duration idleTimeout() { return idleTimeout; }
  public Duration absoluteTimeout() { return absoluteTimeout; }
  public Duration defaultLifetime() { return defaultLifetime; }
  /** Lazy touch: the expiry is pushed forward once this fraction of the expiry window has passed. */
  public double touchAfter() { return touchAfter; }
  public SessionIdGenerator idGenerator() { return idGenerator; }
  /** Which direct peers' X-Forwarded-Proto is believed. */
  public Predicate<String> trustProxy() { return trustProxy; }
  public boolean autoCommit() { return autoCommit; }
  /** Whether the engine keeps a decision trace of every request ({@link SessionTrace}); on when {@link #traceHeader()} is. */
  public boolean trace() { return trace; }
  /** Whether the decision trace is also sent in the {@value SessionTrace#HEADER} response header (development only). */
  public boolean traceHeader() { return traceHeader; }
  public Predicate<Session> validator() { return validator; }
  public Consumer<Session> beforeSave() { return beforeSave; }
  /** Registered attribute types by alias ({@code allowType}). */
  public Map<String, Class<?>> allowedTypes() { return attributeTypes.aliases(); }
  /** Every attribute type allowed beyond JSON values: aliased types, Jackson modules and Jackson types. */
  public AttributeTypes attributeTypes() { return attributeTypes; }
  public int compressAbove() { return compressAbove; }
  public int maxCookieSize() { return maxCookieSize; }
  public CookieOverflow cookieOverflow() { return cookieOverflow; }
  /**
   * The store given to the builder; null when none was given (in store mode the engine then keeps
   * sessions in a memory store of its own, on this configuration's clock) and in cookie mode.
   */
  public SessionStore store() { return store; }
  public StoreFailurePolicy storeFailurePolicy() { return storeFailurePolicy; }
  /** The most time one request spends on store calls, all of them together. */
  public Duration storeTimeout() { return storeTimeout; }
  /** Whether a circuit breaker guards the store (never the engine's own memory store, which cannot fail). */
  public boolean storeBreaker() { return storeBreaker; }
  public int storeBreakerFailureRate() { return storeBreakerFailureRate; }
  public int storeBreakerMinimumCalls() { return storeBreakerMinimumCalls; }
  public Duration storeBreakerWindow() { return storeBreakerWindow; }
  public Duration storeBreakerOpenFor() { return storeBreakerOpenFor; }
  public int storeBreakerProbes() { return storeBreakerProbes; }
  /** The request/response header carrying the id (APIs), or null. */
  public String idHeader() { return idHeader; }
  /** The application context bound into the derived keys, or null for none. */
  public String keyContext() { return keyContext; }
  /** Whether the id (store mode) travels in a cookie; false for header-only APIs. */
  public boolean idCookie() { return idCookie; }
  /** The attribute whose value is the principal name stores index sessions by; null = none. */
  public String principalAttribute() { return principalAttribute; }
  /** Whether a new session records its client's User-Agent and address ({@link ClientHints}). */
  public boolean clientHints() { return clientHints; }
  /**
   * The principal name of the principal attribute's value (null: none); by default the value
   * itself when it is a string.
   */
  public Function<Object, String> principalName() { return principalName; }
  public List<SessionListener> listeners() { return listeners; }
  public Clock clock() { return clock; }
  /** The Node package whose cookie format the engine speaks instead of its own ({@code compat}); null = none (the default). */
  public NodeCompat compat() { return compat; }
  /** How many {@code compatSecrets} were given (the secrets themselves never leave the configuration). */
  public int compatSecretCount() { return compatSecrets.size(); }
  /** The Node secrets, first signs: for the engine's compat transport only. */
  List<String> compatSecrets() { return compatSecrets; }
  /**
   * The Node package whose sessions a migration engine imports into its own format ({@code
   * migrateFrom}); null = none (the default).
   */
  public NodeCompat migrateFrom() { return migrateFrom; }
  /** How many {@code migrateSecrets} were given (the secrets themselves never leave the configuration). */
  public int migrateSecretCount() { return migrateSecretCount; }
  /** The legacy Node session cookie's name ({@code migrateCookieName}); null when not migrating. */
  public String migrateCookieName() { return legacy == null ? null : legacy.cookieName(); }
  /** The store holding the legacy Node records ({@code migrateStore}); null in cookie packages and when not migrating. */
  public SessionStore migrateStore() { return migrateStore; }
  /** The legacy side as a compat configuration (its transport and store): for the engine only. */
  SessionConfig legacy() { return legacy; }

  /** Describes the configuration without secrets. */
  @Override
  public String toString() {
    return "SessionConfig[mode=" + mode + (mode == SessionMode.COOKIE ? ", protection=" + cookieProtection : "")
        + ", keys=" + keyCount + ", cookie=" + cookieName + ", path=" + cookiePath + ", secure=" + secure
        + ", sameSite=" + sameSite + ", maxAge=" + maxAge + ", rolling=" + rolling + ", resave=" + resave
        + ", saveUninitialized=" + saveUninitialized + ", idleTimeout=" + idleTimeout
        + ", absoluteTimeout=" + absoluteTimeout + ", store="
        + (store != null ? store.getClass().getSimpleName() : mode == SessionMode.STORE ? "MemoryStore" : "none")
        + (compat != null ? ", compat=" + compat.packageName() + ", compatSecrets=" + compatSecrets.size() : "")
        + (migrateFrom != null ? ", migrateFrom=" + migrateFrom.packageName() + ", migrateSecrets=" + migrateSecretCount
            + ", migrateCookieName=" + legacy.cookieName()
            + (migrateStore != null ? ", migrateStore=" + migrateStore.getClass().getSimpleName() : "") : "")
        + "]";
  }

  /**
   * Builds a {@link SessionConfig}. Every setter names one option; {@link #build()} checks them
   * together and throws {@link IllegalArgumentException} naming the option to change.
   */
  public static final class Builder {
    private SessionMode mode = SessionOptions.MODE.defaultValue();
    private CookieProtection cookieProtection = SessionOptions.COOKIE_PROTECTION.defaultValue();
    private final List<byte[]> secrets = new ArrayList<>();
    private String cookieName = SessionOptions.COOKIE_NAME.defaultValue();
    private String cookiePath = SessionOptions.COOKIE_PATH.defaultValue();
    private String cookieDomain = SessionOptions.COOKIE_DOMAIN.defaultValue();
    private Secure secure = SessionOptions.SECURE.defaultValue();
    private boolean httpOnly = SessionOptions.HTTP_ONLY.defaultValue();
    private SameSite sameSite = SessionOptions.SAME_SITE.defaultValue();
    private boolean partitioned = SessionOptions.PARTITIONED.defaultValue();
    private CookiePriority priority = SessionOptions.PRIORITY.defaultValue();
    private Duration maxAge = SessionOptions.MAX_AGE.defaultValue();
    private boolean rolling = SessionOptions.ROLLING.defaultValue();
    private double renewBelow = SessionOptions.RENEW.defaultValue() ? RENEW_BELOW : 0;
    private boolean resave = SessionOptions.RESAVE.defaultValue();
    private boolean saveUninitialized = SessionOptions.SAVE_UNINITIALIZED.defaultValue();
    private Unset unset = SessionOptions.UNSET.defaultValue();
    private Duration idleTimeout = SessionOptions.IDLE_TIMEOUT.defaultValue();
    private Duration absoluteTimeout = SessionOptions.ABSOLUTE_TIMEOUT.defaultValue();
    /** Whether absoluteTimeout was given (null then means "no limit", also in cookie mode). */
    private boolean absoluteTimeoutGiven;
    private Duration defaultLifetime = SessionOptions.DEFAULT_LIFETIME.defaultValue();
    private double touchAfter = SessionOptions.TOUCH_AFTER.defaultValue();
    private SessionIdGenerator idGenerator = SessionIdGenerator.secureRandom();
    private Predicate<String> trustProxy = trustingAll(SessionOptions.TRUST_PROXY.defaultValue());
    private boolean trustProxySet;
    private boolean autoCommit = SessionOptions.AUTO_COMMIT.defaultValue();
    private boolean trace = SessionOptions.TRACE.defaultValue();
    private boolean traceHeader = SessionOptions.TRACE_HEADER.defaultValue();
    private Predicate<Session> validator = s -> true;
    private Consumer<Session> beforeSave = s -> {};
    private final Map<String, Class<?>> allowedTypes = new LinkedHashMap<>();
    private final List<Module> jacksonModules = new ArrayList<>();
    private final Set<Class<?>> jacksonTypes = new LinkedHashSet<>();
    private int compressAbove = SessionOptions.COMPRESS_ABOVE.defaultValue();
    private int maxCookieSize = SessionOptions.MAX_COOKIE_SIZE.defaultValue();
    private CookieOverflow cookieOverflow = SessionOptions.COOKIE_OVERFLOW.defaultValue();
    private SessionStore store;
    private StoreFailurePolicy storeFailurePolicy = SessionOptions.STORE_FAILURE_POLICY.defaultValue();
    private Duration storeTimeout = SessionOptions.STORE_TIMEOUT.defaultValue();
    private boolean storeBreaker = SessionOptions.STORE_BREAKER.defaultValue();
    private int storeBreakerFailureRate = SessionOptions.STORE_BREAKER_FAILURE_RATE.defaultValue();
    private int storeBreakerMinimumCalls = SessionOptions.STORE_BREAKER_MINIMUM_CALLS.defaultValue();
    private Duration storeBreakerWindow = SessionOptions.STORE_BREAKER_WINDOW.defaultValue();
    private Duration storeBreakerOpenFor = SessionOptions.STORE_BREAKER_OPEN_FOR.defaultValue();
    private int storeBreakerProbes = SessionOptions.STORE_BREAKER_PROBES.defaultValue();
    private String idHeader = SessionOptions.ID_HEADER.defaultValue();
    private String keyContext = SessionOptions.KEY_CONTEXT.defaultValue();
    private boolean idCookie = SessionOptions.ID_COOKIE.defaultValue();
    private String principalAttribute = SessionOptions.PRINCIPAL_ATTRIBUTE.defaultValue();
    private boolean clientHints = SessionOptions.CLIENT_HINTS.defaultValue();
    private Function<Object, String> principalName = STRING_PRINCIPAL;
    private final List<SessionListener> listeners = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private NodeCompat compat = SessionOptions.COMPAT.defaultValue();
    private final List<String> compatSecrets = new ArrayList<>();
    private boolean cookieNameGiven;
    private boolean idGeneratorGiven;
    private NodeCompat migrateFrom = SessionOptions.MIGRATE_FROM.defaultValue();
    private final List<String> migrateSecrets = new ArrayList<>();
    private String migrateCookieName = SessionOptions.MIGRATE_COOKIE_NAME.defaultValue();
    private SessionStore migrateStore;
    /** Made by {@link #build()} from the migrate options. */
    private SessionConfig legacy;

    private Builder() {}

    private static Predicate<String> trustingAll(boolean trust) {
      return peer -> trust;
    }

    /** {@code mode}: STORE (default) or COOKIE. */
    public Builder mode(SessionMode mode) { this.mode = Objects.requireNonNull(mode, "mode"); return this; }

    /** {@code cookieProtection} in cookie mode: ENCRYPTED (default) or SIGNED. */
    public Builder cookieProtection(CookieProtection protection) {
      this.cookieProtection = Objects.requireNonNull(protection, "cookieProtection");
      return this;
    }

    /**
     * {@code keys}: secrets, newest first. The first signs/encrypts, all verify (rotation). Each at
     * least 32 bytes: random bytes as {@code base64:…} or {@code hex:…} (recommended: {@code openssl
     * rand -base64 48}), any other text as its UTF-8 bytes. Required in cookie mode; in store mode
     * they sign the id cookie.
     *
     * @throws IllegalArgumentException when a {@code base64:}/{@code hex:} secret does not decode
     */
    public Builder keys(String... secrets) {
      this.secrets.clear();
      for (int i = 0; i < secrets.length; i++) {
        this.secrets.add(KeyRing.secretBytes(i, secrets[i]));
      }
      return this;
    }

    /**
     * {@code keyContext}: an application name bound into every derived key, so that two applications
     * sharing a secret and a cookie name do not accept each other's cookies. Setting or changing it
     * is like replacing every key: cookies sealed before no longer open. Default: none.
     */
    public Builder keyContext(String context) {
      this.keyContext = context == null || context.isEmpty() ? null : context;
      return this;
    }

    /** {@code keys} as raw bytes, newest first. */
    public Builder keyBytes(List<byte[]> secrets) {
      this.secrets.clear();
      this.secrets.addAll(secrets);
      return this;
    }

    /** {@code cookieName}, default {@code sid}. */
    public Builder cookieName(String name) { this.cookieName = name; this.cookieNameGiven = true; return this; }
    /** {@code cookiePath}, default {@code /}. */
    public Builder cookiePath(String path) { this.cookiePath = path; return this; }
    /** {@code cookieDomain}, default none (host-only cookie). */
    public Builder cookieDomain(String domain) { this.cookieDomain = domain; return this; }
    /** {@code secure}: ALWAYS, NEVER or AUTO (default). */
    public Builder secure(Secure secure) { this.secure = Objects.requireNonNull(secure, "secure"); return this; }
    /** {@code httpOnly}, default true. */
    public Builder httpOnly(boolean httpOnly) { this.httpOnly = httpOnly; return this; }
    /** {@code sameSite}, default LAX; null omits the attribute. */
    public Builder sameSite(SameSite sameSite) { this.sameSite = sameSite; return this; }
    /** {@code partitioned} (CHIPS), default false. Requires Secure. */
    public Builder partitioned(boolean partitioned) { this.partitioned = partitioned; return this; }
    /** {@code priority}, default none. */
    public Builder priority(CookiePriority priority) { this.priority = priority; return this; }

    /**
     * {@code maxAge}: cookie lifetime and session expiry window, default 24 h. null makes a
     * browser-session cookie (no Expires); the server still bounds the session by {@code
     * idleTimeout}, or else {@code defaultLifetime}.
     */
    public Builder maxAge(Duration maxAge) { this.maxAge = maxAge; return this; }

    /** {@code rolling}: send the cookie on every response of an existing session. */
    public Builder rolling(boolean rolling) { this.rolling = rolling; return this; }

    /** {@code renew}: re-issue the cookie when less than half its max age is left. */
    public Builder renew(boolean renew) { this.renewBelow = renew ? RENEW_BELOW : 0; return this; }

    /** {@code resave}: write the session on every request even when unchanged. Off by default. */
    public Builder resave(boolean resave) { this.resave = resave; return this; }

    /** {@code saveUninitialized}: persist new sessions that hold no data. Off by default. */
    public Builder saveUninitialized(boolean saveUninitialized) { this.saveUninitialized = saveUninitialized; return this; }

    /** {@code unset}: what {@link Session#unset()} does, DESTROY (default) or KEEP. */
    public Builder unset(Unset unset) { this.unset = Objects.requireNonNull(unset, "unset"); return this; }

    /** {@code idleTimeout}: the session expires after this long without a request. Default none. */
    public Builder idleTimeout(Duration idleTimeout) { this.idleTimeout = idleTimeout; return this; }

    /**
     * {@code absoluteTimeout}: the session expires this long after creation, whatever happens; null
     * for no limit. Not given: none in store mode, {@link #COOKIE_MODE_ABSOLUTE_TIMEOUT} in cookie mode
     * (a stolen cookie-mode cookie cannot be revoked, so under {@code rolling} it would otherwise live
     * as long as it is used).
     */
    public Builder absoluteTimeout(Duration absoluteTimeout) {
      this.absoluteTimeout = absoluteTimeout;
      this.absoluteTimeoutGiven = true;
      return this;
    }

    private Duration effectiveAbsoluteTimeout() {
      return absoluteTimeoutGiven || mode != SessionMode.COOKIE ? absoluteTimeout : COOKIE_MODE_ABSOLUTE_TIMEOUT;
    }

    /** {@code defaultLifetime}: expiry window for sessions with neither max age nor idle timeout. 24 h. */
    public Builder defaultLifetime(Duration lifetime) { this.defaultLifetime = lifetime; return this; }

    /**
     * {@code touchAfter}: lazy touch — an unchanged session's expiry is pushed forward only once this
     * fraction (0..1) of its window has passed since the last write or touch. Default 0.1; 0 touches
     * on every request.
     */
    public Builder touchAfter(double fraction) { this.touchAfter = fraction; return this; }

    /** {@code idGenerator}: makes new session ids (validated: 16–256 URL-safe characters). */
    public Builder idGenerator(SessionIdGenerator generator) {
      this.idGenerator = generator;
      this.idGeneratorGiven = true;
      return this;
    }

    /**
     * {@code compat}: speak a Node package's cookie format instead of sessions4j's own, so that a
     * Node app and this one share live sessions during a migration (docs/migrating-from-node.md).
     * Off (null) by default, and best left off: the Node formats are weaker (see SECURITY.md).
     * {@link NodeCompat#EXPRESS_SESSION} needs store mode and {@link #compatSecrets}; it makes the
     * cookie name default to {@code connect.sid} and new ids uid-safe ones, as express-session does.
     * {@link NodeCompat#COOKIE_SESSION} needs cookie mode; {@link NodeCompat#KOA_SESSION} takes
     * either (store mode is koa-session's external-store mode, with UUID ids as its {@code genid}).
     */
    public Builder compat(NodeCompat compat) {
      this.compat = compat;
      return this;
    }

    /**
     * {@code compatSecrets}: the Node app's secrets, newest first (express-session's {@code secret}):
     * the first signs, all verify. Taken as the Node package takes them, any non-empty string
     * (UTF-8), without the 32-byte minimum of {@link #keys}: they must equal the Node app's, which
     * are often short; docs/migrating-from-node.md says what that costs and how to leave it.
     */
    public Builder compatSecrets(String... secrets) {
      this.compatSecrets.clear();
      this.compatSecrets.addAll(Arrays.asList(secrets));
      return this;
    }

    /**
     * {@code migrateFrom}: leave a Node package's formats without logging anybody out. The engine
     * keeps speaking sessions4j's own formats (its cookie, {@link #keys}, its store or cookie mode)
     * and also reads the Node package's: a request that presents no session of its own but a valid
     * Node one gets that session's attributes in a new sessions4j session, written in sessions4j's
     * format, and the Node cookie cleared and record destroyed (docs/migrating-from-node.md,
     * runbook step 2). Null (the default) turns it off. Cannot be combined with {@link #compat}.
     */
    public Builder migrateFrom(NodeCompat from) {
      this.migrateFrom = from;
      return this;
    }

    /** {@link #migrateFrom(NodeCompat)} and {@link #migrateSecrets} in one call. */
    public Builder migrateFrom(NodeCompat from, String... secrets) {
      return migrateFrom(from).migrateSecrets(secrets);
    }

    /**
     * {@code migrateSecrets}: the Node app's secrets (express-session's {@code secret}, the {@code
     * keys} of cookie-session and koa-session), any of which verifies a legacy cookie. Taken as
     * {@link #compatSecrets} are; nothing is signed with them any more.
     */
    public Builder migrateSecrets(String... secrets) {
      this.migrateSecrets.clear();
      this.migrateSecrets.addAll(Arrays.asList(secrets));
      return this;
    }

    /** {@code migrateCookieName}: the legacy Node cookie's name; null (default) = the package's ({@code connect.sid}, {@code session}, {@code koa.sess}). */
    public Builder migrateCookieName(String name) {
      this.migrateCookieName = name;
      return this;
    }

    /**
     * {@code migrateStore}: with {@code migrateFrom=express-session}, the store holding the Node
     * records ({@code ExpressMysqlSessionStore}, {@code ConnectRedisStore}, or any store in which
     * the Node sessions are); read, and its records deleted once imported, never written.
     */
    public Builder migrateStore(SessionStore store) {
      this.migrateStore = store;
      return this;
    }


    /** {@code trustProxy}: believe X-Forwarded-Proto from any peer (true) or none (false, default). */
    public Builder trustProxy(boolean trust) {
      this.trustProxy = trustingAll(trust);
      this.trustProxySet = trust;
      return this;
    }

    /** {@code trustProxy}: believe X-Forwarded-Proto only from peers this predicate accepts. */
    public Builder trustProxy(Predicate<String> trustedPeers) {
      this.trustProxy = Objects.requireNonNull(trustedPeers, "trustProxy");
      this.trustProxySet = true;
      return this;
    }

    /** {@code autoCommit}: commit at the end of every request (default); off: only {@link Session#save()} writes. */
    public Builder autoCommit(boolean autoCommit) { this.autoCommit = autoCommit; return this; }

    /**
     * {@code trace}: keep a decision trace of every request — where its session came from, what the
     * commit did and why ({@link SessionTrace}), logged as one DEBUG line per request. Off by
     * default: a development aid; when off no request pays for it.
     */
    public Builder trace(boolean trace) { this.trace = trace; return this; }

    /**
     * {@code traceHeader}: also send each request's decision trace in the {@value
     * SessionTrace#HEADER} response header (turns {@code trace} on). Development only: it tells the
     * client how the server treats its session (never ids in full, never values).
     */
    public Builder traceHeader(boolean traceHeader) { this.traceHeader = traceHeader; return this; }

    /** {@code validate}: a loaded session this rejects is treated as absent. */
    public Builder validate(Predicate<Session> validator) { this.validator = Objects.requireNonNull(validator, "validate"); return this; }

    /** {@code beforeSave}: runs just before a session is written. */
    public Builder beforeSave(Consumer<Session> hook) { this.beforeSave = Objects.requireNonNull(hook, "beforeSave"); return this; }

    /**
     * {@code allowType}: lets attributes hold instances of {@code type}, stored as JSON under
     * {@code alias}. Only registered types are ever instantiated from session data (no polymorphic
     * typing); keep the alias stable across releases, since stored sessions refer to it.
     */
    public Builder allowType(String alias, Class<?> type) {
      this.allowedTypes.put(Objects.requireNonNull(alias, "allowType alias"), Objects.requireNonNull(type, "allowType type"));
      return this;
    }

    /**
     * {@code jacksonModule}: registers a framework's own Jackson module (Spring Security's, say) for
     * the framework objects it handles; each class it gives a mix-in to may be stored, written with
     * Jackson class ids that are read back only for classes on the allow-list (see
     * {@link AttributeTypes}). Never unrestricted default typing.
     */
    public Builder jacksonModule(Module module) {
      this.jacksonModules.add(Objects.requireNonNull(module, "jacksonModule"));
      return this;
    }

    /**
     * {@code allowJacksonType}: allows exactly {@code type} as a Jackson-typed value and as a class
     * id inside one (e.g. an application's own principal class held by a security context).
     */
    public Builder allowJacksonType(Class<?> type) {
      this.jacksonTypes.add(Objects.requireNonNull(type, "allowJacksonType"));
      return this;
    }

    private AttributeTypes attributeTypes() {
      AttributeTypes.Builder types = AttributeTypes.builder();
      allowedTypes.forEach(types::allowType);
      jacksonModules.forEach(types::jacksonModule);
      jacksonTypes.forEach(types::allowJacksonType);
      return types.build();
    }

    /** {@code compressAbove}: deflate cookie-mode payloads longer than this many bytes; 0 = never (default). */
    public Builder compressAbove(int bytes) { this.compressAbove = bytes; return this; }

    /** {@code maxCookieSize}: largest Set-Cookie (name, value, attributes) written; default 4096. */
    public Builder maxCookieSize(int bytes) { this.maxCookieSize = bytes; return this; }

    /** {@code cookieOverflow}: what happens past {@code maxCookieSize}: FAIL (default) or KEEP_PREVIOUS. */
    public Builder cookieOverflow(CookieOverflow overflow) { this.cookieOverflow = Objects.requireNonNull(overflow, "cookieOverflow"); return this; }

    /** {@code store} for store mode; without one the engine keeps sessions in a memory store of its own. */
    public Builder store(SessionStore store) { this.store = store; return this; }

    /**
     * Replaces the store set so far (null when none was: the engine then keeps a memory store of its
     * own) with what {@code decorator} makes of it: for a framework integration that wraps the
     * store the application chose, after it chose it — e.g. {@code session-micrometer}'s {@code
     * ObservedSessionStore::observe} bound to a registry, to make the store's calls traces.
     */
    public Builder decorateStore(UnaryOperator<SessionStore> decorator) {
      this.store = decorator.apply(store);
      return this;
    }

    /** {@code storeFailure}: FAIL (503, default) or CONTINUE with a fresh session. */
    public Builder storeFailurePolicy(StoreFailurePolicy policy) { this.storeFailurePolicy = Objects.requireNonNull(policy, "storeFailurePolicy"); return this; }

    /**
     * {@code storeTimeout}: the most time one request spends on store calls — its load, its save and
     * any other call, together; a call still running when the request's time is up counts as
     * failed. 5 s.
     */
    public Builder storeTimeout(Duration timeout) { this.storeTimeout = timeout; return this; }

    /** {@code storeBreaker}: a circuit breaker in front of the store (default on). */
    public Builder storeBreaker(boolean enabled) { this.storeBreaker = enabled; return this; }

    /** {@code storeBreakerFailureRate}: open at this percentage of failed store calls in the window (1-100; 50). */
    public Builder storeBreakerFailureRate(int percent) { this.storeBreakerFailureRate = percent; return this; }

    /** {@code storeBreakerMinimumCalls}: calls in the window before the rate counts; this many failures in a row open the breaker whatever the rate (5). */
    public Builder storeBreakerMinimumCalls(int calls) { this.storeBreakerMinimumCalls = calls; return this; }

    /** {@code storeBreakerWindow}: the sliding window the failure rate is taken over (10 s, whole seconds). */
    public Builder storeBreakerWindow(Duration window) { this.storeBreakerWindow = window; return this; }

    /** {@code storeBreakerOpenFor}: how long an open breaker refuses calls before probing (500 ms). */
    public Builder storeBreakerOpenFor(Duration openFor) { this.storeBreakerOpenFor = openFor; return this; }

    /** {@code storeBreakerProbes}: calls a half-open breaker lets through, then judges by their failure rate (2). */
    public Builder storeBreakerProbes(int probes) { this.storeBreakerProbes = probes; return this; }

    /** {@code idHeader}: also read the id from, and write it to, this header (for APIs). */
    public Builder idHeader(String header) { this.idHeader = header; return this; }

    /** {@code idCookie}: whether the id travels in a cookie (default true); false needs {@code idHeader}. */
    public Builder idCookie(boolean idCookie) { this.idCookie = idCookie; return this; }

    /**
     * {@code clientHints}: store mode, a new session records the User-Agent and the client address
     * of the request that created it (attributes {@link ClientHints#USER_AGENT}, {@link
     * ClientHints#CLIENT_ADDRESS}), shown by administration ({@code SessionManager.findSessions}).
     * Off by default: both are personal data.
     */
    public Builder clientHints(boolean record) { this.clientHints = record; return this; }

    /** {@code principalAttribute}: index sessions by this attribute's value (find a user's sessions). */
    public Builder principalAttribute(String attribute) {
      this.principalAttribute = attribute;
      this.principalName = STRING_PRINCIPAL;
      return this;
    }

    /**
     * {@code principalAttribute} for an attribute that holds an object, not the name itself: stores
     * index sessions by {@code nameOf} of its value (null: no principal) — e.g. Spring Security's
     * {@code SPRING_SECURITY_CONTEXT} and the name of its authentication. {@code nameOf} must not
     * throw; it runs when the attribute changes.
     */
    public Builder principalAttribute(String attribute, Function<Object, String> nameOf) {
      this.principalAttribute = Objects.requireNonNull(attribute, "principalAttribute");
      this.principalName = Objects.requireNonNull(nameOf, "principalAttribute nameOf");
      return this;
    }

    /** {@code listener}: told about created / destroyed / expired sessions. */
    public Builder listener(SessionListener listener) { this.listeners.add(Objects.requireNonNull(listener, "listener")); return this; }

    /** {@code clock}: the time source (tests). */
    public Builder clock(Clock clock) { this.clock = Objects.requireNonNull(clock, "clock"); return this; }

    /** Validates and builds. */
    public SessionConfig build() {
      require(cookieName != null && isToken(cookieName),
          "cookieName '" + cookieName + "' is not a valid cookie name (RFC 6265 token: letters, digits, !#$%&'*+-.^_`|~)");
      require(cookiePath != null && cookiePath.startsWith("/") && isAttributeValue(cookiePath),
          "cookiePath must start with '/' and contain no ';' or control characters");
      require(cookieDomain == null || (!cookieDomain.isBlank() && isAttributeValue(cookieDomain)),
          "cookieDomain must be a host name without ';' or control characters");
      requirePositiveOrNull(maxAge, "maxAge");
      requirePositiveOrNull(idleTimeout, "idleTimeout");
      requirePositiveOrNull(absoluteTimeout, "absoluteTimeout");
      require(defaultLifetime != null && !defaultLifetime.isNegative() && !defaultLifetime.isZero(),
          "defaultLifetime must be a positive duration");
      require(storeTimeout != null && !storeTimeout.isNegative() && !storeTimeout.isZero(),
          "storeTimeout must be a positive duration");
      require(storeBreakerFailureRate >= 1 && storeBreakerFailureRate <= 100,
          "storeBreakerFailureRate is a percentage, 1-100; was " + storeBreakerFailureRate);
      require(storeBreakerMinimumCalls >= 1, "storeBreakerMinimumCalls must be at least 1; was " + storeBreakerMinimumCalls);
      require(storeBreakerProbes >= 1, "storeBreakerProbes must be at least 1; was " + storeBreakerProbes);
      require(storeBreakerWindow != null && storeBreakerWindow.toSeconds() >= 1,
          "storeBreakerWindow must be at least 1s (it counts whole seconds); was " + storeBreakerWindow);
      require(storeBreakerOpenFor != null && !storeBreakerOpenFor.isNegative() && !storeBreakerOpenFor.isZero(),
          "storeBreakerOpenFor must be a positive duration; was " + storeBreakerOpenFor);
      require(touchAfter >= 0 && touchAfter <= 1, "touchAfter must be a fraction between 0 and 1, was " + touchAfter);
      require(idGenerator != null, "idGenerator must not be null");
      require(maxCookieSize > 0, "maxCookieSize must be positive");
      require(compressAbove >= 0, "compressAbove must be 0 (off) or a positive byte count");
      require(sameSite != SameSite.NONE || secure != Secure.NEVER,
          "sameSite=NONE requires Secure: browsers drop SameSite=None cookies without it; set secure to ALWAYS or AUTO");
      require(!partitioned || secure != Secure.NEVER,
          "partitioned requires Secure: set secure to ALWAYS or AUTO");
      if (cookieName.startsWith("__Host-")) {
        require(secure == Secure.ALWAYS && "/".equals(cookiePath) && cookieDomain == null,
            "cookieName with the __Host- prefix requires secure=ALWAYS, cookiePath=/ and no cookieDomain");
      } else if (cookieName.startsWith("__Secure-")) {
        require(secure == Secure.ALWAYS, "cookieName with the __Secure- prefix requires secure=ALWAYS");
      }
      require(idCookie || idHeader != null, "idCookie=false needs idHeader: the id must travel somewhere");
      require(idHeader == null || isToken(idHeader), "idHeader '" + idHeader + "' is not a valid header name");
      Duration absolute = effectiveAbsoluteTimeout();
      require(absolute == null || idleTimeout == null || absolute.compareTo(idleTimeout) >= 0,
          absoluteTimeoutGiven ? "absoluteTimeout must not be shorter than idleTimeout"
              : "idleTimeout " + idleTimeout + " is longer than cookie mode's default absoluteTimeout "
                  + COOKIE_MODE_ABSOLUTE_TIMEOUT + "; set absoluteTimeout too (at least idleTimeout, or none for no limit)");
      for (int i = 0; i < secrets.size(); i++) {
        require(secrets.get(i) != null, "keys[" + i + "] is null");
      }
      if (mode == SessionMode.COOKIE) {
        require(!secrets.isEmpty() || compat != null, // compat: checkCompat says what it needs
            "mode=COOKIE needs keys: the whole session is in the cookie and must be "
                + (cookieProtection == CookieProtection.ENCRYPTED ? "encrypted" : "signed")
                + "; pass at least one secret of 32+ random bytes to keys(...)");
        require(store == null, "store is only used in mode=STORE; remove it or switch mode");
        require(idHeader == null, "idHeader is only used in mode=STORE");
        require(idCookie, "idCookie=false is only possible in mode=STORE");
        require(!resave, "resave is only meaningful in mode=STORE (a cookie session is written whenever it changes)");
      } else {
        require(compressAbove == 0, "compressAbove applies to mode=COOKIE only");
      }
      for (Map.Entry<String, Class<?>> e : allowedTypes.entrySet()) {
        require(!e.getKey().isBlank(), "allowType alias must not be blank");
        require(!e.getKey().startsWith("@"), "allowType alias '" + e.getKey()
            + "' must not start with '@' (reserved for sessions4j's own type markers)");
        require(!isJsonNative(e.getValue()),
            "allowType " + e.getValue().getName() + " is a JSON value type and needs no registration");
      }
      require(keyContext == null || !secrets.isEmpty(), "keyContext needs keys: it is bound into the keys derived from them");
      checkMigration(); // first: its message is the one to see when compat is set beside it
      checkCompat();
      KeyRing ring = secrets.isEmpty() ? null : KeyRing.fromBytes(secrets, keyContext);
      return new SessionConfig(this, ring);
    }

    /** The {@code compat} rules, and the defaults it changes (cookie name, id generator). */
    private void checkCompat() {
      for (int i = 0; i < compatSecrets.size(); i++) {
        require(compatSecrets.get(i) != null && !compatSecrets.get(i).isEmpty(), "compatSecrets[" + i + "] is empty");
      }
      if (compat == null) {
        require(compatSecrets.isEmpty(), "compatSecrets are only used with compat (e.g. compat=express-session)");
        return;
      }
      String name = "compat=" + compat.packageName();
      if (mode == SessionMode.STORE) {
        require(compat.storeMode(), name + " needs mode=COOKIE: " + compat.packageName()
            + " keeps the whole session in the cookie");
      } else {
        require(compat.cookieMode(), name + " needs mode=STORE: " + compat.packageName()
            + " keeps only the id in the cookie");
      }
      require(!compatSecrets.isEmpty(), name + " needs compatSecrets: the Node app's secret(s) or keys, first signs");
      require(secrets.isEmpty(), name + " signs with compatSecrets; keys are not used, remove them");
      require(idHeader == null, name + " carries the session in the cookie only; remove idHeader");
      require(idCookie, name + " needs idCookie=true");
      require(compressAbove == 0, name + " writes the Node package's own payload: compressAbove must be 0");
      if (!cookieNameGiven) {
        cookieName = compat.defaultCookieName();
      }
      if (!idGeneratorGiven && mode == SessionMode.STORE) {
        idGenerator = compat.storeIds();
      }
    }

    /** The {@code migrateFrom} rules; builds the legacy side's configuration. */
    private void checkMigration() {
      for (int i = 0; i < migrateSecrets.size(); i++) {
        require(migrateSecrets.get(i) != null && !migrateSecrets.get(i).isEmpty(), "migrateSecrets[" + i + "] is empty");
      }
      if (migrateFrom == null) {
        require(migrateSecrets.isEmpty(), "migrateSecrets are only used with migrateFrom (e.g. migrateFrom=express-session)");
        require(migrateCookieName == null, "migrateCookieName is only used with migrateFrom (e.g. migrateFrom=express-session)");
        require(migrateStore == null, "migrateStore is only used with migrateFrom (express-session, or koa-session on a store)");
        return;
      }
      String name = "migrateFrom=" + migrateFrom.packageName();
      require(compat == null, name + " reads the Node format beside sessions4j's own, while compat="
          + (compat == null ? "" : compat.packageName()) + " writes the Node format instead of it: use compat while "
          + "Node and Java share sessions, then replace it with migrateFrom (docs/migrating-from-node.md)");
      require(!migrateSecrets.isEmpty(), name + " needs migrateSecrets: the Node app's secret(s) or keys, to verify its cookies");
      // express-session keeps its sessions in a store; cookie-session in the cookie; koa-session in either,
      // in a store when the Node app gave it one (then migrateStore is that store)
      boolean legacyStoreMode = !migrateFrom.cookieMode() || migrateStore != null;
      require(migrateStore == null || migrateFrom.storeMode(), name + " keeps the whole session in the cookie: remove migrateStore");
      if (legacyStoreMode) {
        require(migrateStore != null, name + " needs migrateStore: the store holding the Node app's sessions "
            + "(ExpressMysqlSessionStore, ConnectRedisStore, KoaRedisStore), given in code or as a bean");
        require(migrateStore != store, name + ": migrateStore must not be the engine's own store: sessions4j writes "
            + "its own format there; give store a store of your own (e.g. JdbcSessionStore) and the Node store to migrateStore");
        require(!(store instanceof io.sessions4j.core.compat.node.ExpressMysqlSessionStore), name
            + ": store is express-mysql-session's table, which holds the Node format; give store a store of your own "
            + "(e.g. JdbcSessionStore) and the Node store to migrateStore");
      } else {
        require(migrateFrom.cookieMode(), name + " keeps its sessions in a store: give migrateStore");
      }
      String legacyName = migrateCookieName != null ? migrateCookieName : migrateFrom.defaultCookieName();
      require(!legacyName.equals(cookieName) && !(legacyName + ".sig").equals(cookieName),
          name + ": the Node cookie " + legacyName + " and sessions4j's cookieName " + cookieName
              + " must differ (sessions4j's cookie would overwrite it); keep cookieName=sid, or set migrateCookieName");
      Builder side = new Builder()
          .mode(legacyStoreMode ? SessionMode.STORE : SessionMode.COOKIE)
          .compat(migrateFrom)
          .compatSecrets(migrateSecrets.toArray(String[]::new))
          .cookieName(legacyName)
          .cookiePath(cookiePath)
          .cookieDomain(cookieDomain)
          .secure(secure)
          .trustProxy(trustProxy)
          .httpOnly(httpOnly)
          .sameSite(sameSite)
          .partitioned(partitioned)
          .priority(priority)
          .maxAge(maxAge)
          // cookie-session's cookies carry no time: a legacy cookie counts as written now, valid for this window
          .defaultLifetime(idleTimeout != null ? idleTimeout : defaultLifetime)
          .store(migrateStore)
          .clock(clock);
      try {
        legacy = side.build();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Invalid session configuration: " + name + ": the Node side: "
            + e.getMessage().replace("Invalid session configuration: ", "").replace("cookieName", "migrateCookieName"), e);
      }
    }

    private static boolean isJsonNative(Class<?> type) {
      return type == String.class || Number.class.isAssignableFrom(type) || type == Boolean.class
          || Map.class.isAssignableFrom(type) || List.class.isAssignableFrom(type);
    }

    private static void requirePositiveOrNull(Duration d, String option) {
      require(d == null || (!d.isNegative() && !d.isZero()), option + " must be a positive duration (or null), was " + d);
    }

    private static void require(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException("Invalid session configuration: " + message);
      }
    }

    /** RFC 7230 token: what a cookie name and a header name must be. */
    static boolean isToken(String s) {
      if (s.isEmpty()) {
        return false;
      }
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        if (!ok) {
          return false;
        }
      }
      return true;
    }

    private static boolean isAttributeValue(String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c < 0x20 || c == 0x7f || c == ';' || c > 0x7e) {
          return false;
        }
      }
      return true;
    }
  }
}
