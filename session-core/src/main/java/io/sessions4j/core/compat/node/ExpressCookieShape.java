package io.sessions4j.core.compat.node;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The {@code cookie} object written into a stored express-session document for a session that
 * sessions4j creates (a session Node created keeps its own object; only its {@code expires} moves).
 * Give the Node app's {@code cookie} options here so that its express-session re-sends the cookie
 * with the same attributes. Fields that are null are left out, as {@code JSON.stringify} leaves out
 * express-session's undefined ones.
 *
 * @param path {@code cookie.path} (express-session's default {@code /})
 * @param httpOnly {@code cookie.httpOnly} (default true)
 * @param secure {@code cookie.secure}, or null when the Node app does not set it
 * @param domain {@code cookie.domain}, or null
 * @param sameSite {@code cookie.sameSite} as the Node app gives it ({@code "lax"}, {@code "strict"}, …), or null
 */
public record ExpressCookieShape(String path, boolean httpOnly, Boolean secure, String domain, String sameSite) {

  /** express-session's defaults: {@code {"path":"/","httpOnly":true}}. */
  public static ExpressCookieShape defaults() {
    return new ExpressCookieShape("/", true, null, null, null);
  }

  /**
   * The cookie object in express-session's key order ({@code Cookie.prototype.data}):
   * originalMaxAge, expires, secure, httpOnly, domain, path, sameSite.
   *
   * @param originalMaxAge milliseconds, or null for a browser-session cookie
   * @param expires null for a browser-session cookie
   */
  public ObjectNode cookieObject(Long originalMaxAge, Instant expires) {
    ObjectNode cookie = JsonNodeFactory.instance.objectNode();
    if (originalMaxAge == null) {
      cookie.putNull("originalMaxAge");
    } else {
      cookie.put("originalMaxAge", originalMaxAge);
    }
    if (expires == null) {
      cookie.putNull("expires");
    } else {
      cookie.put("expires", ExpressSessionJson.isoString(expires));
    }
    if (secure != null) {
      cookie.put("secure", secure);
    }
    cookie.put("httpOnly", httpOnly);
    if (domain != null) {
      cookie.put("domain", domain);
    }
    if (path != null) {
      cookie.put("path", path);
    }
    if (sameSite != null) {
      cookie.put("sameSite", sameSite);
    }
    return cookie;
  }
}
