package io.sessions4j.micronaut;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.sessions4j.core.Session;
import io.sessions4j.testing.ScriptedStore;
import io.sessions4j.testing.SlowStoreContract;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;

/** The slow-store contract on Micronaut's Netty server with a single event-loop thread. */
class SlowStoreTest extends SlowStoreContract {

  @Override
  protected Server start() {
    TestClient app = TestClient.start("SlowStoreTest", Map.of(
        "spec.routes", "slow-store",
        "spec.store", "shaped",
        "micronaut.netty.event-loops.default.num-threads", 1));
    return new Server(app.context.getBean(ScriptedStore.class),
        route -> URI.create("http://127.0.0.1:" + app.server.getPort() + "/slow" + route), app);
  }

  /** The contract's routes, under {@code /slow}. */
  @Requires(property = "spec.routes", value = "slow-store")
  @Controller("/slow")
  @Produces(MediaType.TEXT_PLAIN)
  static class Routes {
    @Get("/thread")
    String thread(Session session) {
      return Thread.currentThread().getName();
    }

    @Get("/set")
    String set(Session session, HttpRequest<?> request) {
      request.getParameters().asMap(String.class, String.class).forEach(session::put);
      return "ok";
    }

    @Get("/view")
    String view(Session session) {
      return new TreeMap<>(session.attributes()).toString();
    }

    @Get("/change-id")
    String changeId(Session session) {
      session.changeId();
      return "ok";
    }

    @Get("/destroy")
    String destroy(Session session) {
      session.destroy();
      return "ok";
    }

    /** No Session argument: lazy loading reads nothing. */
    @Get("/untouched")
    String untouched(HttpRequest<?> request) {
      return "untouched";
    }
  }
}
