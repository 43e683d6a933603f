package io.sessions4j.core;

import io.sessions4j.core.http.HttpExchange;
import io.sessions4j.core.http.SameSite;
import io.sessions4j.core.http.SetCookie;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Writes the session cookie's Set-Cookie headers: its attributes from the configuration (validated
 * once into two templates, without and with Secure), whether this request may carry it at all
 * (Secure from the connection or, behind a trusted proxy, {@code X-Forwarded-Proto}), and replacing
 * an earlier session cookie in the same response. Cookie formats (what the value is) belong to the
 * {@link IdTransport}; this part is only the header.
 */
final class SessionCookieWriter {
  private static final System.Logger LOG = System.getLogger("io.sessions4j.core.SessionManager");
  private static final String SET_COOKIE = "Set-Cookie";

  private final String cookieName;
  private final SessionConfig.Secure secure;
  /** A Secure-only cookie (secure=ALWAYS, SameSite=None, Partitioned) is never sent over plain HTTP. */
  private final boolean needsSecure;
  private final Predicate<String> trustProxy;
  /** Whether the untrusted-proxy warning was given (once per engine). */
  private volatile boolean warnedUntrustedHttps;
  /** The session cookie without and with Secure, value empty: each response's cookie copies one. */
  private final SetCookie.Builder plainCookie;
  private final SetCookie.Builder secureCookie;

  SessionCookieWriter(SessionConfig config) {
    this.cookieName = config.cookieName();
    this.secure = config.secure();
    this.needsSecure = config.secure() == SessionConfig.Secure.ALWAYS || config.sameSite() == SameSite.NONE
        || config.partitioned();
    this.trustProxy = config.trustProxy();
    this.plainCookie = template(config, false);
    this.secureCookie = template(config, true);
  }

  /** The session cookie's attributes from the configuration, validated once; a template per request. */
  private static SetCookie.Builder template(SessionConfig config, boolean secure) {
    return SetCookie.builder(config.cookieName(), "")
        .path(config.cookiePath())
        .domain(config.cookieDomain())
        .secure(secure)
        .httpOnly(config.httpOnly())
        .sameSite(config.sameSite())
        .partitioned(config.partitioned())
        .priority(config.priority());
  }

  /**
   * The Set-Cookie value for the session cookie holding {@code value}, or null when no session
   * cookie may be sent on this request.
   *
   * @param cookieExpiry when the cookie expires; null for a browser-session cookie
   */
  String header(HttpExchange exchange, String value, Instant now, Instant cookieExpiry) {
    Boolean secureAttribute = secureAttribute(exchange);
    if (secureAttribute == null) {
      return null;
    }
    SetCookie.Builder cookie = (secureAttribute ? secureCookie : plainCookie).withValue(value);
    cookie.expires(now, cookieExpiry == null ? null : Duration.between(now, cookieExpiry));
    return cookie.format();
  }

  /** Sends an expired session cookie, so that the client drops the one it holds. */
  void clear(HttpExchange exchange) {
    Boolean secureAttribute = secureAttribute(exchange);
    if (secureAttribute == null) {
      return;
    }
    set(exchange, (secureAttribute ? secureCookie : plainCookie).withValue("").expired().format());
  }

  /** Adds the session cookie, replacing any earlier Set-Cookie of the same name in this response. */
  void set(HttpExchange exchange, String header) {
    if (exchange.isResponseCommitted()) {
      LOG.log(Level.WARNING, "response already committed: the session cookie could not be sent; "
          + "the adapter must commit the session before the response is committed");
      return;
    }
    List<String> existing = exchange.responseHeaders(SET_COOKIE);
    boolean replaces = false;
    for (String h : existing) {
      if (cookieName.equals(SetCookie.nameOf(h))) {
        replaces = true;
        break;
      }
    }
    if (!replaces) {
      exchange.addResponseHeader(SET_COOKIE, header);
      return;
    }
    List<String> kept = new ArrayList<>(existing.size());
    for (String h : existing) {
      if (!cookieName.equals(SetCookie.nameOf(h))) {
        kept.add(h);
      }
    }
    kept.add(header);
    exchange.setResponseHeaders(SET_COOKIE, kept);
  }

  /**
   * Whether the cookie carries Secure, or null when no cookie may be sent: a Secure-only cookie
   * (secure=ALWAYS, SameSite=None, Partitioned) on a plain-HTTP request would be dropped by the
   * browser, so none is sent and the application carries on.
   */
  Boolean secureAttribute(HttpExchange exchange) {
    boolean https = isHttps(exchange);
    if (needsSecure && !https) {
      return null;
    }
    return switch (secure) {
      case ALWAYS -> true;
      case NEVER -> false;
      case AUTO -> https;
    };
  }

  /** The connection's scheme, or the first value of X-Forwarded-Proto from a trusted proxy. */
  private boolean isHttps(HttpExchange exchange) {
    if (exchange.isSecure()) {
      return true;
    }
    if (!trustProxy.test(exchange.remoteAddress())) {
      if (!warnedUntrustedHttps && forwardedHttps(exchange)) {
        warnUntrustedHttps();
      }
      return false;
    }
    return forwardedHttps(exchange);
  }

  /** Whether the first value of X-Forwarded-Proto says https. */
  private static boolean forwardedHttps(HttpExchange exchange) {
    String proto = exchange.requestHeader("X-Forwarded-Proto");
    if (proto == null) {
      return false;
    }
    int comma = proto.indexOf(',');
    String first = (comma >= 0 ? proto.substring(0, comma) : proto).trim();
    return first.equalsIgnoreCase("https");
  }

  /**
   * Once per engine: a TLS-terminating proxy this server does not trust says the client used HTTPS,
   * so the session cookie goes out without Secure (secure=auto), or not at all (a Secure-only cookie).
   */
  private void warnUntrustedHttps() {
    synchronized (this) {
      if (warnedUntrustedHttps) {
        return;
      }
      warnedUntrustedHttps = true;
    }
    LOG.log(Level.WARNING, "a request arrived with X-Forwarded-Proto: https from a proxy that is not "
        + "trusted (trustProxy=false), so this server treats it as plain HTTP: the session cookie is "
        + (needsSecure ? "not sent at all (it is Secure-only)" : "sent without Secure")
        + ". If that proxy is yours, set trustProxy=true (or a predicate naming its address); "
        + "in production also set secure=always. Told once.");
  }
}
