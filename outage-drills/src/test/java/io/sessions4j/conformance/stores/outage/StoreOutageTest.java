package io.sessions4j.conformance.stores.outage;

import io.sessions4j.core.store.SessionStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The outage drill ({@link OutageDrill}) on one private server, once per front: through the
 * engine in memory, the servlet adapter on Jetty and the Vert.x route filter over HTTP. The server
 * is started once for the class and killed and restarted by each drill; each drill has a store and
 * engines of its own (store defaults but for what a subclass sets).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoreOutageTest<S extends PrivateServer> {
  private S server;

  /** The server, not started yet (a missing binary skips the class, or fails it under CI). */
  abstract S newServer();

  /** A store connected to the running {@code server}. */
  abstract SessionStore storeOn(S server);

  @BeforeAll
  void startServer() {
    server = newServer();
    server.start();
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Front.Kind.class)
  void killedUnderLoadAndRestarted(Front.Kind front) throws Exception {
    try (SessionStore store = storeOn(server)) {
      OutageDrill.run(server.name, server, store, front).check();
    }
  }
}
