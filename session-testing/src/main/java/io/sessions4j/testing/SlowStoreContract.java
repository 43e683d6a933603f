package io.sessions4j.testing;

import static io.sessions4j.testing.ScriptedStore.Op.GET;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every non-blocking adapter owes an application whose store answers later, on the store's own
 * thread (as JDBC and Redis stores do): requests succeed, the server keeps serving others while a
 * store call is pending, nothing waits for the store on a thread the server needs, a failing store
 * is answered 503 with {@code Retry-After}, and a request that never asks for its session costs no
 * store call. An adapter's test extends this class and supplies only the {@link #start() server}.
 *
 * <p>The server runs its routes on ONE event-loop thread (so a request served while another waits
 * for the store proves the loop was free), keeps sessions in a {@link ScriptedStore} under the
 * cookie {@code sid}, and serves these routes under {@link Server#uri(String)}:
 * <ul>
 *   <li>{@code GET /thread} — once its session is there, answers the name of the thread it runs on;
 *   <li>{@code GET /set?name=value…} — puts each query parameter into the session (a string);
 *   <li>{@code GET /view} — answers the session's attributes sorted by name, as
 *       {@code new TreeMap<>(attributes).toString()} does: {@code {a=1, n=2}};
 *   <li>{@code GET /change-id} and {@code GET /destroy} — change the session's id, destroy it;
 *   <li>{@code GET /untouched} — never asks for its session and answers {@code untouched}.
 * </ul>
 *
 * <p>A server that runs each request on its own virtual thread instead of an event loop overrides
 * {@link #pendingReads()} and {@link #assertNoServerThreadWaited(String, List)}.
 */
@Timeout(120) // a server that deadlocks on its event loop fails the test instead of hanging the build
public abstract class SlowStoreContract {
  /** A session id no store knows: loading it is a store read that finds nothing. */
  protected static final String UNKNOWN_SESSION = "sid=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  private static final Duration LATER = Duration.ofMillis(20);
  private static final Duration WAIT = Duration.ofSeconds(30);

  /**
   * A running server under test.
   *
   * @param store the store the server keeps its sessions in
   * @param uris where the server serves a contract route (a path and query, {@code /set?a=1})
   * @param stop stops the server (and what it started); run after each test
   */
  public record Server(ScriptedStore store, Function<String, URI> uris, AutoCloseable stop) {
    /** Where the server serves {@code route}. */
    public URI uri(String route) {
      return uris.apply(route);
    }
  }

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(10))
      .build();
  private Server server;
  /** The store of the running server, for a subclass's own tests too. */
  protected ScriptedStore store;

  /**
   * Starts the server under test: one event-loop thread, sessions in a fresh (or reset) {@link
   * ScriptedStore}, serving the contract's routes.
   */
  protected abstract Server start() throws Exception;

  /**
   * How many requests with a session the contract holds waiting for the store at once (besides one
   * with an unknown id) before asking the server for another: one would block a single event loop
   * if it waited on it; a server with a virtual thread per request needs more waiting requests than
   * it has carrier threads.
   */
  protected int pendingReads() {
    return 1;
  }

  /**
   * Checks that no request made a thread the server needs wait for the store, given what
   * {@code /thread} answered for a request that needed no store call ({@code free}) and for
   * requests whose session came from the store ({@code loaded}). On one event loop: every route ran
   * on the loop's thread (resumed there, not on the thread that completed the store call), no store
   * answer was delivered on it, and no thread blocked on a store future.
   */
  protected void assertNoServerThreadWaited(String free, List<String> loaded) {
    assertThat(loaded)
        .as("the routes resumed on the event loop, not on the thread that completed the store call")
        .isNotEmpty().containsOnly(free);
    assertThat(store.answerThreads()).as("threads that delivered store answers").isNotEmpty().doesNotContain(free);
    assertThat(store.blockingWaits()).as("threads that blocked waiting for the store").isEmpty();
  }

  @BeforeEach
  void startServer() throws Exception {
    server = start();
    store = server.store();
  }

  @AfterEach
  @Timeout(60)
  void stopServer() throws Exception {
    store.release(); // a failed test may leave calls held
    server.stop().close();
  }

  @Test
  void theServerServesOtherRequestsWhileStoreReadsArePending() throws Exception {
    store.delay(LATER);
    String sid = sessionCookie(get("/set?a=1"));
    store.hold();
    CompletableFuture<HttpResponse<String>> unknown = sendAsync("/thread", UNKNOWN_SESSION);
    assertThat(store.awaitHeld()).as("the request with an unknown id reached the store").isEqualTo(GET);
    List<CompletableFuture<HttpResponse<String>>> views = new ArrayList<>();
    for (int i = 0; i < pendingReads(); i++) {
      views.add(sendAsync("/view", sid));
      assertThat(store.awaitHeld()).as("the request with a session reached the store").isEqualTo(GET);
    }

    HttpResponse<String> served = get("/thread");

    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(unknown).as("the request with an unknown id still waits for the store").isNotDone();
    assertThat(views).as("the requests with a session still wait for the store").noneMatch(CompletableFuture::isDone);
    store.release(); // the store answers, on its own thread
    HttpResponse<String> released = unknown.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(released.statusCode()).isEqualTo(200);
    for (CompletableFuture<HttpResponse<String>> view : views) {
      HttpResponse<String> loaded = view.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(loaded.statusCode()).isEqualTo(200);
      assertThat(loaded.body()).as("the session the held read loaded").isEqualTo("{a=1}");
    }
    assertNoServerThreadWaited(served.body(), List.of(released.body()));
  }

  @Test
  void requestsSucceedAndNothingWaitsWhenEveryStoreCallCompletesLaterOnAnotherThread() throws Exception {
    String free = get("/thread").body(); // no cookie, nothing to store: no store call
    store.delay(LATER);

    String sid = sessionCookie(get("/set?a=1"));
    assertThat(sid).as("the session cookie of a new session").isNotNull();
    assertThat(get("/set?n=2", sid).statusCode()).isEqualTo(200);
    HttpResponse<String> changed = get("/change-id", sid);
    String newSid = sessionCookie(changed);
    HttpResponse<String> view = get("/view", newSid);
    HttpResponse<String> thread = get("/thread", newSid);
    HttpResponse<String> oldView = get("/view", sid);
    HttpResponse<String> destroyed = get("/destroy", newSid);

    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(newSid).isNotNull().isNotEqualTo(sid);
    assertThat(view.body()).isEqualTo("{a=1, n=2}");
    assertThat(thread.statusCode()).isEqualTo(200);
    assertThat(oldView.body()).as("the id before the change finds nothing").isEqualTo("{}");
    assertThat(destroyed.statusCode()).isEqualTo(200);
    assertThat(destroyed.headers().allValues("Set-Cookie")).as("the cookie is cleared")
        .anyMatch(SlowStoreContract::clearsTheSessionCookie);
    assertThat(get("/view", newSid).body()).isEqualTo("{}");
    assertNoServerThreadWaited(free, List.of(thread.body()));
  }

  @Test
  void aStoreThatFailsOnLoadIsAnswered503WithRetryAfter() throws Exception {
    String sid = sessionCookie(get("/set?a=1"));
    store.fail(GET);

    HttpResponse<String> failedAtOnce = get("/view", sid);
    store.delay(LATER);
    HttpResponse<String> failedLater = get("/view", sid);

    for (HttpResponse<String> failed : List.of(failedAtOnce, failedLater)) {
      assertThat(failed.statusCode()).isEqualTo(503);
      assertThat(failed.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(failed.body()).as("nothing of the session is answered").doesNotContain("a=1")
          .startsWith("Service Unavailable");
      assertThat(sessionCookie(failed)).isNull();
    }
  }

  @Test
  void aRequestThatNeverAsksForItsSessionCostsNoStoreCall() throws Exception {
    String sid = sessionCookie(get("/set?a=1"));
    store.delay(LATER);
    store.fail(); // a store call would fail the request
    int before = store.calls();

    HttpResponse<String> withSession = get("/untouched", sid);
    HttpResponse<String> withUnknownId = get("/untouched", UNKNOWN_SESSION);

    for (HttpResponse<String> untouched : List.of(withSession, withUnknownId)) {
      assertThat(untouched.statusCode()).isEqualTo(200);
      assertThat(untouched.body()).isEqualTo("untouched");
      assertThat(untouched.headers().allValues("Set-Cookie")).isEmpty();
    }
    assertThat(store.calls()).as("store calls").isEqualTo(before);
  }

  // ---- client -----------------------------------------------------------------------------------

  /** GETs {@code route}, sending {@code cookie} ({@code sid=…}) when not null. */
  protected final HttpResponse<String> get(String route, String cookie) throws Exception {
    return http.send(request(route, cookie), HttpResponse.BodyHandlers.ofString());
  }

  /** GETs {@code route} without a cookie. */
  protected final HttpResponse<String> get(String route) throws Exception {
    return get(route, null);
  }

  /** POSTs {@code body} as {@code text/plain} to {@code route}, sending {@code cookie} ({@code sid=…}) when not null. */
  protected final HttpResponse<String> post(String route, String cookie, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(route)).timeout(WAIT)
        .header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** GETs {@code route} without waiting for the answer. */
  protected final CompletableFuture<HttpResponse<String>> sendAsync(String route, String cookie) {
    return http.sendAsync(request(route, cookie), HttpResponse.BodyHandlers.ofString());
  }

  /** Where the running server serves {@code route}. */
  protected final URI uri(String route) {
    return server.uri(route);
  }

  private HttpRequest request(String route, String cookie) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(route)).timeout(WAIT);
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return request.build();
  }

  /** {@code sid=VALUE} of the response's session Set-Cookie, or null (also for one that clears it). */
  public static String sessionCookie(HttpResponse<?> response) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(h -> h.startsWith("sid=") && !clearsTheSessionCookie(h))
        .map(h -> h.substring(0, h.indexOf(';') < 0 ? h.length() : h.indexOf(';')))
        .reduce((first, last) -> last)
        .orElse(null);
  }

  /** Whether {@code setCookie} (a Set-Cookie value) clears the session cookie: an empty value or {@code Max-Age=0}. */
  private static boolean clearsTheSessionCookie(String setCookie) {
    return setCookie.startsWith("sid=")
        && (setCookie.startsWith("sid=;") || setCookie.equals("sid=")
            || setCookie.toLowerCase(Locale.ROOT).contains("max-age=0"));
  }
}
