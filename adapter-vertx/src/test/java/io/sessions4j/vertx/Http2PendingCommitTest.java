package io.sessions4j.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.store.StoreAdministration;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.testing.ScriptedStore;
import io.sessions4j.testing.ScriptedStore.Op;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What happens to a session commit that is still running when the response head is written, on
 * HTTP/1.1 and on HTTP/2 (cleartext h2c here; TLS with ALPN runs the same Vert.x code).
 *
 * <p>HTTP/1.1: the head is held on the connection by the response gate until the commit is done,
 * so it carries the cookie. HTTP/2: Vert.x hands the head to Netty's HTTP/2 encoder inside {@code
 * end()}, which HPACK-encodes it into the connection's shared header table right away, on the
 * event loop; no public or internal hook runs between the headers-end handlers and that encoding,
 * and bytes held after it can no longer gain a header (nor be reordered: the table is shared by all
 * streams of the connection). So the head goes out without the cookie while the store write is
 * still pending; the write itself completes. The fix the adapter documents is an explicit commit:
 * {@code session.save()}, response written when it completes — the head then goes out after the
 * write, with the cookie, whatever the protocol.
 */
class Http2PendingCommitTest {
  private final ScriptedStore store = ScriptedStore.requiredOperationsOnly(MemoryStore.builder().build());
  private final SessionManager manager = SessionManager.create(SessionConfig.builder().store(store).build());
  private final HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
  private final HttpClient h1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private Vertx vertx;
  private URI base;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.route().handler(new SessionRouteFilter(manager));
    router.get("/free").handler(ctx -> ctx.response().end("free"));
    router.get("/set").handler(ctx -> Sessions.load(ctx).onSuccess(session -> {
      session.put("k", "v");
      ctx.response().end("set");
    }).onFailure(ctx::fail));
    router.get("/save-then-set").handler(ctx -> Sessions.load(ctx).onSuccess(session -> {
      session.put("k", "v");
      Future.fromCompletionStage(session.save(), ctx.vertx().getOrCreateContext())
          .onSuccess(v -> ctx.response().end("saved"))
          .onFailure(ctx::fail);
    }).onFailure(ctx::fail));
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(true))
        .requestHandler(router).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    base = URI.create("http://127.0.0.1:" + server.actualPort());
    // the h2c upgrade happens on the first request; every later request is an HTTP/2 stream
    assertThat(send(h2, "/free").version()).isEqualTo(HttpClient.Version.HTTP_2);
  }

  @AfterEach
  void stop() throws Exception {
    store.release();
    vertx.close().toCompletionStage().toCompletableFuture().get();
    manager.close();
    store.close();
  }

  @Test
  void http1HeadWaitsForThePendingCommitAndCarriesTheCookie() throws Exception {
    store.hold(Op.SAVE);
    CompletableFuture<HttpResponse<String>> answer = sendAsync(h1, "/set");
    assertThat(store.awaitHeld()).isEqualTo(Op.SAVE);
    assertThat(answer).as("held on the wire while the save is pending").isNotDone();

    store.release();
    HttpResponse<String> response = answer.get();
    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(sessionCookies(response)).hasSize(1);
  }

  @Test
  void http2HeadGoesOutWithoutTheCookieWhileTheCommitIsPending() throws Exception {
    store.hold(Op.SAVE);
    CompletableFuture<HttpResponse<String>> answer = sendAsync(h2, "/set");
    assertThat(store.awaitHeld()).isEqualTo(Op.SAVE);

    HttpResponse<String> response = answer.get(); // answered while the save is still held
    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(response.body()).isEqualTo("set");
    assertThat(sessionCookies(response)).as("the head was encoded before the commit finished").isEmpty();

    store.release();
    assertThat(storedSessionsReach(1L)).as("the write itself completes: a session the client has no cookie for").isTrue();
  }

  @Test
  void http2ExplicitSaveBeforeWritingSendsTheCookieEvenWithASlowStore() throws Exception {
    store.hold(Op.SAVE);
    CompletableFuture<HttpResponse<String>> answer = sendAsync(h2, "/save-then-set");
    assertThat(store.awaitHeld()).isEqualTo(Op.SAVE);
    assertThat(answer).as("nothing written before the save completes").isNotDone();

    store.release();
    HttpResponse<String> response = answer.get();
    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(response.body()).isEqualTo("saved");
    assertThat(sessionCookies(response)).hasSize(1);
  }

  /** Polls the store (the released write completes on the store's thread) until it holds {@code n} sessions, at most 10 s. */
  private boolean storedSessionsReach(long n) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (StoreAdministration.of(store.delegate()).length().toCompletableFuture().get() == n) {
        return true;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    return false;
  }

  private HttpResponse<String> send(HttpClient client, String path) throws Exception {
    return sendAsync(client, path).get();
  }

  private CompletableFuture<HttpResponse<String>> sendAsync(HttpClient client, String path) {
    return client.sendAsync(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static java.util.List<String> sessionCookies(HttpResponse<?> response) {
    return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("sid=")).toList();
  }
}
