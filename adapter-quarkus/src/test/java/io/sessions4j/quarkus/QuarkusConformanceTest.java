package io.sessions4j.quarkus;

import io.quarkus.test.junit.QuarkusTest;
import io.sessions4j.conformance.kit.ConformanceSuite;
import java.net.URI;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The whole conformance kit against a real Quarkus application: the adapter's {@link
 * io.sessions4j.vertx.SessionRouteFilter} per profile, registered through Quarkus {@code Filters}, on Quarkus's HTTP
 * server (see {@code harness.QuarkusConformanceRoutes}).
 */
@QuarkusTest
class QuarkusConformanceTest extends ConformanceSuite {

  @Override
  protected URI startHarness() {
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    return URI.create("http://127.0.0.1:" + port);
  }

  @Override
  protected boolean scanLogsForSecrets() {
    return true;
  }
}
