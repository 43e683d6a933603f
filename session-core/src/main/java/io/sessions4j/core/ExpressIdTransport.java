package io.sessions4j.core;

import io.sessions4j.core.codec.CookieSealer;
import io.sessions4j.core.compat.node.ExpressSessionCookie;
import io.sessions4j.core.event.IdRejection;
import io.sessions4j.core.http.CookieHeader;
import io.sessions4j.core.http.HttpExchange;
import io.sessions4j.core.id.SessionIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * express-session's id cookie ({@code compat=express-session}, {@link ExpressSessionCookie}): the
 * cookie {@code connect.sid} (by default) holding {@code s:<id>.<HMAC-SHA256>}, URL-encoded, signed
 * with the first of {@code compatSecrets} and verified with any; its Set-Cookie written as
 * express-session writes it ({@code Expires}, never {@code Max-Age}). An id verified with an older
 * secret is re-sent signed with the first ({@link PresentedId#resealDue}), which express-session
 * accepts as well. Store mode only: express-session has no cookie-mode sessions.
 */
final class ExpressIdTransport implements IdTransport {
  private final SessionConfig config;
  private final List<String> secrets;
  private final SessionCookieWriter cookies;

  ExpressIdTransport(SessionConfig config) {
    this.config = config;
    this.secrets = config.compatSecrets();
    this.cookies = new SessionCookieWriter(config);
  }

  @Override
  public List<String> presented(HttpExchange exchange) {
    List<String> tokens = new ArrayList<>(1);
    for (String value : CookieHeader.values(exchange.requestHeaders("Cookie"), config.cookieName())) {
      if (tokens.size() >= SealedIdTransport.MAX_CANDIDATES) {
        break;
      }
      tokens.add(value);
    }
    return tokens;
  }

  @Override
  public PresentedId idOf(String token) {
    ExpressSessionCookie.Verified verified = ExpressSessionCookie.unsign(token, secrets);
    if (verified == null) {
      return PresentedId.rejected(rejection(token));
    }
    if (!SessionIds.isWellFormed(verified.id())) {
      return PresentedId.MALFORMED; // authentic, but not an id sessions4j can store (genid made it)
    }
    return PresentedId.accepted(verified.id(), verified.secretIndex() > 0);
  }

  @Override
  public IdRejection rejection(String token) {
    return token.startsWith("s%3A") || token.startsWith("s:") ? IdRejection.BAD_SIGNATURE : IdRejection.MALFORMED;
  }

  @Override
  public void sendId(HttpExchange exchange, String id, Instant now, Instant cookieExpiry) {
    String value = ExpressSessionCookie.cookieValue(id, secrets.get(0));
    String header = header(exchange, value, cookieExpiry);
    if (header != null) {
      cookies.set(exchange, header);
    }
  }

  @Override
  public void clear(HttpExchange exchange) {
    String header = header(exchange, "", Instant.EPOCH);
    if (header != null) {
      cookies.set(exchange, header);
    }
  }

  /** The Set-Cookie in express-session's form, or null when no cookie may go on this request. */
  private String header(HttpExchange exchange, String value, Instant expires) {
    Boolean secure = cookies.secureAttribute(exchange);
    if (secure == null) {
      return null;
    }
    return ExpressSessionCookie.setCookie(config.cookieName(), value, config.cookieDomain(), config.cookiePath(),
        expires, config.httpOnly(), secure, config.partitioned(),
        config.priority() == null ? null : capitalized(config.priority().name()),
        config.sameSite() == null ? null : capitalized(config.sameSite().name()));
  }

  private static String capitalized(String constant) {
    String lower = constant.toLowerCase(Locale.ROOT);
    return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
  }

  // ---- cookie mode: refused by the configuration (compat=express-session needs mode=STORE) ------

  @Override
  public CookieSealer.Opened open(String token) {
    throw new UnsupportedOperationException("express-session has no cookie-mode sessions");
  }

  @Override
  public String seal(byte[] document) {
    throw new UnsupportedOperationException("express-session has no cookie-mode sessions");
  }

  @Override
  public String cookieHeader(HttpExchange exchange, String sealed, Instant now, Instant cookieExpiry) {
    throw new UnsupportedOperationException("express-session has no cookie-mode sessions");
  }

  @Override
  public void send(HttpExchange exchange, String cookieHeader) {
    cookies.set(exchange, cookieHeader);
  }
}
