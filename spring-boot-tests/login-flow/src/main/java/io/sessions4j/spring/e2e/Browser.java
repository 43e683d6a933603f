package io.sessions4j.spring.e2e;

import java.io.IOException;
import io.sessions4j.conformance.logs.SeenSecrets;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser as far as a form login needs one: a cookie jar this test controls (name → value, one
 * host, every path; a {@code Max-Age=0} or past {@code Expires} deletes), no automatic redirects
 * (each {@link Page} says where it points, and {@link #follow} goes there), and form posts. Every
 * cookie value it receives (and the session id in a store-mode cookie) is recorded in {@link
 * SeenSecrets}, for a scan of the logs. Not thread-safe: one browser per simulated user.
 */
public final class Browser {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Pattern INPUT = Pattern.compile("<input\\b[^>]*>", Pattern.CASE_INSENSITIVE);
  private static final Pattern VALUE = Pattern.compile("\\bvalue=(?:\"([^\"]*)\"|'([^']*)')", Pattern.CASE_INSENSITIVE);

  private final HttpClient http;
  private final URI base;
  private final Map<String, String> cookies = new LinkedHashMap<>();

  /** A browser with an empty cookie jar for the app at {@code base} ({@code http://host:port}). */
  public Browser(URI base) {
    this.base = base;
    this.http = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(TIMEOUT)
        .build();
  }

  /** One answer: status, the {@code Location} of a redirect, the body. */
  public record Page(int status, URI uri, Optional<String> location, String body) {
    /** True for a 3xx with a {@code Location}. */
    public boolean isRedirect() {
      return status / 100 == 3 && location.isPresent();
    }

    /** The path of the redirect target, without query. */
    public String locationPath() {
      return URI.create(location.orElseThrow(() -> new AssertionError("not a redirect: " + this))).getPath();
    }

    /**
     * The value of the hidden CSRF input ({@code name="_csrf"}) of the first form that has one, as
     * Spring Security's login page and Thymeleaf/JSP forms render it.
     */
    public String csrfToken() {
      String input = input("_csrf");
      Matcher value = input == null ? null : VALUE.matcher(input);
      if (value == null || !value.find()) {
        throw new AssertionError("no _csrf input with a value in the page from " + uri + ":\n" + body);
      }
      return unescape(value.group(1) != null ? value.group(1) : value.group(2));
    }

    /** True when the page has an {@code <input>} named {@code name}. */
    public boolean hasInput(String name) {
      return input(name) != null;
    }

    private String input(String name) {
      Matcher inputs = INPUT.matcher(body);
      while (inputs.find()) {
        String input = inputs.group();
        if (input.contains("name=\"" + name + "\"") || input.contains("name='" + name + "'")) {
          return input;
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return status + " " + uri + location.map(l -> " -> " + l).orElse("") + "\n" + body;
    }
  }

  /** GET {@code path} (relative to the app, or absolute as in a {@code Location}). */
  public Page get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  /** GET the target of a redirect. */
  public Page follow(Page redirect) throws IOException, InterruptedException {
    if (!redirect.isRedirect()) {
      throw new AssertionError("expected a redirect, got " + redirect);
    }
    return get(redirect.location().get());
  }

  /** POST {@code form} as {@code application/x-www-form-urlencoded}. */
  public Page post(String path, Map<String, String> form) throws IOException, InterruptedException {
    String body = form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return send(HttpRequest.newBuilder(base.resolve(path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** The jar's value of cookie {@code name}, or null. */
  public String cookie(String name) {
    return cookies.get(name);
  }

  /** Puts a cookie into the jar (as if the server had set it), or removes it when {@code value} is null. */
  public Browser withCookie(String name, String value) {
    if (value == null) {
      cookies.remove(name);
    } else {
      cookies.put(name, value);
    }
    return this;
  }

  /** The names of the cookies in the jar. */
  public List<String> cookieNames() {
    return List.copyOf(cookies.keySet());
  }

  private Page send(HttpRequest.Builder request) throws IOException, InterruptedException {
    request.timeout(TIMEOUT);
    if (!cookies.isEmpty()) {
      request.header("Cookie", cookies.entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining("; ")));
    }
    HttpRequest sent = request.build();
    HttpResponse<String> response = http.send(sent, HttpResponse.BodyHandlers.ofString());
    for (String header : response.headers().allValues("Set-Cookie")) {
      for (HttpCookie cookie : HttpCookie.parse(header)) {
        if (cookie.hasExpired()) {
          cookies.remove(cookie.getName());
        } else {
          cookies.put(cookie.getName(), cookie.getValue());
          recordSecret(cookie.getValue());
        }
      }
    }
    return new Page(response.statusCode(), sent.uri(), response.headers().firstValue("Location"), response.body());
  }

  /**
   * Records a cookie value (a session cookie, a remember-me cookie: credentials) for the log scan;
   * for a store-mode id token ({@code i1.<kid>.<id>.<mac>}) the log scan records the id in it too.
   */
  private static void recordSecret(String value) {
    SeenSecrets.record(value);
  }

  private static String unescape(String html) {
    return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
        .replace("&amp;", "&");
  }
}
