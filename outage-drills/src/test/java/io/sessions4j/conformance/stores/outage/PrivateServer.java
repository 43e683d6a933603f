package io.sessions4j.conformance.stores.outage;

import io.sessions4j.conformance.store.RealServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A database server of the test's own: started from the binaries installed on the machine, on a
 * free loopback port, with its data in a temporary directory, so a test can kill and restart it
 * without disturbing the shared servers on 3306/5432/6379 that other tests (and CI) use.
 *
 * <p>{@link #kill()} is a crash: SIGKILL to the server and every process it started. {@link
 * #start()} starts it again on the same port and data directory (crash recovery included) and
 * returns once it answers queries. {@link #close()} kills it and deletes the directory; a JVM
 * shutdown hook does the same for anything a test left behind.
 *
 * <p>A missing binary follows the project's rule ({@link RealServers#unavailable}): the test is
 * skipped with a message naming what to install, or fails when {@code CI=true}.
 */
abstract class PrivateServer implements AutoCloseable {
  private static final Set<PrivateServer> RUNNING = ConcurrentHashMap.newKeySet();
  private static final Duration START_PATIENCE = Duration.ofSeconds(90);

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (PrivateServer server : RUNNING) {
        server.close();
      }
    }, "private-servers-cleanup"));
  }

  final String name;
  final Path dir;
  final int port;
  private Process process;
  private int starts;

  PrivateServer(String name) {
    this.name = name;
    try {
      this.dir = Files.createTempDirectory("sessions4j-outage-" + name.toLowerCase() + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.port = freePort();
    RUNNING.add(this);
  }

  // ---- the three servers ----------------------------------------------------------------------

  /** Redis with an append-only file fsynced on every write, so a crash loses no acknowledged write. */
  static Redis redis() {
    String server = findOnPath("redis-server");
    if (server == null) {
      RealServers.unavailable("redis-server is not installed (apt-get install redis-server)");
    }
    return new Redis(server);
  }

  /** MariaDB (or MySQL's mysqld) with a fresh data directory made by mariadb-install-db. */
  static MariaDb mariaDb() {
    String server = firstExisting(findOnPath("mariadbd"), "/usr/sbin/mariadbd", findOnPath("mysqld"), "/usr/sbin/mysqld");
    String install = firstExisting(findOnPath("mariadb-install-db"), findOnPath("mysql_install_db"));
    if (server == null || install == null) {
      RealServers.unavailable("mariadbd and mariadb-install-db are not installed (apt-get install mariadb-server)");
    }
    return new MariaDb(server, install);
  }

  /** PostgreSQL with a fresh cluster made by initdb, run as the postgres OS user when we are root. */
  static Postgres postgres() {
    Path bin = postgresBin();
    if (bin == null) {
      RealServers.unavailable("PostgreSQL server binaries (initdb, postgres under /usr/lib/postgresql/*/bin) are not "
          + "installed (apt-get install postgresql)");
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    String setpriv = root ? findOnPath("setpriv") : null;
    if (root && setpriv == null) {
      RealServers.unavailable("running as root, PostgreSQL must run as the postgres user, which needs setpriv "
          + "(apt-get install util-linux)");
    }
    return new Postgres(bin, setpriv);
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  /** Starts (or restarts) the server and returns once it answers; the first start also prepares it. */
  final synchronized void start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is already running");
    }
    try {
      if (starts == 0) {
        prepare();
      }
      ProcessBuilder builder = new ProcessBuilder(command()).directory(dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()));
      process = builder.start();
      starts++;
      watchdog(process.pid());
      long deadline = System.nanoTime() + START_PATIENCE.toNanos();
      while (!answers()) {
        if (!process.isAlive()) {
          throw new IllegalStateException(name + " exited with " + process.exitValue() + " at start; log:\n" + logTail());
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(name + " did not answer within " + START_PATIENCE + "; log:\n" + logTail());
        }
        Thread.sleep(50);
      }
      if (starts == 1) {
        afterFirstStart();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(name + " could not be started", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A shell that kills the server when this JVM is gone: the shutdown hook covers normal exits, not
   * a JVM that crashes or is killed (a C2 crash once left a server behind). It ends by itself once
   * the server has exited.
   */
  private static void watchdog(long serverPid) {
    long self = ProcessHandle.current().pid();
    String script = "while kill -0 " + self + " 2>/dev/null && kill -0 " + serverPid + " 2>/dev/null; do sleep 1; done; "
        + "kill -0 " + self + " 2>/dev/null || kill -9 " + serverPid + " 2>/dev/null; exit 0";
    try {
      new ProcessBuilder("sh", "-c", script).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      // no shell: the shutdown hook still covers normal exits
    }
  }

  /** A crash: SIGKILL to the server and all its processes; returns once they are gone. */
  final synchronized void kill() {
    if (process == null) {
      return;
    }
    ProcessHandle handle = process.toHandle();
    List<ProcessHandle> all = new ArrayList<>(handle.descendants().toList());
    all.add(0, handle);
    all.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // gone or stuck; nothing more a test can do
      }
    }
    process = null;
  }

  /** Kills the server and deletes its data directory. */
  @Override
  public final synchronized void close() {
    kill();
    RUNNING.remove(this);
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort
    }
  }

  /** True when the server answers a query now (the test's own readiness probe). */
  abstract boolean answers();

  abstract List<String> command();

  void prepare() throws IOException, InterruptedException {}

  void afterFirstStart() {}

  /** The last lines of the server's log, for failure messages. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("server.log"), StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public String toString() {
    return name + " on 127.0.0.1:" + port;
  }

  // ---- Redis ----------------------------------------------------------------------------------

  static final class Redis extends PrivateServer {
    private final String binary;

    Redis(String binary) {
      super("Redis");
      this.binary = binary;
    }

    String uri() {
      return "redis://127.0.0.1:" + port;
    }

    @Override
    List<String> command() {
      return List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
          "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--daemonize", "no");
    }

    @Override
    boolean answers() {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        socket.setSoTimeout(500);
        OutputStream out = socket.getOutputStream();
        out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] reply = new byte[7];
        int n = in.readNBytes(reply, 0, 7);
        return n == 7 && new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
      } catch (IOException e) {
        return false;
      }
    }
  }

  // ---- JDBC servers ---------------------------------------------------------------------------

  abstract static class Jdbc extends PrivateServer {
    Jdbc(String name) {
      super(name);
    }

    /** The URL of the test database, credentials included. */
    abstract String jdbcUrl();

    /** A URL that works before the test database exists. */
    abstract String adminUrl();

    @Override
    boolean answers() {
      try (Connection c = DriverManager.getConnection(adminUrl()); Statement st = c.createStatement()) {
        st.setQueryTimeout(2);
        st.execute("SELECT 1");
        return true;
      } catch (SQLException e) {
        return false;
      }
    }

    void execute(String sql) {
      try (Connection c = DriverManager.getConnection(adminUrl()); Statement st = c.createStatement()) {
        st.execute(sql);
      } catch (SQLException e) {
        throw new IllegalStateException(name + ": " + sql + " failed: " + e, e);
      }
    }
  }

  static final class MariaDb extends Jdbc {
    private final String server;
    private final String install;
    private final boolean root = "root".equals(System.getProperty("user.name"));

    MariaDb(String server, String install) {
      super("MariaDB");
      this.server = server;
      this.install = install;
    }

    @Override
    String jdbcUrl() {
      return "jdbc:mariadb://127.0.0.1:" + port + "/test?user=root&sslMode=disable&connectTimeout=2000";
    }

    @Override
    String adminUrl() {
      return "jdbc:mariadb://127.0.0.1:" + port + "/?user=root&sslMode=disable&connectTimeout=1000";
    }

    @Override
    void prepare() throws IOException, InterruptedException {
      List<String> cmd = new ArrayList<>(List.of(install, "--no-defaults", "--datadir=" + dir.resolve("data"),
          "--auth-root-authentication-method=normal", "--skip-test-db"));
      if (root) {
        cmd.add("--user=root");
      }
      run(cmd, dir.resolve("install.log"), name + " data directory");
    }

    @Override
    List<String> command() {
      List<String> cmd = new ArrayList<>(List.of(server, "--no-defaults", "--datadir=" + dir.resolve("data"),
          "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + dir.resolve("sock"),
          "--pid-file=" + dir.resolve("pid"), "--skip-log-bin", "--skip-name-resolve",
          "--innodb-buffer-pool-size=32M"));
      if (root) {
        cmd.add("--user=root");
      }
      return cmd;
    }

    @Override
    void afterFirstStart() {
      execute("CREATE DATABASE IF NOT EXISTS test");
    }
  }

  static final class Postgres extends Jdbc {
    private final Path bin;
    private final String setpriv;

    Postgres(Path bin, String setpriv) {
      super("PostgreSQL");
      this.bin = bin;
      this.setpriv = setpriv;
    }

    @Override
    String jdbcUrl() {
      return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres&connectTimeout=2";
    }

    @Override
    String adminUrl() {
      return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres&connectTimeout=1&loginTimeout=2";
    }

    @Override
    void prepare() throws IOException, InterruptedException {
      if (setpriv != null) {
        // the postgres user must own the directory it runs in
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        view.setOwner(users.lookupPrincipalByName("postgres"));
        GroupPrincipal group = users.lookupPrincipalByGroupName("postgres");
        view.setGroup(group);
      }
      run(asPostgres(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres",
          "--auth=trust", "-E", "UTF8", "--no-sync"), dir.resolve("initdb.log"), name + " cluster (initdb)");
    }

    @Override
    List<String> command() {
      // fsync off: a killed process loses nothing the kernel already has; only an OS crash would
      return asPostgres(bin.resolve("postgres").toString(), "-D", dir.resolve("data").toString(),
          "-p", Integer.toString(port), "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1",
          "-c", "fsync=off", "-c", "max_connections=50", "-c", "shared_buffers=16MB");
    }

    private List<String> asPostgres(String... cmd) {
      List<String> all = new ArrayList<>();
      if (setpriv != null) {
        // setpriv execs the command, so the Process is the server itself (runuser would stay in between)
        all.addAll(List.of(setpriv, "--reuid=postgres", "--regid=postgres", "--init-groups", "--"));
      }
      all.addAll(List.of(cmd));
      return all;
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  static void run(List<String> cmd, Path log, String what) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(what + " was not created within 120 s");
    }
    if (p.exitValue() != 0) {
      List<String> lines = Files.readAllLines(log);
      throw new IllegalStateException(what + " could not be created (exit " + p.exitValue() + "): "
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String findOnPath(String program) {
    String path = System.getenv("PATH");
    List<String> dirs = new ArrayList<>(path == null ? List.of() : List.of(path.split(":")));
    dirs.addAll(List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
    for (String d : dirs) {
      Path p = Paths.get(d, program);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }

  private static String firstExisting(String... candidates) {
    for (String c : candidates) {
      if (c != null && Files.isExecutable(Paths.get(c))) {
        return c;
      }
    }
    return null;
  }

  private static Path postgresBin() {
    String initdb = findOnPath("initdb");
    if (initdb != null && Files.isExecutable(Paths.get(initdb).resolveSibling("postgres"))) {
      return Paths.get(initdb).getParent();
    }
    Path root = Paths.get("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return null;
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions.map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("postgres")))
          .max(Comparator.comparing(b -> versionOf(b.getParent().getFileName().toString())))
          .orElse(null);
    } catch (IOException e) {
      return null;
    }
  }

  private static Integer versionOf(String name) {
    try {
      return Integer.parseInt(name.replaceAll("[^0-9].*", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
