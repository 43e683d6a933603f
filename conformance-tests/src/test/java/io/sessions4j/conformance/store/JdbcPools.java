package io.sessions4j.conformance.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** The caller-owned pools the JDBC store tests hand to the store. */
final class JdbcPools {
  private JdbcPools() {}

  static HikariDataSource pool(RealServers.JdbcServer server, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(server.jdbcUrl());
    config.setUsername(server.username());
    config.setPassword(server.password());
    config.setMaximumPoolSize(size);
    config.setPoolName("test-caller-pool");
    return new HikariDataSource(config);
  }
}
