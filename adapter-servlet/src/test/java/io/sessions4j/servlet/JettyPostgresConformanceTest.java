package io.sessions4j.servlet;

import io.sessions4j.conformance.harness.ConformanceHarness;
import io.sessions4j.conformance.kit.ConformanceSuite;
import io.sessions4j.conformance.store.RealServers;
import io.sessions4j.servlet.harness.ServletHarness;
import java.net.URI;
import java.util.Map;

/** The conformance kit on Jetty with the {@code store-jdbc} profile on the real PostgreSQL. */
class JettyPostgresConformanceTest extends ConformanceSuite {
  private ServletHarness harness;

  @Override
  protected URI startHarness() throws Exception {
    RealServers.JdbcServer postgres = RealServers.requirePostgres();
    String separator = postgres.jdbcUrl().contains("?") ? "&" : "?";
    harness = ServletHarness.start("jetty", 0, Map.of(
        ConformanceHarness.JDBC_URL_ENV, postgres.jdbcUrl() + separator + "user=" + postgres.username()));
    return harness.uri();
  }

  @Override
  protected void stopHarness() throws Exception {
    harness.close();
  }
}
