package io.sessions4j.spring.e2e.app;

/**
 * What differs per Boot line for {@link LoginApp}: the DataSource auto-configuration to exclude when
 * there is no database, and the app's own JDBC table and Redis key prefix (so runs never meet).
 */
public record BootLine(String noDataSource, String jdbcTable, String redisPrefix) {}
