package io.sessions4j.core;

import io.sessions4j.core.codec.CookieSealer;
import io.sessions4j.core.compat.node.NodeCompat;
import io.sessions4j.core.event.IdRejection;
import io.sessions4j.core.http.HttpExchange;
import java.time.Instant;
import java.util.List;

/**
 * How a session travels between client and server: which tokens a request presents (cookie values
 * or an id header), what an authentic token carries (a store-mode id, or a cookie-mode sealed
 * document), and how the response carries it back or clears it. The engine decides <em>whether</em>
 * to send or clear; a transport decides <em>how</em>. Another cookie format (the Node packages',
 * for migrations) is another implementation; {@link SealedIdTransport} is sessions4j's own.
 *
 * <p>Reading never throws on client input and does no I/O: a token that is not authentic or not
 * well formed simply carries nothing.
 */
interface IdTransport {

  /**
   * The transport {@code config} speaks: sessions4j's own, or with {@code compat} the Node
   * package's (express-session's id cookie; cookie-session's and koa-session's signed cookie pair,
   * carrying the session or, for koa-session in store mode, its external key).
   */
  static IdTransport of(SessionConfig config) {
    if (config.compat() == null) {
      return new SealedIdTransport(config, SealedIdTransport.sealerFor(config));
    }
    return config.compat() == NodeCompat.EXPRESS_SESSION ? new ExpressIdTransport(config) : new NodeCookieTransport(config);
  }

  /** The session tokens the request presents, in the order to try them: at most a few, unverified. */
  List<String> presented(HttpExchange exchange);

  /** Store mode: the id an authentic, well-formed token carries, or why it carries none. */
  PresentedId idOf(String token);

  /**
   * Cookie mode: the document an authentic sealed token carries, or null; {@link #rejection} then
   * says why.
   */
  CookieSealer.Opened open(String token);

  /** Why {@code token}, which did not open, carries nothing: malformed or not authentic. */
  IdRejection rejection(String token);

  /**
   * What a store-mode token carries: an id, and whether the client should be sent a fresh token for
   * it (sealed with an older key or in an older format) — or, when {@link #id} is null, why not.
   */
  record PresentedId(String id, boolean resealDue, IdRejection rejection) {
    static final PresentedId MALFORMED = new PresentedId(null, false, IdRejection.MALFORMED);
    static final PresentedId BAD_SIGNATURE = new PresentedId(null, false, IdRejection.BAD_SIGNATURE);

    static PresentedId accepted(String id, boolean resealDue) {
      return new PresentedId(id, resealDue, null);
    }

    static PresentedId rejected(IdRejection why) {
      return why == IdRejection.BAD_SIGNATURE ? BAD_SIGNATURE : MALFORMED;
    }

    boolean isAccepted() {
      return id != null;
    }
  }

  /**
   * Store mode: sends session {@code id} on the response (cookie and/or id header).
   *
   * @param cookieExpiry when the cookie expires; null for a browser-session cookie
   */
  void sendId(HttpExchange exchange, String id, Instant now, Instant cookieExpiry);

  /** Cookie mode: {@code document} sealed for the session cookie (under the newest key). */
  String seal(byte[] document);

  /**
   * Cookie mode: the Set-Cookie value carrying {@code sealed}, or null when no session cookie may be
   * sent on this request; the engine checks its size before {@link #send}ing it.
   */
  String cookieHeader(HttpExchange exchange, String sealed, Instant now, Instant cookieExpiry);

  /** Sends a header made by {@link #cookieHeader}, replacing an earlier session cookie of this response. */
  void send(HttpExchange exchange, String cookieHeader);

  /** Tells the client to drop its session cookie. */
  void clear(HttpExchange exchange);
}
