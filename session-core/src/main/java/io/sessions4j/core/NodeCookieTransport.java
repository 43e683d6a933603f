package io.sessions4j.core;

import io.sessions4j.core.codec.CookieSealer;
import io.sessions4j.core.compat.node.Keygrip;
import io.sessions4j.core.compat.node.NodeCompat;
import io.sessions4j.core.compat.node.NodeCookiePayload;
import io.sessions4j.core.event.IdRejection;
import io.sessions4j.core.http.CookieHeader;
import io.sessions4j.core.http.HttpExchange;
import io.sessions4j.core.http.SetCookie;
import io.sessions4j.core.id.SessionIds;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * cookie-session's and koa-session's cookies ({@code compat=cookie-session|koa-session}): the whole
 * session as base64 JSON in cookie {@code name} ({@link NodeCookiePayload}) and its keygrip
 * signature in {@code name.sig} ({@link Keygrip}: HMAC-SHA1 of {@code "name=value"}), the first of
 * {@code compatSecrets} signing and any verifying; both Set-Cookie headers written as the {@code
 * cookies} package writes them (lower-case attributes, {@code expires}, no {@code max-age}). A
 * value verified with an older key is re-sent signed with the first. In store mode (koa-session's
 * external-store mode) the cookie's value is the session id, signed the same way.
 *
 * <p>A presented token is the value and its signature joined by a newline (neither holds one); a
 * cookie header made here is the two Set-Cookie headers joined the same way.
 */
final class NodeCookieTransport implements IdTransport {
  private static final DateTimeFormatter UTC_STRING =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final SessionConfig config;
  private final String name;
  private final String sigName;
  private final boolean koa;
  private final List<String> keys;
  private final SessionCookieWriter cookies;

  NodeCookieTransport(SessionConfig config) {
    this.config = config;
    this.name = config.cookieName();
    this.sigName = name + ".sig";
    this.koa = config.compat() == NodeCompat.KOA_SESSION;
    this.keys = config.compatSecrets();
    this.cookies = new SessionCookieWriter(config);
  }

  @Override
  public List<String> presented(HttpExchange exchange) {
    List<String> headers = exchange.requestHeaders("Cookie");
    List<String> sigs = CookieHeader.values(headers, sigName);
    String sig = sigs.isEmpty() ? "" : sigs.get(0);
    List<String> tokens = new ArrayList<>(1);
    for (String value : CookieHeader.values(headers, name)) {
      if (tokens.size() >= SealedIdTransport.MAX_CANDIDATES) {
        break;
      }
      if (!value.isEmpty()) {
        tokens.add(value + "\n" + sig);
      }
    }
    return tokens;
  }

  @Override
  public CookieSealer.Opened open(String token) {
    int nl = token.indexOf('\n');
    String value = token.substring(0, nl);
    String sig = token.substring(nl + 1);
    if (sig.isEmpty()) {
      return null;
    }
    int index = Keygrip.index(name + "=" + value, sig, keys);
    if (index < 0) {
      return null;
    }
    long window = config.maxAge() != null ? config.maxAge().toMillis()
        : config.idleTimeout() != null ? config.idleTimeout().toMillis() : config.defaultLifetime().toMillis();
    byte[] document = NodeCookiePayload.open(value, koa, config.clock().millis(), window);
    return document == null ? null : new CookieSealer.Opened(document, index > 0);
  }

  @Override
  public IdRejection rejection(String token) {
    return token.endsWith("\n") ? IdRejection.MALFORMED : IdRejection.BAD_SIGNATURE;
  }

  @Override
  public String seal(byte[] document) {
    return NodeCookiePayload.seal(document, koa, config.maxAge() == null ? 0 : config.maxAge().toMillis());
  }

  @Override
  public String cookieHeader(HttpExchange exchange, String sealed, Instant now, Instant cookieExpiry) {
    Boolean secure = cookies.secureAttribute(exchange);
    if (secure == null) {
      return null;
    }
    return header(name, sealed, cookieExpiry, secure) + "\n"
        + header(sigName, Keygrip.sign(name + "=" + sealed, keys.get(0)), cookieExpiry, secure);
  }

  @Override
  public void send(HttpExchange exchange, String cookieHeader) {
    if (exchange.isResponseCommitted()) {
      return;
    }
    List<String> kept = new ArrayList<>();
    for (String h : exchange.responseHeaders("Set-Cookie")) {
      String n = SetCookie.nameOf(h);
      if (!name.equals(n) && !sigName.equals(n)) {
        kept.add(h);
      }
    }
    kept.addAll(List.of(cookieHeader.split("\n")));
    exchange.setResponseHeaders("Set-Cookie", kept);
  }

  @Override
  public void clear(HttpExchange exchange) {
    String header = cookieHeader(exchange, "", null, Instant.EPOCH);
    if (header != null) {
      send(exchange, header);
    }
  }

  /** One Set-Cookie as the {@code cookies} package writes it ({@code Cookie.prototype.toHeader}). */
  private String header(String cookieName, String value, Instant expires, boolean secure) {
    StringBuilder s = new StringBuilder(cookieName).append('=').append(value);
    s.append("; path=").append(config.cookiePath());
    if (expires != null) {
      s.append("; expires=").append(UTC_STRING.format(expires));
    }
    if (config.cookieDomain() != null) {
      s.append("; domain=").append(config.cookieDomain());
    }
    if (config.priority() != null) {
      s.append("; priority=").append(config.priority().name().toLowerCase(Locale.ROOT));
    }
    if (config.sameSite() != null) {
      s.append("; samesite=").append(config.sameSite().name().toLowerCase(Locale.ROOT));
    }
    if (secure) {
      s.append("; secure");
    }
    if (config.httpOnly()) {
      s.append("; httponly");
    }
    if (config.partitioned()) {
      s.append("; partitioned");
    }
    return s.toString();
  }

  // ---- store mode: koa-session's external key (compat=koa-session, mode=store) ----------------

  /** The external key the cookie carries, when its {@code .sig} verifies under one of the keys. */
  @Override
  public PresentedId idOf(String token) {
    int nl = token.indexOf('\n');
    String value = token.substring(0, nl);
    String sig = token.substring(nl + 1);
    if (sig.isEmpty()) {
      return PresentedId.rejected(IdRejection.MALFORMED);
    }
    int index = Keygrip.index(name + "=" + value, sig, keys);
    if (index < 0) {
      return PresentedId.rejected(IdRejection.BAD_SIGNATURE);
    }
    if (!SessionIds.isWellFormed(value)) {
      return PresentedId.MALFORMED; // authentic, but not an id sessions4j can store (a genid or prefix made it)
    }
    return PresentedId.accepted(value, index > 0);
  }

  /** {@code koa.sess=<external key>} and its {@code .sig}, as koa-session sets them after a save. */
  @Override
  public void sendId(HttpExchange exchange, String id, Instant now, Instant cookieExpiry) {
    String header = cookieHeader(exchange, id, now, cookieExpiry);
    if (header != null) {
      send(exchange, header);
    }
  }
}
