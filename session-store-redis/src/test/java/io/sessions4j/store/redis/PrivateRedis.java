package io.sessions4j.store.redis;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Redis servers a test starts for itself (never the shared one): on free loopback ports, nothing on
 * disk beyond a temporary directory, stopped by their own process handles on close. Used where a
 * test needs server settings the shared server must not be changed to (keyspace notifications, a
 * cluster, SCRIPT FLUSH).
 */
final class PrivateRedis implements AutoCloseable {
  private final List<Process> processes = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();
  private final Path dir;

  private PrivateRedis(Path dir) {
    this.dir = dir;
    // a JVM killed mid-test must not leave servers behind
    Runtime.getRuntime().addShutdownHook(new Thread(() -> processes.forEach(Process::destroy)));
  }

  /** One standalone server with the extra {@code redis-server} arguments given. */
  static PrivateRedis standalone(String... extraArgs) {
    PrivateRedis r = new PrivateRedis(tempDir());
    try {
      r.startNode(0, extraArgs);
      return r;
    } catch (RuntimeException | Error e) {
      r.close();
      throw e;
    }
  }

  /** A three-primary Redis Cluster (no replicas), slots split evenly. */
  static PrivateRedis cluster(String... extraArgs) {
    PrivateRedis r = new PrivateRedis(tempDir());
    try {
      for (int i = 0; i < 3; i++) {
        List<String> args = new ArrayList<>(List.of("--cluster-enabled", "yes",
            "--cluster-config-file", r.dir.resolve("nodes-" + i + ".conf").toString(),
            "--cluster-node-timeout", "5000"));
        args.addAll(List.of(extraArgs));
        r.startNode(i, args.toArray(new String[0]));
      }
      r.formCluster();
      return r;
    } catch (RuntimeException | Error e) {
      r.close();
      throw e;
    }
  }

  String uri() {
    return "redis://127.0.0.1:" + ports.get(0);
  }

  List<String> uris() {
    return ports.stream().map(p -> "redis://127.0.0.1:" + p).toList();
  }

  List<Integer> ports() {
    return List.copyOf(ports);
  }

  /** A crash of the first node: SIGKILL, and wait until it is gone. */
  void kill() throws InterruptedException {
    Process p = processes.get(0);
    p.destroyForcibly();
    p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** Starts the first node again on its port (empty: nothing is kept on disk), with these arguments. */
  void restart(String... extraArgs) {
    startNode(0, ports.get(0), extraArgs);
  }

  private void startNode(int index, String... extraArgs) {
    startNode(index, freePort(), extraArgs);
  }

  private void startNode(int index, int port, String... extraArgs) {
    String binary = findRedisServer();
    List<String> command = new ArrayList<>(List.of(binary, "--port", String.valueOf(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no",
        "--logfile", dir.resolve("redis-" + index + ".log").toString()));
    command.addAll(List.of(extraArgs));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(dir.resolve("stdout-" + index + ".log").toFile()).start();
      if (index < processes.size()) {
        processes.set(index, p);
      } else {
        processes.add(p);
        ports.add(port);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + binary, e);
    }
    Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
    while (LocalRedis.firstReply("127.0.0.1", port) == null) {
      if (Instant.now().isAfter(deadline) || !processes.get(index).isAlive()) {
        Assertions.fail("private redis-server on port " + port + " did not start; see " + dir);
      }
      Thread.onSpinWait();
      pause();
    }
  }

  @SuppressWarnings("unchecked") // Range<Integer>... varargs
  private void formCluster() {
    RedisClient client = RedisClient.create();
    try {
      List<StatefulRedisConnection<String, String>> nodes = new ArrayList<>();
      for (int port : ports) {
        nodes.add(client.connect(RedisURI.create("127.0.0.1", port)));
      }
      int per = 16384 / nodes.size();
      for (int i = 0; i < nodes.size(); i++) {
        int from = i * per;
        int to = i == nodes.size() - 1 ? 16383 : from + per - 1;
        nodes.get(i).sync().clusterAddSlotsRange(Range.create(from, to));
      }
      for (int i = 1; i < nodes.size(); i++) {
        nodes.get(0).sync().clusterMeet("127.0.0.1", ports.get(i));
      }
      Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
      for (StatefulRedisConnection<String, String> node : nodes) {
        RedisCommands<String, String> sync = node.sync();
        while (!(sync.clusterInfo().contains("cluster_state:ok")
            && sync.clusterInfo().contains("cluster_known_nodes:" + nodes.size())
            && sync.clusterSlots().size() == nodes.size())) {
          if (Instant.now().isAfter(deadline)) {
            Assertions.fail("private Redis Cluster did not form: " + sync.clusterInfo());
          }
          pause();
        }
      }
      nodes.forEach(StatefulRedisConnection::close);
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  private static void pause() {
    try {
      Thread.sleep(20); // polling interval only; the loop's deadline decides
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String findRedisServer() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String d : path.split(File.pathSeparator)) {
      File f = new File(d, "redis-server");
      if (f.canExecute()) {
        return f.getAbsolutePath();
      }
    }
    String message = "redis-server is not on PATH: tests needing a private Redis (keyspace notifications, "
        + "cluster) cannot start one; install Redis (apt-get install redis-server)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(message + " (CI=true: store tests must not be skipped)");
    }
    Assumptions.abort(message);
    return null;
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path tempDir() {
    try {
      return Files.createTempDirectory("sessions4j-private-redis");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory; nothing depends on it
    }
  }
}
