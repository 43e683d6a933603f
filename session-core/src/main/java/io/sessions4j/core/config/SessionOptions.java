package io.sessions4j.core.config;

import static io.sessions4j.core.config.OptionGroup.COOKIE;
import static io.sessions4j.core.config.OptionGroup.DIAGNOSTICS;
import static io.sessions4j.core.config.OptionGroup.HOOKS;
import static io.sessions4j.core.config.OptionGroup.LIFETIME;
import static io.sessions4j.core.config.OptionGroup.PERSISTENCE;
import static io.sessions4j.core.config.OptionGroup.TRANSPORT;

import io.sessions4j.core.CookieOverflow;
import io.sessions4j.core.CookieProtection;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionMode;
import io.sessions4j.core.StoreFailurePolicy;
import io.sessions4j.core.Unset;
import io.sessions4j.core.compat.node.NodeCompat;
import io.sessions4j.core.http.CookiePriority;
import io.sessions4j.core.http.SameSite;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The option table: every session option, declared once, grouped. {@link SessionConfig.Builder}
 * starts from these defaults, {@link io.sessions4j.core.SessionProperties} binds strings through
 * them, and a test holds every README option table to them (names and defaults).
 *
 * <p>To add an option: a builder method and accessor on {@link SessionConfig}, one declaration
 * here, one row in the root README's table (and in the servlet README's init-param table when it
 * has a string form).
 */
public final class SessionOptions {

  // ---- cookie ---------------------------------------------------------------------------------

  /** {@code cookieName}. */
  public static final Option<String> COOKIE_NAME = Option.string("cookieName", COOKIE, "sid",
      v -> v, SessionConfig.Builder::cookieName, SessionConfig::cookieName,
      "cookie name (RFC 6265 token; __Host-/__Secure- prefixes validated)");
  /** {@code cookiePath}. */
  public static final Option<String> COOKIE_PATH = Option.string("cookiePath", COOKIE, "/",
      v -> v, SessionConfig.Builder::cookiePath, SessionConfig::cookiePath,
      "cookie Path, starting with /");
  /** {@code cookieDomain}. */
  public static final Option<String> COOKIE_DOMAIN = Option.string("cookieDomain", COOKIE, null,
      v -> v, SessionConfig.Builder::cookieDomain, SessionConfig::cookieDomain,
      "cookie Domain; none makes a host-only cookie");
  /** {@code secure}. */
  public static final Option<SessionConfig.Secure> SECURE = Option.string("secure", COOKIE,
      SessionConfig.Secure.AUTO, OptionValues::secure, SessionConfig.Builder::secure, SessionConfig::secure,
      "Secure attribute: always, never, or auto (when the request is HTTPS)");
  /** {@code httpOnly}. */
  public static final Option<Boolean> HTTP_ONLY = Option.string("httpOnly", COOKIE, true,
      OptionValues::bool, SessionConfig.Builder::httpOnly, SessionConfig::httpOnly,
      "HttpOnly attribute");
  /** {@code sameSite}; {@code omit} leaves the attribute out. */
  public static final Option<SameSite> SAME_SITE = Option.string("sameSite", COOKIE, SameSite.LAX,
      v -> v.equalsIgnoreCase("omit") ? null : OptionValues.enumValue(SameSite.class, v),
      SessionConfig.Builder::sameSite, SessionConfig::sameSite,
      "SameSite attribute: strict, lax, none (needs Secure) or omit");
  /** {@code partitioned}. */
  public static final Option<Boolean> PARTITIONED = Option.string("partitioned", COOKIE, false,
      OptionValues::bool, SessionConfig.Builder::partitioned, SessionConfig::partitioned,
      "CHIPS Partitioned attribute (needs Secure)");
  /** {@code priority}. */
  public static final Option<CookiePriority> PRIORITY = Option.string("priority", COOKIE, null,
      v -> OptionValues.enumValue(CookiePriority.class, v), SessionConfig.Builder::priority,
      SessionConfig::priority, "Chromium Priority attribute: low, medium or high");
  /** {@code cookieProtection}. */
  public static final Option<CookieProtection> COOKIE_PROTECTION = Option.string("cookieProtection", COOKIE,
      CookieProtection.ENCRYPTED, v -> OptionValues.enumValue(CookieProtection.class, v),
      SessionConfig.Builder::cookieProtection, SessionConfig::cookieProtection,
      "cookie mode: encrypted (AES-256-GCM) or signed (HMAC-SHA256, readable)");
  /** {@code keys}: secrets, newest first. */
  public static final Option<List<String>> KEYS = Option.secret("keys", COOKIE, List.of(),
      OptionValues::keys, (b, keys) -> b.keys(keys.toArray(String[]::new)),
      c -> c.keys() == null ? 0 : c.keys().size(),
      "secrets, newest first: the first seals, all open; 32+ bytes each; required in cookie mode");
  /** {@code keyContext}. */
  public static final Option<String> KEY_CONTEXT = Option.string("keyContext", COOKIE, null,
      v -> v, SessionConfig.Builder::keyContext, SessionConfig::keyContext,
      "application name bound into the derived keys: apps sharing a secret don't accept each other's cookies");
  /** {@code compressAbove}. */
  public static final Option<Integer> COMPRESS_ABOVE = Option.string("compressAbove", COOKIE, 0,
      Integer::parseInt, SessionConfig.Builder::compressAbove, SessionConfig::compressAbove,
      "cookie mode: deflate payloads longer than this many bytes; 0 = never");
  /** {@code maxCookieSize}. */
  public static final Option<Integer> MAX_COOKIE_SIZE = Option.string("maxCookieSize", COOKIE,
      SessionConfig.BROWSER_COOKIE_LIMIT, Integer::parseInt, SessionConfig.Builder::maxCookieSize,
      SessionConfig::maxCookieSize, "largest Set-Cookie (name, value, attributes) written, in bytes");
  /** {@code cookieOverflow}. */
  public static final Option<CookieOverflow> COOKIE_OVERFLOW = Option.string("cookieOverflow", COOKIE,
      CookieOverflow.FAIL, v -> OptionValues.enumValue(CookieOverflow.class, v),
      SessionConfig.Builder::cookieOverflow, SessionConfig::cookieOverflow,
      "past maxCookieSize: fail, or keep-previous (keep the previous cookie)");

  // ---- lifetime -------------------------------------------------------------------------------

  /** {@code maxAge}; {@code session} makes a browser-session cookie. */
  public static final Option<Duration> MAX_AGE = Option.string("maxAge", LIFETIME, Duration.ofHours(24),
      v -> v.equalsIgnoreCase("session") ? null : OptionValues.duration(v),
      SessionConfig.Builder::maxAge, SessionConfig::maxAge,
      "cookie lifetime and session expiry window; session = browser-session cookie");
  /** {@code rolling}. */
  public static final Option<Boolean> ROLLING = Option.string("rolling", LIFETIME, false,
      OptionValues::bool, SessionConfig.Builder::rolling, SessionConfig::rolling,
      "re-send the cookie on every response of an existing session");
  /** {@code renew}: re-issue the cookie when less than half its max age is left. */
  public static final Option<Boolean> RENEW = Option.string("renew", LIFETIME, false,
      OptionValues::bool, SessionConfig.Builder::renew, c -> c.renewBelow() > 0,
      "re-issue the cookie when less than half its max age is left");
  /** {@code idleTimeout}. */
  public static final Option<Duration> IDLE_TIMEOUT = Option.string("idleTimeout", LIFETIME, null,
      OptionValues::duration, SessionConfig.Builder::idleTimeout, SessionConfig::idleTimeout,
      "server-side: the session expires after this long without a request");
  /** {@code absoluteTimeout}. */
  public static final Option<Duration> ABSOLUTE_TIMEOUT = Option.string("absoluteTimeout", LIFETIME, null,
      v -> v.equalsIgnoreCase("none") ? null : OptionValues.duration(v),
      SessionConfig.Builder::absoluteTimeout, SessionConfig::absoluteTimeout,
      "the session expires this long after creation, whatever happens; none = no limit")
      .documentedDefault("none in store mode, 168 h in cookie mode");
  /** {@code defaultLifetime}. */
  public static final Option<Duration> DEFAULT_LIFETIME = Option.string("defaultLifetime", LIFETIME,
      Duration.ofHours(24), OptionValues::duration, SessionConfig.Builder::defaultLifetime,
      SessionConfig::defaultLifetime, "expiry window for sessions with neither max age nor idle timeout");
  /** {@code touchAfter}. */
  public static final Option<Double> TOUCH_AFTER = Option.string("touchAfter", LIFETIME, 0.1,
      Double::parseDouble, SessionConfig.Builder::touchAfter, SessionConfig::touchAfter,
      "lazy touch: extend an unchanged session only after this fraction (0..1) of its window");

  // ---- persistence ----------------------------------------------------------------------------

  /** {@code mode}. */
  public static final Option<SessionMode> MODE = Option.string("mode", PERSISTENCE, SessionMode.STORE,
      v -> OptionValues.enumValue(SessionMode.class, v), SessionConfig.Builder::mode, SessionConfig::mode,
      "store: id in the cookie, data in the store; cookie: the whole session in the cookie");
  /** {@code store}. */
  public static final Option<Void> STORE = Option.codeOnly("store", PERSISTENCE, "memory store",
      "the SessionStore of store mode; without one the engine keeps sessions in its own memory store");
  /** {@code resave}. */
  public static final Option<Boolean> RESAVE = Option.string("resave", PERSISTENCE, false,
      OptionValues::bool, SessionConfig.Builder::resave, SessionConfig::resave,
      "store mode: write the session on every request even when unchanged");
  /** {@code saveUninitialized}. */
  public static final Option<Boolean> SAVE_UNINITIALIZED = Option.string("saveUninitialized", PERSISTENCE,
      false, OptionValues::bool, SessionConfig.Builder::saveUninitialized, SessionConfig::saveUninitialized,
      "persist new sessions that hold no data");
  /** {@code unset}. */
  public static final Option<Unset> UNSET = Option.string("unset", PERSISTENCE, Unset.DESTROY,
      v -> OptionValues.enumValue(Unset.class, v), SessionConfig.Builder::unset, SessionConfig::unset,
      "what Session.unset() does: destroy or keep");
  /** {@code autoCommit}. */
  public static final Option<Boolean> AUTO_COMMIT = Option.string("autoCommit", PERSISTENCE, true,
      OptionValues::bool, SessionConfig.Builder::autoCommit, SessionConfig::autoCommit,
      "commit at the end of every request; off: only Session.save() writes");
  /** {@code storeFailurePolicy}. */
  public static final Option<StoreFailurePolicy> STORE_FAILURE_POLICY = Option.string("storeFailurePolicy",
      PERSISTENCE, StoreFailurePolicy.FAIL, v -> OptionValues.enumValue(StoreFailurePolicy.class, v),
      SessionConfig.Builder::storeFailurePolicy, SessionConfig::storeFailurePolicy,
      "store outage: fail (503) or continue with a fresh session");
  /** {@code storeTimeout}. */
  public static final Option<Duration> STORE_TIMEOUT = Option.string("storeTimeout", PERSISTENCE,
      Duration.ofSeconds(5), OptionValues::duration, SessionConfig.Builder::storeTimeout,
      SessionConfig::storeTimeout, "a hard bound on the time one request spends on store calls (load, save and all others together); a call past it counts as failed");
  /** {@code storeBreaker}. */
  public static final Option<Boolean> STORE_BREAKER = Option.string("storeBreaker", PERSISTENCE, true,
      OptionValues::bool, SessionConfig.Builder::storeBreaker, SessionConfig::storeBreaker,
      "a circuit breaker in front of the store: while it is open, store calls fail at once (storeFailurePolicy answers)");
  /** {@code storeBreakerFailureRate}. */
  public static final Option<Integer> STORE_BREAKER_FAILURE_RATE = Option.string("storeBreakerFailureRate",
      PERSISTENCE, 50, Integer::parseInt, SessionConfig.Builder::storeBreakerFailureRate,
      SessionConfig::storeBreakerFailureRate, "the breaker opens when this percentage of store calls in its window failed");
  /** {@code storeBreakerMinimumCalls}. */
  public static final Option<Integer> STORE_BREAKER_MINIMUM_CALLS = Option.string("storeBreakerMinimumCalls",
      PERSISTENCE, 5, Integer::parseInt, SessionConfig.Builder::storeBreakerMinimumCalls,
      SessionConfig::storeBreakerMinimumCalls, "store calls in the window before the failure rate counts; this many failures in a row open the breaker whatever the rate");
  /** {@code storeBreakerWindow}. */
  public static final Option<Duration> STORE_BREAKER_WINDOW = Option.string("storeBreakerWindow", PERSISTENCE,
      Duration.ofSeconds(10), OptionValues::duration, SessionConfig.Builder::storeBreakerWindow,
      SessionConfig::storeBreakerWindow, "the sliding window of store calls the failure rate is taken over");
  /** {@code storeBreakerOpenFor}. */
  public static final Option<Duration> STORE_BREAKER_OPEN_FOR = Option.string("storeBreakerOpenFor", PERSISTENCE,
      Duration.ofMillis(500), OptionValues::duration, SessionConfig.Builder::storeBreakerOpenFor,
      SessionConfig::storeBreakerOpenFor, "how long an open breaker fails calls at once before it lets probes through");
  /** {@code storeBreakerProbes}. */
  public static final Option<Integer> STORE_BREAKER_PROBES = Option.string("storeBreakerProbes", PERSISTENCE, 2,
      Integer::parseInt, SessionConfig.Builder::storeBreakerProbes, SessionConfig::storeBreakerProbes,
      "store calls a half-open breaker lets through; it closes when their failure rate is under storeBreakerFailureRate, else opens again");
  /** {@code principalAttribute}. */
  public static final Option<String> PRINCIPAL_ATTRIBUTE = Option.string("principalAttribute", PERSISTENCE,
      null, v -> v, SessionConfig.Builder::principalAttribute, SessionConfig::principalAttribute,
      "index sessions by this attribute's value (find or end a user's sessions)");
  /** {@code clientHints}. */
  public static final Option<Boolean> CLIENT_HINTS = Option.string("clientHints", PERSISTENCE, false,
      OptionValues::bool, SessionConfig.Builder::clientHints, SessionConfig::clientHints,
      "store mode: record the User-Agent and client address of the request that created the session, for administration");

  // ---- transport ------------------------------------------------------------------------------

  /** {@code trustProxy} (its string form; in code also a predicate on the peer address). */
  public static final Option<Boolean> TRUST_PROXY = Option.string("trustProxy", TRANSPORT, false,
      OptionValues::bool, (b, trust) -> b.trustProxy(trust.booleanValue()), c -> c.trustProxy().test("192.0.2.1"),
      "believe X-Forwarded-Proto (its first value) from any peer; in code, a predicate on the peer");
  /** {@code idHeader}. */
  public static final Option<String> ID_HEADER = Option.string("idHeader", TRANSPORT, null,
      v -> v, SessionConfig.Builder::idHeader, SessionConfig::idHeader,
      "store mode: also read the id from, and write it to, this header (APIs)");
  /** {@code idCookie}. */
  public static final Option<Boolean> ID_COOKIE = Option.string("idCookie", TRANSPORT, true,
      OptionValues::bool, SessionConfig.Builder::idCookie, SessionConfig::idCookie,
      "store mode: whether the id travels in a cookie; false needs idHeader");
  /** {@code idGenerator}: makes new session ids. */
  public static final Option<Void> ID_GENERATOR = Option.codeOnly("idGenerator", TRANSPORT,
      "256-bit SecureRandom", "makes new session ids (validated: 16-256 URL-safe characters)");

  /** {@code compat}: a Node package's cookie format instead of ours; {@code none} = off. */
  public static final Option<NodeCompat> COMPAT = Option.string("compat", TRANSPORT, null,
      NodeCompat::parse, SessionConfig.Builder::compat, SessionConfig::compat,
      "speak a Node package's formats (express-session, cookie-session, koa-session) to share live sessions with a Node app during a migration; none = off");
  /** {@code compatSecrets}: the Node app's secrets, first signs. */
  public static final Option<List<String>> COMPAT_SECRETS = Option.secret("compatSecrets", TRANSPORT, List.of(),
      OptionValues::compatSecrets, (b, secrets) -> b.compatSecrets(secrets.toArray(String[]::new)),
      SessionConfig::compatSecretCount,
      "with compat: the Node app's secret(s) as it takes them, first signs; one secret as is, several as a JSON array of strings");
  /** {@code migrateFrom}: import a Node package's sessions into ours; {@code none} = off. */
  public static final Option<NodeCompat> MIGRATE_FROM = Option.string("migrateFrom", TRANSPORT, null,
      NodeCompat::parse, SessionConfig.Builder::migrateFrom, SessionConfig::migrateFrom,
      "leave a Node package's formats (express-session, cookie-session, koa-session) without a logout: also read its sessions and move each into a new sessions4j session; none = off");
  /** {@code migrateSecrets}: the Node app's secrets, any verifies. */
  public static final Option<List<String>> MIGRATE_SECRETS = Option.secret("migrateSecrets", TRANSPORT, List.of(),
      OptionValues::compatSecrets, (b, secrets) -> b.migrateSecrets(secrets.toArray(String[]::new)),
      SessionConfig::migrateSecretCount,
      "with migrateFrom: the Node app's secret(s) as it takes them, any verifies; one secret as is, several as a JSON array of strings");
  /** {@code migrateCookieName}: the legacy Node cookie's name. */
  public static final Option<String> MIGRATE_COOKIE_NAME = Option.string("migrateCookieName", TRANSPORT, null,
      v -> v, SessionConfig.Builder::migrateCookieName, SessionConfig::migrateCookieName,
      "with migrateFrom: the Node app's cookie name; none = the package's (connect.sid, session, koa.sess)");
  /** {@code migrateStore}: the store holding the legacy Node records. */
  public static final Option<Void> MIGRATE_STORE = Option.codeOnly("migrateStore", TRANSPORT, "none",
      "with migrateFrom=express-session: the store holding the Node sessions (ExpressMysqlSessionStore, ConnectRedisStore); read, never written");

  // ---- hooks ----------------------------------------------------------------------------------

  /** {@code validate}: a loaded session the predicate rejects is treated as absent. */
  public static final Option<Void> VALIDATE = Option.codeOnly("validate", HOOKS, "none",
      "a loaded session this predicate rejects is treated as absent");
  /** {@code beforeSave}: a hook run just before a session is written. */
  public static final Option<Void> BEFORE_SAVE = Option.codeOnly("beforeSave", HOOKS, "none",
      "runs just before a session is written");
  /** {@code listener}. */
  public static final Option<Void> LISTENER = Option.codeOnly("listener", HOOKS, "none",
      "told about created, destroyed and expired sessions");
  /** {@code allowType(alias, type)}. */
  public static final Option<Void> ALLOW_TYPE = Option.codeOnly("allowType", HOOKS, "none",
      "lets attributes hold a non-JSON type, stored as JSON under an alias (explicit allow-list)");
  /** {@code jacksonModule(module)}. */
  public static final Option<Void> JACKSON_MODULE = Option.codeOnly("jacksonModule", HOOKS, "none",
      "a framework's Jackson module (e.g. Spring Security's); the classes it maps may be stored, with class ids checked against the allow-list");
  /** {@code allowJacksonType(type)}. */
  public static final Option<Void> ALLOW_JACKSON_TYPE = Option.codeOnly("allowJacksonType", HOOKS, "none",
      "allows exactly this class as a Jackson-typed value and as a class id inside one (e.g. your own principal class)");
  /** {@code clock}. */
  public static final Option<Void> CLOCK = Option.codeOnly("clock", HOOKS, "system clock",
      "the time source (tests)");

  // ---- diagnostics ----------------------------------------------------------------------------

  /** {@code trace}: the per-request decision trace. */
  public static final Option<Boolean> TRACE = Option.string("trace", DIAGNOSTICS, false,
      OptionValues::bool, SessionConfig.Builder::trace, SessionConfig::trace,
      "keep a decision trace per request (what the engine did and why), logged at DEBUG; development");
  /** {@code traceHeader}: the decision trace in a response header. */
  public static final Option<Boolean> TRACE_HEADER = Option.string("traceHeader", DIAGNOSTICS, false,
      OptionValues::bool, SessionConfig.Builder::traceHeader, SessionConfig::traceHeader,
      "also send the decision trace in the Sessions4j-Trace response header (turns trace on); development only");

  /** Every option, grouped in {@link OptionGroup} order. */
  public static final List<Option<?>> ALL = List.of(
      COOKIE_NAME, COOKIE_PATH, COOKIE_DOMAIN, SECURE, HTTP_ONLY, SAME_SITE, PARTITIONED, PRIORITY,
      COOKIE_PROTECTION, KEYS, KEY_CONTEXT, COMPRESS_ABOVE, MAX_COOKIE_SIZE, COOKIE_OVERFLOW,
      MAX_AGE, ROLLING, RENEW, IDLE_TIMEOUT, ABSOLUTE_TIMEOUT, DEFAULT_LIFETIME, TOUCH_AFTER,
      MODE, STORE, RESAVE, SAVE_UNINITIALIZED, UNSET, AUTO_COMMIT, STORE_FAILURE_POLICY, STORE_TIMEOUT,
      STORE_BREAKER, STORE_BREAKER_FAILURE_RATE, STORE_BREAKER_MINIMUM_CALLS, STORE_BREAKER_WINDOW,
      STORE_BREAKER_OPEN_FOR, STORE_BREAKER_PROBES,
      PRINCIPAL_ATTRIBUTE, CLIENT_HINTS,
      TRUST_PROXY, ID_HEADER, ID_COOKIE, ID_GENERATOR, COMPAT, COMPAT_SECRETS,
      MIGRATE_FROM, MIGRATE_SECRETS, MIGRATE_COOKIE_NAME, MIGRATE_STORE,
      VALIDATE, BEFORE_SAVE, LISTENER, ALLOW_TYPE, JACKSON_MODULE, ALLOW_JACKSON_TYPE, CLOCK,
      TRACE, TRACE_HEADER);

  private static final Map<String, Option<?>> BY_NAME = index();

  private SessionOptions() {}

  /** The option named {@code name} (camelCase, exact), or null. */
  public static Option<?> named(String name) {
    return BY_NAME.get(name);
  }

  /** The options that can be given as strings, in table order. */
  public static List<Option<?>> withStringForm() {
    return ALL.stream().filter(Option::hasStringForm).toList();
  }

  private static Map<String, Option<?>> index() {
    Map<String, Option<?>> byName = new LinkedHashMap<>();
    for (Option<?> option : ALL) {
      if (byName.put(option.name(), option) != null) {
        throw new IllegalStateException("option declared twice: " + option.name());
      }
    }
    return Map.copyOf(byName);
  }
}
