package io.sessions4j.core;

import io.sessions4j.core.codec.CookieSealer;
import io.sessions4j.core.codec.IdTokens;
import io.sessions4j.core.event.IdRejection;
import io.sessions4j.core.http.CookieHeader;
import io.sessions4j.core.http.HttpExchange;
import io.sessions4j.core.id.SessionIds;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * sessions4j's own transport ({@code WIRE-FORMATS.md}): the id header first, then up to a few
 * session cookies; a store-mode id travels as is (no keys) or as an id token ({@code i1}, signed
 * with the id-token key; {@code s1} id tokens of earlier versions are still read, and re-issued as
 * {@code i1}), a cookie-mode session as its document sealed ({@code s1} signed or {@code e1}
 * encrypted).
 *
 * <p>Two bounded, lock-free caches spare the per-request HMAC of store-mode ids: tokens this
 * transport verified, by their exact text compared in constant time ({@link #sameToken}), and the
 * token of recently sent or verified ids under the current key, so that re-sending a session's
 * cookie signs nothing. The key ring never changes during the engine's life, so a token verified
 * once stays valid for it. A token signed with an older key is not remembered as the id's token:
 * it is reported {@link PresentedId#resealDue}, and the engine re-sends the id under the current key.
 */
final class SealedIdTransport implements IdTransport {
  /** Cookies or headers beyond this many candidates are ignored (duplicated-cookie floods). */
  static final int MAX_CANDIDATES = 3;

  private final String cookieName;
  private final String idHeader;
  private final boolean idCookie;
  /** Cookie mode: seals documents. Store mode: reads the {@code s1} id tokens of earlier versions. Null without keys. */
  private final CookieSealer sealer;
  /** Store mode with keys: signs and reads id tokens. Null otherwise. */
  private final IdTokens idTokens;
  private final SessionCookieWriter cookies;
  /** Id tokens whose MAC this transport verified, and the id each carries. */
  private final DirectMappedCache<String, PresentedId> verifiedIds =
      new DirectMappedCache<>(2048, String::hashCode, SealedIdTransport::sameToken);
  /** The token of ids the engine trusts (verified or generated) under the current key: plain equality. */
  private final DirectMappedCache<String, String> sealedIds =
      new DirectMappedCache<>(2048, String::hashCode, String::equals);

  SealedIdTransport(SessionConfig config, CookieSealer sealer) {
    this.cookieName = config.cookieName();
    this.idHeader = config.idHeader();
    this.idCookie = config.idCookie();
    this.sealer = sealer;
    this.idTokens = config.mode() == SessionMode.STORE && config.keys() != null ? new IdTokens(config.keys()) : null;
    this.cookies = new SessionCookieWriter(config);
  }

  /** The sealer for {@code config}: encrypted for encrypted cookie mode, else signed; null without keys. */
  static CookieSealer sealerFor(SessionConfig config) {
    if (config.keys() == null) {
      return null;
    }
    if (config.mode() == SessionMode.COOKIE && config.cookieProtection() == CookieProtection.ENCRYPTED) {
      return CookieSealer.encrypted(config.keys(), config.compressAbove());
    }
    return CookieSealer.signed(config.keys(), config.compressAbove());
  }

  @Override
  public List<String> presented(HttpExchange exchange) {
    List<String> tokens = new ArrayList<>(2);
    if (idHeader != null) {
      String header = exchange.requestHeader(idHeader);
      if (header != null && !header.isBlank()) {
        tokens.add(header.trim());
      }
    }
    if (idCookie) {
      for (String value : CookieHeader.values(exchange.requestHeaders("Cookie"), cookieName)) {
        if (tokens.size() >= MAX_CANDIDATES) {
          break;
        }
        tokens.add(value);
      }
    }
    return tokens;
  }

  @Override
  public PresentedId idOf(String token) {
    if (sealer == null) {
      return SessionIds.isWellFormed(token) ? PresentedId.accepted(token, false) : PresentedId.MALFORMED;
    }
    PresentedId verified = verifiedIds.get(token);
    if (verified != null) {
      return verified;
    }
    String id;
    boolean current;
    IdTokens.Opened opened = idTokens.open(cookieName, token);
    if (opened != null) {
      id = opened.id();
      current = !opened.sealedWithOlderKey();
    } else {
      // an s1 id token of an earlier version: read, and re-issued as i1 (resealDue)
      CookieSealer.Opened legacy = token.startsWith(IdTokens.VERSION) ? null : sealer.open(cookieName, token);
      if (legacy == null) {
        return PresentedId.rejected(rejection(token));
      }
      id = new String(legacy.payload(), StandardCharsets.UTF_8);
      current = false;
    }
    if (!SessionIds.isWellFormed(id)) {
      return PresentedId.MALFORMED; // authentic, but not an id: a cookie-mode value
    }
    verified = PresentedId.accepted(id, !current);
    verifiedIds.put(token, verified);
    if (current) {
      sealedIds.put(id, token); // what sealing this id now would give: re-sending it signs nothing
    }
    return verified;
  }

  @Override
  public IdRejection rejection(String token) {
    boolean shaped = idTokens != null && IdTokens.isWellFormed(token) || CookieSealer.isWellFormed(token);
    return shaped ? IdRejection.BAD_SIGNATURE : IdRejection.MALFORMED;
  }

  @Override
  public CookieSealer.Opened open(String token) {
    return sealer.open(cookieName, token);
  }

  @Override
  public void sendId(HttpExchange exchange, String id, Instant now, Instant cookieExpiry) {
    String token = sealer == null ? id : sealedId(id);
    if (idHeader != null) {
      exchange.setResponseHeaders(idHeader, List.of(token));
    }
    if (idCookie) {
      String header = cookies.header(exchange, token, now, cookieExpiry);
      if (header != null) {
        cookies.set(exchange, header);
      }
    }
  }

  /** The id token for {@code id} under the current key (signing is deterministic: remembered). */
  private String sealedId(String id) {
    String token = sealedIds.get(id);
    if (token == null) {
      token = idTokens.seal(cookieName, id);
      sealedIds.put(id, token);
      verifiedIds.put(token, PresentedId.accepted(id, false));
    }
    return token;
  }

  @Override
  public String seal(byte[] document) {
    return sealer.seal(cookieName, document);
  }

  @Override
  public String cookieHeader(HttpExchange exchange, String sealed, Instant now, Instant cookieExpiry) {
    return cookies.header(exchange, sealed, now, cookieExpiry);
  }

  @Override
  public void send(HttpExchange exchange, String cookieHeader) {
    cookies.set(exchange, cookieHeader);
  }

  @Override
  public void clear(HttpExchange exchange) {
    cookies.clear(exchange);
  }

  /**
   * Equality of a verified token and a presented one in time that depends only on their lengths,
   * so that a forged token learns nothing from how long the comparison with a cached one took
   * (which {@link String#equals} would tell, character by character).
   */
  static boolean sameToken(String verified, String presented) {
    if (verified.length() != presented.length()) {
      return false;
    }
    int difference = 0;
    for (int i = 0; i < verified.length(); i++) {
      difference |= verified.charAt(i) ^ presented.charAt(i);
    }
    return difference == 0;
  }
}
