package io.sessions4j.conformance.store;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The real database servers store tests run against, and one rule for when one is missing: with
 * {@code CI=true} the test fails (CI must never skip a store), otherwise it is skipped with a
 * message naming the server and the command that starts it. Call a {@code require…} method before
 * every test that needs the server (in the store suite: {@code requireServer()}), not only in a
 * {@code @BeforeAll}: a class aborted there is reported by Surefire as zero tests, not as skipped.
 * Reachability is checked once per JVM and the reason printed once to stderr.
 *
 * <p>Defaults are the loopback servers of the development machine; environment variables override
 * them: {@code SESSIONS4J_TEST_MARIADB_URL} / {@code _USER} / {@code _PASSWORD}, {@code
 * SESSIONS4J_TEST_POSTGRES_URL} / {@code _USER} / {@code _PASSWORD}, {@code SESSIONS4J_TEST_REDIS_URI}.
 */
public final class RealServers {
  /** How long a TCP connect may take before the server counts as absent. */
  private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
  /** Why each unreachable host:port was unreachable; checked once per JVM. */
  private static final Map<String, String> UNREACHABLE = new ConcurrentHashMap<>();
  private static final Map<String, Boolean> CHECKED = new ConcurrentHashMap<>();
  private static final Pattern JDBC_HOST_PORT = Pattern.compile("^jdbc:[a-z0-9]+://([^:/?]+)(?::(\\d+))?");

  private RealServers() {}

  /** Where a JDBC server is, and how to log in. */
  public record JdbcServer(String name, String jdbcUrl, String username, String password) {
    /** Never prints the password. */
    @Override
    public String toString() {
      return name + "[" + jdbcUrl + ", user " + username + "]";
    }
  }

  /** Where a Redis server is. */
  public record RedisServer(String uri, String host, int port) {}

  /** MariaDB at 127.0.0.1:3306, database {@code test}, user root without password (TLS off). */
  public static JdbcServer requireMariaDb() {
    JdbcServer server = new JdbcServer("MariaDB",
        env("SESSIONS4J_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?sslMode=disable"),
        env("SESSIONS4J_TEST_MARIADB_USER", "root"),
        env("SESSIONS4J_TEST_MARIADB_PASSWORD", ""));
    requireJdbcReachable(server.name(), server.jdbcUrl(), 3306,
        "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd");
    return server;
  }

  /** PostgreSQL at 127.0.0.1:5432, database {@code test}, user postgres (trust authentication). */
  public static JdbcServer requirePostgres() {
    JdbcServer server = new JdbcServer("PostgreSQL",
        env("SESSIONS4J_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test"),
        env("SESSIONS4J_TEST_POSTGRES_USER", "postgres"),
        env("SESSIONS4J_TEST_POSTGRES_PASSWORD", ""));
    requireJdbcReachable(server.name(), server.jdbcUrl(), 5432,
        "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start");
    return server;
  }

  /** Redis at 127.0.0.1:6379. */
  public static RedisServer requireRedis() {
    String uri = env("SESSIONS4J_TEST_REDIS_URI", "redis://127.0.0.1:6379");
    URI parsed = URI.create(uri);
    String host = parsed.getHost() == null ? "127.0.0.1" : parsed.getHost();
    int port = parsed.getPort() < 0 ? 6379 : parsed.getPort();
    requireReachable("Redis", host, port, "redis-server --daemonize yes");
    return new RedisServer(uri, host, port);
  }

  /** True when the environment says this is a CI run, where missing servers fail instead of skipping. */
  public static boolean isCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /**
   * The same rule for anything else a test needs from the machine (a server binary, a tool): fails
   * with {@code message} when {@code CI=true}, otherwise aborts (skips) the test with it. {@code
   * message} should say what is missing and what to install.
   */
  public static void unavailable(String message) {
    if (isCi()) {
      throw new AssertionError(message + " — CI=true, so store tests must not be skipped");
    }
    Assumptions.abort(message + " (skipped: not a CI run)");
  }

  private static void requireJdbcReachable(String name, String jdbcUrl, int defaultPort, String startCommand) {
    Matcher m = JDBC_HOST_PORT.matcher(jdbcUrl);
    String host = m.find() ? m.group(1) : "127.0.0.1";
    int port = m.group(2) != null ? Integer.parseInt(m.group(2)) : defaultPort;
    requireReachable(name, host, port, startCommand);
  }

  private static void requireReachable(String name, String host, int port, String startCommand) {
    String key = host + ":" + port;
    CHECKED.computeIfAbsent(key, k -> {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
      } catch (IOException e) {
        String message = name + " is not reachable at " + key + " (" + e.getMessage() + "); start it with: "
            + startCommand;
        UNREACHABLE.put(k, message);
        System.err.println((isCi() ? "FAILING: " : "SKIPPING: ") + message);
      }
      return true;
    });
    String message = UNREACHABLE.get(key);
    if (message == null) {
      return;
    }
    if (isCi()) {
      throw new AssertionError(message + " — CI=true, so store tests must not be skipped");
    }
    Assumptions.abort(message + " (skipped: not a CI run)");
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isEmpty() ? fallback : value;
  }
}
