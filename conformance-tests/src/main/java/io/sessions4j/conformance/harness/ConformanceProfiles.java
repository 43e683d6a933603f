package io.sessions4j.conformance.harness;

import io.sessions4j.core.CookieOverflow;
import io.sessions4j.core.CookieProtection;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionMode;
import io.sessions4j.core.StoreFailurePolicy;
import io.sessions4j.core.Unset;
import io.sessions4j.core.compat.node.NodeCompat;
import io.sessions4j.core.http.CookiePriority;
import io.sessions4j.core.http.SameSite;
import io.sessions4j.core.store.SessionStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The profile table of CONFORMANCE.md as {@link SessionConfig}s: every harness mounts the session
 * middleware once per profile under {@code /p/{profile}}, with the cookie {@code sid} on {@code
 * Path=/p/{profile}} and the fixed test keys, so a black-box client can check signing and rotation.
 * The {@code node-*} profiles speak a Node package's formats instead ({@code compat}): its cookie
 * name, and its secret ({@link #NODE_SECRET}) or keys ({@link #NODE_KEYS}).
 *
 * <p>Profiles marked as extensions are this kit's additions to the protocol's table (they add
 * behaviour to observe; none changes the meaning of a protocol profile).
 */
public final class ConformanceProfiles {

  /** The first (signing / encrypting) test key, UTF-8. */
  public static final String NEW_KEY = "conformance-key-new-0123456789abcdef";
  /** The older test key, accepted only where a profile lists it. */
  public static final String OLD_KEY = "conformance-key-old-0123456789abcdef";
  /** Every profile's cookie name. */
  public static final String COOKIE_NAME = "sid";

  /** Which store a store-mode profile runs on. */
  public enum Backend {
    /** A fresh {@code MemoryStore} per profile. */
    MEMORY,
    /** The JDBC store named by {@code SESSIONS4J_JDBC_URL}, made by a {@link StoreFactory} of kind "jdbc". */
    JDBC,
    /** The Redis store named by {@code SESSIONS4J_REDIS_URI}, made by a {@link StoreFactory} of kind "redis". */
    REDIS,
    /** connect-redis's layout on {@code SESSIONS4J_REDIS_URI}, made by a {@link StoreFactory} of kind "connect-redis". */
    NODE_REDIS,
    /** express-mysql-session's table on {@code SESSIONS4J_JDBC_URL}, made by a {@link StoreFactory} of kind "express-mysql-session". */
    NODE_MYSQL,
    /** koa-redis's layout (koa-session's external store) on {@code SESSIONS4J_REDIS_URI}, made by a {@link StoreFactory} of kind "koa-redis". */
    NODE_KOA_REDIS;

    /** The {@link StoreFactory#kind()} that makes this backend's store; null for {@link #MEMORY}. */
    public String factoryKind() {
      return switch (this) {
        case MEMORY -> null;
        case JDBC -> "jdbc";
        case REDIS -> "redis";
        case NODE_REDIS -> "connect-redis";
        case NODE_MYSQL -> "express-mysql-session";
        case NODE_KOA_REDIS -> "koa-redis";
      };
    }

    /** True for the backends on {@code SESSIONS4J_JDBC_URL}, false for those on {@code SESSIONS4J_REDIS_URI}. */
    public boolean onJdbcUrl() {
      return this == JDBC || this == NODE_MYSQL;
    }
  }

  /** The Node profiles' express-session secret. */
  public static final String NODE_SECRET = "keyboard cat";
  /** The Node cookie profiles' keygrip keys, first signs. */
  public static final List<String> NODE_KEYS = List.of("a", "b");

  private record Profile(SessionMode mode, Backend backend, boolean extension, String storeOf,
      UnaryOperator<SessionConfig.Builder> options, NodeCompat compat) {
    Profile(SessionMode mode, Backend backend, boolean extension, String storeOf, UnaryOperator<SessionConfig.Builder> options) {
      this(mode, backend, extension, storeOf, options, null);
    }
  }

  private static final Map<String, Profile> PROFILES = new LinkedHashMap<>();

  static {
    store("store", false, b -> b);
    store("store-rolling", false, b -> b.rolling(true));
    store("store-resave", false, b -> b.resave(true));
    store("store-uninit", false, b -> b.saveUninitialized(true));
    store("store-short", false, b -> b.maxAge(Duration.ofSeconds(2)));
    store("store-idle", false, b -> b.idleTimeout(Duration.ofSeconds(2)).absoluteTimeout(Duration.ofSeconds(5)));
    store("store-keep", false, b -> b.unset(Unset.KEEP));
    store("store-proxy", false, b -> b.secure(SessionConfig.Secure.AUTO).trustProxy(true));
    store("store-manual", false, b -> b.autoCommit(false));
    PROFILES.put("store-jdbc", new Profile(SessionMode.STORE, Backend.JDBC, false, null, b -> b));
    PROFILES.put("store-redis", new Profile(SessionMode.STORE, Backend.REDIS, false, null, b -> b));
    cookie("cookie", false, b -> b.cookieProtection(CookieProtection.ENCRYPTED));
    cookie("cookie-signed", false, b -> b.cookieProtection(CookieProtection.SIGNED));
    cookie("cookie-old", false, b -> b.cookieProtection(CookieProtection.SIGNED).keys(OLD_KEY));
    cookie("cookie-rotated", false, b -> b.cookieProtection(CookieProtection.SIGNED).keys(NEW_KEY, OLD_KEY));
    cookie("cookie-browser", false, b -> b.maxAge(null));
    cookie("cookie-renew", false, b -> b.maxAge(Duration.ofSeconds(4)).renew(true));
    // the Node bridge (compat modes): a Node app configured the same way shares sessions with these
    PROFILES.put("node-express-redis", new Profile(SessionMode.STORE, Backend.NODE_REDIS, false, null, b -> b,
        NodeCompat.EXPRESS_SESSION));
    PROFILES.put("node-express-mysql", new Profile(SessionMode.STORE, Backend.NODE_MYSQL, false, null, b -> b,
        NodeCompat.EXPRESS_SESSION));
    PROFILES.put("node-cookie-session", new Profile(SessionMode.COOKIE, null, false, null, b -> b,
        NodeCompat.COOKIE_SESSION));
    PROFILES.put("node-koa-session", new Profile(SessionMode.COOKIE, null, false, null, b -> b,
        NodeCompat.KOA_SESSION));
    PROFILES.put("node-koa-redis", new Profile(SessionMode.STORE, Backend.NODE_KOA_REDIS, false, null, b -> b,
        NodeCompat.KOA_SESSION));

    // Extensions: profiles this kit adds to observe behaviours the protocol's table cannot show.
    store("store-browser", true, b -> b.maxAge(null));
    store("store-secure", true, b -> b.secure(SessionConfig.Secure.ALWAYS));
    store("store-attrs", true, b -> b.secure(SessionConfig.Secure.AUTO).trustProxy(true)
        .sameSite(SameSite.NONE).partitioned(true).priority(CookiePriority.HIGH));
    store("store-continue", true, b -> b.storeFailurePolicy(StoreFailurePolicy.CONTINUE));
    cookie("cookie-small", true, b -> b.maxCookieSize(SessionConfig.BROWSER_COOKIE_LIMIT)
        .cookieOverflow(CookieOverflow.FAIL));
    cookie("cookie-idle", true, b -> b.idleTimeout(Duration.ofSeconds(2)).absoluteTimeout(Duration.ofSeconds(5)));
    cookie("cookie-encrypted-rotated", true, b -> b.cookieProtection(CookieProtection.ENCRYPTED).keys(NEW_KEY, OLD_KEY));
    // key rotation in store mode: both share the 'store' profile's store, so an id issued on
    // store-old and re-signed on store-rotated can be presented to 'store' (new key only)
    PROFILES.put("store-old", new Profile(SessionMode.STORE, Backend.MEMORY, true, "store", b -> b.keys(OLD_KEY)));
    PROFILES.put("store-rotated", new Profile(SessionMode.STORE, Backend.MEMORY, true, "store",
        b -> b.keys(NEW_KEY, OLD_KEY)));
  }

  private ConformanceProfiles() {}

  private static void store(String name, boolean extension, UnaryOperator<SessionConfig.Builder> options) {
    PROFILES.put(name, new Profile(SessionMode.STORE, Backend.MEMORY, extension, null, options));
  }

  /**
   * A cookie-mode profile. The protocol's cookie profiles have no absolute lifetime (H2.6b sets a
   * per-session max age of 58 days and expects it on the cookie), while sessions4j's cookie mode
   * defaults to one of 7 days: the profiles say "none" explicitly, and set their own where they need one.
   */
  private static void cookie(String name, boolean extension, UnaryOperator<SessionConfig.Builder> options) {
    PROFILES.put(name, new Profile(SessionMode.COOKIE, null, extension, null, b -> options.apply(b.absoluteTimeout(null))));
  }

  /** Every profile name, the protocol's first, then the extensions. */
  public static List<String> names() {
    return List.copyOf(PROFILES.keySet());
  }

  /** True when {@code name} is a profile of this table. */
  public static boolean exists(String name) {
    return PROFILES.containsKey(name);
  }

  /** True for the profiles this kit adds to the protocol's table. */
  public static boolean isExtension(String name) {
    return profile(name).extension();
  }

  /** The names of the extension profiles. */
  public static Set<String> extensions() {
    Set<String> names = new java.util.LinkedHashSet<>();
    PROFILES.forEach((name, p) -> {
      if (p.extension()) {
        names.add(name);
      }
    });
    return names;
  }

  /** The Node package whose formats the profile speaks ({@code node-*} profiles), else null. */
  public static NodeCompat compat(String name) {
    return profile(name).compat();
  }

  /** The profile's session cookie name: {@link #COOKIE_NAME}, or the Node package's for {@code node-*} profiles. */
  public static String cookieName(String name) {
    NodeCompat compat = profile(name).compat();
    return compat == null ? COOKIE_NAME : compat.defaultCookieName();
  }

  /** The profile's session mode. */
  public static SessionMode mode(String name) {
    return profile(name).mode();
  }

  /**
   * The earlier profile whose store this store-mode profile shares (so one client can carry a
   * session from one to the other), or null when it has a store of its own.
   */
  public static String sharesStoreOf(String name) {
    return profile(name).storeOf();
  }

  /** The store a store-mode profile runs on; null for cookie-mode profiles. */
  public static Backend backend(String name) {
    return profile(name).backend();
  }

  /**
   * The profile's builder with every option set but the store: cookie name {@code sid}, path
   * {@code /p/{name}}, the profile's keys and options. Harnesses that need a store-mode config
   * call {@link #config(String, SessionStore)} instead.
   */
  public static SessionConfig.Builder builder(String name) {
    Profile p = profile(name);
    if (p.compat() != null) {
      // the Node package's cookie and secrets: connect.sid / session / koa.sess, no sessions4j keys
      return p.options().apply(SessionConfig.builder()
          .mode(p.mode())
          .compat(p.compat())
          .compatSecrets(p.compat() == NodeCompat.EXPRESS_SESSION ? new String[] {NODE_SECRET}
              : NODE_KEYS.toArray(String[]::new))
          .cookiePath("/p/" + name));
    }
    SessionConfig.Builder b = SessionConfig.builder()
        .mode(p.mode())
        .cookieName(COOKIE_NAME)
        .cookiePath("/p/" + name)
        .keys(NEW_KEY);
    return p.options().apply(b);
  }

  /** The profile's configuration; {@code store} is used in store mode and must be null in cookie mode. */
  public static SessionConfig config(String name, SessionStore store) {
    SessionConfig.Builder b = builder(name);
    if (store != null) {
      b.store(store);
    }
    return b.build();
  }

  private static Profile profile(String name) {
    Profile p = PROFILES.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no conformance profile '" + name + "'; profiles: " + PROFILES.keySet());
    }
    return p;
  }
}
