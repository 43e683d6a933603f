package io.sessions4j.webflux;

import java.net.URI;
import java.time.Duration;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/** An {@link HttpHandler} on Reactor Netty at 127.0.0.1, any free port, on its own event loops. */
final class TestServer implements AutoCloseable {
  private final LoopResources loops;
  private final DisposableServer server;

  private TestServer(LoopResources loops, DisposableServer server) {
    this.loops = loops;
    this.server = server;
  }

  /** Serves {@code handler} on {@code eventLoops} event-loop threads. */
  static TestServer start(HttpHandler handler, int eventLoops) {
    LoopResources loops = LoopResources.create("test-http", 1, eventLoops, true);
    DisposableServer server = HttpServer.create()
        .host("127.0.0.1")
        .port(0)
        .runOn(loops)
        .handle(new ReactorHttpHandlerAdapter(handler))
        .bindNow(Duration.ofSeconds(30));
    return new TestServer(loops, server);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  @Override
  public void close() {
    server.disposeNow(Duration.ofSeconds(10));
    loops.disposeLater().block(Duration.ofSeconds(10));
  }
}
