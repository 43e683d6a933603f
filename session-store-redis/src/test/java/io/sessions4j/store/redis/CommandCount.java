package io.sessions4j.store.redis;

import static org.assertj.core.api.Assertions.fail;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts the Redis commands one engine request sends, two independent ways: on the server, from
 * {@code INFO commandstats} diffs (summed over every node), and in the client, from a Lettuce
 * {@link CommandListener} on the store's client.
 *
 * <p>Redis also counts the commands a Lua script runs, under their own names (an EVALSHA whose
 * script runs HMGET, HSET and PEXPIRE adds four calls). The round trips a request costs are the
 * commands the store sends itself, which are all commands no script of the store runs: {@link
 * #SENT}. The server-side diff of those is compared with what the client saw; other clients of a
 * shared server can only add calls, so a measurement is retried until both agree.
 */
final class CommandCount implements CommandListener {
  /** Everything the store sends to Redis during requests; none of these is run inside a script. */
  static final Set<String> SENT = Set.of("hgetall", "evalsha", "eval", "zrange", "scan", "unlink");

  private final List<String> seen = Collections.synchronizedList(new ArrayList<>());
  private final List<RedisClusterCommands<String, String>> nodes;

  CommandCount(List<RedisClusterCommands<String, String>> nodes) {
    this.nodes = nodes;
  }

  @Override
  public void commandStarted(CommandStartedEvent event) {
    seen.add(event.getCommand().getType().toString().toLowerCase(Locale.ROOT));
  }

  interface Scenario {
    /** Prepares state (not measured) and returns the request to measure. */
    ThrowingRunnable prepare() throws Exception;
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  /** Commands sent by the measured request, by name, as both the server and the client saw them. */
  Map<String, Long> measure(Scenario scenario) throws Exception {
    List<String> attempts = new ArrayList<>();
    for (int attempt = 0; attempt < 5; attempt++) {
      ThrowingRunnable request = scenario.prepare();
      Map<String, Long> before = serverCalls();
      seen.clear();
      request.run();
      Map<String, Long> after = serverCalls();
      Map<String, Long> client = new TreeMap<>();
      synchronized (seen) {
        for (String name : seen) {
          client.merge(name, 1L, Long::sum);
        }
      }
      Map<String, Long> server = new TreeMap<>();
      for (String name : SENT) {
        long delta = after.getOrDefault(name, 0L) - before.getOrDefault(name, 0L);
        if (delta != 0) {
          server.put(name, delta);
        }
      }
      if (server.equals(client)) {
        return client;
      }
      attempts.add("server " + server + " vs client " + client);
    }
    return fail("INFO commandstats never agreed with the client's count (other clients busy on the server?): "
        + attempts);
  }

  private Map<String, Long> serverCalls() {
    Map<String, Long> calls = new TreeMap<>();
    for (RedisClusterCommands<String, String> node : nodes) {
      for (String line : node.info("commandstats").split("\r?\n")) {
        if (!line.startsWith("cmdstat_")) {
          continue;
        }
        String name = line.substring("cmdstat_".length(), line.indexOf(':'));
        int from = line.indexOf("calls=") + "calls=".length();
        int to = line.indexOf(',', from);
        calls.merge(name, Long.parseLong(line.substring(from, to)), Long::sum);
      }
    }
    return calls;
  }
}
