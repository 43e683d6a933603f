package io.sessions4j.conformance.kit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessions4j.conformance.client.KitClient;
import io.sessions4j.conformance.client.RawHttp;
import io.sessions4j.conformance.client.Reply;
import io.sessions4j.conformance.client.SessionJson;
import io.sessions4j.conformance.client.SetCookieHeader;
import io.sessions4j.conformance.harness.ConformanceProfiles;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What a check's body works with: requests to a profile's routes (with an explicit {@code sid}
 * cookie or none), readers that fail the check with the exchange as evidence when a reply is not
 * what the protocol promises, the extension control routes, and plain expectations.
 *
 * <p>A reply with status 501 makes the check not applicable (the profile is unsupported); so does
 * a 404 from an extension profile or route the harness does not implement.
 */
public final class CheckContext {

  /** Every profile's cookie name. */
  public static final String SID = ConformanceProfiles.COOKIE_NAME;
  /** Slack when comparing Expires with the expected time: clocks tick in whole seconds. */
  public static final Duration EXPIRY_SLACK = Duration.ofSeconds(2);

  private static final Set<String> PROTOCOL_ROUTES = Set.of("view", "set", "incr", "remove", "regenerate",
      "change-id", "destroy", "touch", "save", "reload", "max-age", "big", "throw", "stream", "redirect");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KitClient client;
  private Reply last;

  CheckContext(KitClient client) {
    this.client = client;
  }

  // ---------------------------------------------------------------- requests

  /** GET {@code /p/{profile}/{route}} without a cookie. */
  public Reply get(String profile, String route) {
    return get(profile, route, null);
  }

  /** GET {@code /p/{profile}/{route}} sending {@code Cookie: sid=<sid>} (none when {@code sid} is null). */
  public Reply get(String profile, String route, String sid) {
    return request(profile, route, sid == null ? Map.of() : Map.of("Cookie", SID + "=" + sid));
  }

  /** GET {@code /p/{profile}/{route}} with exactly these request headers. */
  public Reply request(String profile, String route, Map<String, String> headers) {
    return record(profile, route, client.get(path(profile, route), headers));
  }

  /**
   * GET {@code /p/{profile}/{route}} over a raw socket ({@link RawHttp}) with {@code cookieHeader}
   * sent byte for byte as the one {@code Cookie} header. A connection closed without an answer is a
   * reply with status 0 whose body says why; no complete answer within {@link RawHttp#READ_TIMEOUT}
   * fails the check (a hang). Unlike {@link #request}, a 404 or 501 is returned as it is.
   */
  public Reply raw(String profile, String route, byte[] cookieHeader) {
    String path = path(profile, route);
    Map<String, String> shown = cookieHeader == null ? Map.of() : Map.of("Cookie", RawHttp.printable(cookieHeader, 60));
    try {
      RawHttp.Answer a = RawHttp.get(java.net.URI.create(client.base()), path, cookieHeader);
      last = KitClient.seen(new Reply(path, shown, a.status(), a.headers(),
          a.closedWithoutAnswer() ? "(closed: " + a.closedBecause() + ")" : a.body()));
      return last;
    } catch (RawHttp.HangException e) {
      throw fail("the server did not answer: " + e.getMessage() + " — GET " + path + " [Cookie: "
          + RawHttp.printable(cookieHeader, 60) + "]", null);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("GET " + path + " failed: " + e, e);
    }
  }

  /** {@link #get(String, String, String)} without waiting, for concurrent requests; {@link #arrived} records it. */
  public CompletableFuture<Reply> getAsync(String profile, String route, String sid) {
    Map<String, String> headers = sid == null ? Map.of() : Map.of("Cookie", SID + "=" + sid);
    return client.getAsync(path(profile, route), headers);
  }

  /** Records a reply obtained with {@link #getAsync}, applying the 501 / missing-extension rules. */
  public Reply arrived(String profile, String route, Reply reply) {
    return record(profile, route, reply);
  }

  private Reply record(String profile, String route, Reply reply) {
    last = reply;
    if (reply.status() == 501) {
      throw new NotApplicableException("profile " + profile + " is not supported by this harness (501: "
          + Reply.shorten(reply.body(), 200) + ")");
    }
    if (reply.status() == 404 && isExtension(profile, route)) {
      throw new NotApplicableException("the harness lacks the kit's extension "
          + (ConformanceProfiles.exists(profile) && ConformanceProfiles.isExtension(profile) ? "profile " + profile : "route " + routeName(route))
          + " (404)");
    }
    return reply;
  }

  private static boolean isExtension(String profile, String route) {
    return !ConformanceProfiles.exists(profile) || ConformanceProfiles.isExtension(profile)
        || !PROTOCOL_ROUTES.contains(routeName(route));
  }

  private static String routeName(String route) {
    int q = route.indexOf('?');
    return q < 0 ? route : route.substring(0, q);
  }

  private static String path(String profile, String route) {
    return "/p/" + profile + "/" + route;
  }

  /**
   * A route with URL-encoded (UTF-8) query parameters: {@code route("set", "k", "a;b")} is
   * {@code set?k=a%3Bb}.
   */
  public static String route(String name, String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values come in pairs");
    }
    StringBuilder b = new StringBuilder(name);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      b.append(i == 0 ? '?' : '&').append(encode(namesAndValues[i])).append('=').append(encode(namesAndValues[i + 1]));
    }
    return b.toString();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  // ---------------------------------------------------------------- reading replies

  /** The session JSON of a reply that must be 200 with the protocol's JSON; else the check fails. */
  public SessionJson ok(Reply r) {
    if (r.status() != 200) {
      throw fail("expected 200, got " + r.status(), r);
    }
    String type = r.header("content-type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw fail("expected Content-Type application/json, got " + type, r);
    }
    try {
      return SessionJson.parse(r.body());
    } catch (IllegalArgumentException e) {
      throw fail("not the protocol's session JSON: " + e.getMessage(), r);
    }
  }

  /** The only Set-Cookie for {@code sid}, which must set a value (not delete it); else the check fails. */
  public SetCookieHeader issued(Reply r) {
    List<SetCookieHeader> cookies = r.setCookies(SID);
    if (cookies.size() != 1) {
      throw fail("expected exactly one Set-Cookie for " + SID + ", got " + cookies.size(), r);
    }
    SetCookieHeader c = cookies.get(0);
    if (c.value().isEmpty() || deletes(c, r)) {
      throw fail("expected a Set-Cookie that sets " + SID + ", got one that clears it: " + c.raw(), r);
    }
    return c;
  }

  /** The value of the only Set-Cookie for {@code sid} (see {@link #issued}). */
  public String issuedCookie(Reply r) {
    return issued(r).value();
  }

  /** The value of the Set-Cookie for {@code sid} when there is one that sets it, else {@code current}. */
  public String cookieAfter(Reply r, String current) {
    List<SetCookieHeader> cookies = r.setCookies(SID);
    if (cookies.isEmpty()) {
      return current;
    }
    SetCookieHeader c = issuedOrCleared(r);
    return deletes(c, r) ? null : c.value();
  }

  /** The only Set-Cookie for {@code sid}, setting or clearing it; else the check fails. */
  public SetCookieHeader issuedOrCleared(Reply r) {
    List<SetCookieHeader> cookies = r.setCookies(SID);
    if (cookies.size() != 1) {
      throw fail("expected exactly one Set-Cookie for " + SID + ", got " + cookies.size(), r);
    }
    return cookies.get(0);
  }

  /** Fails the check when the reply carries any Set-Cookie for {@code sid}. */
  public void noSessionCookie(Reply r, String why) {
    if (!r.setCookies(SID).isEmpty()) {
      throw fail("expected no Set-Cookie for " + SID + " (" + why + ")", r);
    }
  }

  /** True when the header deletes the cookie (Max-Age<=0, or Expires not after the reply's time). */
  public boolean deletes(SetCookieHeader c, Reply r) {
    try {
      return c.deletes(now(r));
    } catch (IllegalArgumentException e) {
      throw fail("malformed Set-Cookie: " + e.getMessage(), r);
    }
  }

  /** The server's time for a reply: its Date header, else the kit's clock. */
  public Instant now(Reply r) {
    Instant date = r.date();
    return date != null ? date : Instant.now();
  }

  /**
   * Fails unless the cookie expires {@code maxAge} after the reply was made: Expires within {@link
   * #EXPIRY_SLACK}, and Max-Age (optional) within it too.
   */
  public void expectExpiresAfter(SetCookieHeader c, Reply r, Duration maxAge) {
    Instant expected = now(r).plus(maxAge);
    Instant expires;
    Long maxAgeSeconds;
    try {
      expires = c.expires();
      maxAgeSeconds = c.maxAge();
    } catch (IllegalArgumentException e) {
      throw fail("malformed Set-Cookie: " + e.getMessage(), r);
    }
    if (expires == null) {
      throw fail("expected Expires ≈ " + expected + " (now + " + maxAge + "), got no Expires: " + c.raw(), r);
    }
    if (Duration.between(expected, expires).abs().compareTo(EXPIRY_SLACK) > 0) {
      throw fail("expected Expires ≈ " + expected + " (now + " + maxAge + "), got " + expires + ": " + c.raw(), r);
    }
    if (maxAgeSeconds != null && Math.abs(maxAgeSeconds - maxAge.toSeconds()) > EXPIRY_SLACK.toSeconds()) {
      throw fail("expected Max-Age ≈ " + maxAge.toSeconds() + ", got " + maxAgeSeconds + ": " + c.raw(), r);
    }
  }

  // ---------------------------------------------------------------- server-side observation

  /** Store call counts of one session id, and whether its record exists ({@code _stats?id=}). */
  public record Stats(long get, long writes, long touch, long destroy, Boolean exists, Long size) {}

  /** Counts for one session id on a store profile. */
  public Stats stats(String profile, String id) {
    Objects.requireNonNull(id, "a store-mode session has an id; got null");
    return statsAt(profile, route("_stats", "id", id));
  }

  /** Counts for the whole profile, and its store's size. */
  public Stats stats(String profile) {
    return statsAt(profile, "_stats");
  }

  private Stats statsAt(String profile, String route) {
    Reply r = get(profile, route);
    JsonNode n = control(r);
    return new Stats(n.path("get").asLong(), n.path("writes").asLong(), n.path("touch").asLong(),
        n.path("destroy").asLong(), n.hasNonNull("exists") ? n.get("exists").asBoolean() : null,
        n.hasNonNull("size") ? n.get("size").asLong() : null);
  }

  /** Makes the profile's store fail its next {@code count} calls of {@code op} (get, save, touch, destroy). */
  public void failNext(String profile, String op, int count) {
    control(get(profile, route("_fail", "op", op, "count", String.valueOf(count))));
  }

  /** Clears the profile's store counters and pending failures. */
  public void reset(String profile) {
    control(get(profile, "_reset"));
  }

  /** Deletes a record behind the session's back, as an expiry or eviction would. */
  public void evict(String profile, String id) {
    control(get(profile, route("_evict", "id", id)));
  }

  /** Polls until a {@code reload?await=NAME} request is waiting in the harness (at most 10 s). */
  public void awaitArrival(String profile, String latch) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!control(get(profile, route("_arrived", "name", latch))).path("arrived").asBoolean()) {
      if (System.nanoTime() > deadline) {
        throw fail("the reload?await=" + latch + " request never reached the harness within 10 s", last);
      }
      Thread.sleep(10);
    }
  }

  /**
   * How many exceptions the profile's routes got from the session so far ({@code _exceptions}), or
   * null when the harness does not serve that extension route.
   */
  public Long exceptions(String profile) {
    Reply r = client.get(path(profile, "_exceptions"), Map.of());
    last = r;
    if (r.status() == 404) {
      return null;
    }
    return control(r).path("exceptions").asLong();
  }

  /** Lets the {@code reload?await=NAME} request go on. */
  public void release(String profile, String latch) {
    control(get(profile, route("_release", "name", latch)));
  }

  private JsonNode control(Reply r) {
    if (r.status() != 200) {
      throw fail("control route answered " + r.status(), r);
    }
    try {
      return JSON.readTree(r.body());
    } catch (Exception e) {
      throw fail("control route answered non-JSON", r);
    }
  }

  // ---------------------------------------------------------------- expectations

  /** Fails the check with {@code message} (and the last exchange as evidence) unless {@code condition}. */
  public void expect(boolean condition, String message) {
    if (!condition) {
      throw fail(message, last);
    }
  }

  /** Fails unless {@code actual} equals {@code expected}; {@code what} names the value. */
  public void expectEquals(Object expected, Object actual, String what) {
    if (!Objects.equals(expected, actual)) {
      throw fail(what + ": expected " + show(expected) + ", got " + show(actual), last);
    }
  }

  /** Fails unless the session's attributes are exactly {@code expected}. */
  public void expectAttributes(SessionJson s, Map<String, ?> expected, String when) {
    if (!new LinkedHashMap<>(s.attributes()).equals(new LinkedHashMap<>(expected))) {
      throw fail(when + ": expected attributes " + show(expected) + ", got " + show(s.attributes()), last);
    }
  }

  /** Fails unless the session is a fresh one: new, without attributes. */
  public void expectFresh(SessionJson s, String when) {
    if (!s.isNew() || !s.attributes().isEmpty()) {
      throw fail(when + ": expected a fresh session (new, no attributes), got new=" + s.isNew()
          + " attributes=" + show(s.attributes()), last);
    }
  }

  /** A failure with the given exchange (or none) as evidence. */
  public CheckFailedException fail(String message, Reply evidence) {
    return new CheckFailedException(evidence == null ? message : message + " — " + evidence.describe());
  }

  /** A failure with the last exchange as evidence. */
  public CheckFailedException fail(String message) {
    return fail(message, last);
  }

  /**
   * Waits until {@code offset} after {@code startNanos} (a {@link System#nanoTime()} reading), at
   * once when that is past: for time to pass (an expiry), never for a condition that can be polled.
   *
   * <p>The server handled a request somewhere between sending it and reading its reply, so a
   * check that needs the server to see <em>more</em> than some time passed counts from the reading
   * taken after the reply, and one that needs it to see <em>less</em> counts from the reading taken
   * before the request.
   */
  public void sleepUntil(long startNanos, Duration offset) throws InterruptedException {
    long left = offset.toNanos() - (System.nanoTime() - startNanos);
    if (left > 0) {
      Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
    }
  }

  /**
   * Gives up on this attempt, without a verdict, when {@code elapsed} (an upper bound of what the
   * server saw) reached {@code window}: a session found expired then may rightly be expired. The
   * runner runs the check again, and fails it only if no attempt can judge.
   */
  public void inconclusiveIfElapsed(long elapsedNanos, Duration window, String what) {
    if (elapsedNanos >= window.toNanos()) {
      throw new InconclusiveException(what + " took " + elapsedNanos / 1_000_000 + " ms, not less than "
          + window.toMillis() + " ms: the server may rightly have expired the session");
    }
  }

  private static String show(Object value) {
    if (value instanceof String s) {
      return "\"" + Reply.shorten(s, 120) + "\"";
    }
    return value == null ? "null" : Reply.shorten(String.valueOf(value), 300);
  }
}
