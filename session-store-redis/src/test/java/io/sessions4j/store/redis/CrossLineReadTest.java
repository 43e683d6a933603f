package io.sessions4j.store.redis;

import static io.sessions4j.store.redis.EngineRequests.ID_HEADER;
import static io.sessions4j.store.redis.EngineRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.SessionManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A session written by one Lettuce line of this store is read, changed and read back by the other:
 * this JVM runs one line (session-store-redis-lettuce6 runs this test: Lettuce 6, Netty 4.1), a
 * {@link CrossLineProbe} in a second JVM runs the other (session-store-redis's own build: Lettuce 7,
 * Netty 4.2; its classpath is the file that module's build writes, named by the system property
 * {@code sessions4j.redis.otherLine}). Same key layout, same record format, same scripts, same
 * principal index. session-store-redis's own build leaves this test out: the other line is built
 * after it.
 */
class CrossLineReadTest {
  private String uri;
  private String prefix;
  private RedisSessionStore store;
  private SessionManager engine;

  @BeforeEach
  void open() {
    uri = LocalRedis.uri();
    prefix = LocalRedis.uniquePrefix(CrossLineReadTest.class);
    store = RedisSessionStore.builder().uri(uri).keyPrefix(prefix).build();
    engine = SessionManager.create(EngineRequests.config(store).build());
  }

  @AfterEach
  void close() {
    store.clear().toCompletableFuture().join();
    engine.close();
    store.close();
  }

  @Test
  void sessionWrittenByTheOtherLineIsReadAndChangedHere() throws Exception {
    String id = probe("create");

    Map<String, Object>[] seen = new Map[1];
    request(engine, id, s -> seen[0] = s.attributes());
    assertThat(seen[0]).containsEntry("user", "ada")
        .containsEntry("cart", List.of("apple", "pear"))
        .containsEntry("views", 3)
        .containsEntry("writtenBy", "probe");
    assertThat(store.findByPrincipal("ada").toCompletableFuture().get()).hasSize(1);

    request(engine, id, s -> s.put("views", 4));
    probe("change", id, "step", "two");
    request(engine, id, s -> seen[0] = s.attributes());
    assertThat(seen[0]).containsEntry("views", 4).containsEntry("step", "two").containsEntry("cart", List.of("apple", "pear"));
  }

  @Test
  void sessionWrittenHereIsReadAndChangedByTheOtherLine() throws Exception {
    String id = request(engine, null, s -> CrossLineProbe.fill(s, "here")).lastResponseHeader(ID_HEADER);
    request(engine, id, s -> s.put("views", 5)); // a patch (the update script), not a whole write

    Map<String, Object> expected = Map.of("user", "ada", "cart", List.of("apple", "pear"), "views", 5, "writtenBy", "here");
    assertThat(probe("read", id)).isEqualTo(CrossLineProbe.describe(expected, 1));

    probe("change", id, "step", "three");
    Map<String, Object>[] seen = new Map[1];
    request(engine, id, s -> seen[0] = s.attributes());
    assertThat(seen[0]).containsEntry("step", "three").containsEntry("views", 5);
  }

  /** Runs the probe on the other line; returns its last output line. */
  private String probe(String op, String... args) throws IOException, InterruptedException {
    String otherLine = System.getProperty("sessions4j.redis.otherLine");
    assertThat(otherLine).as("system property sessions4j.redis.otherLine (set by the module's surefire configuration)").isNotNull();
    Path target = Path.of(otherLine);
    String classpath = target.resolve("test-classes") + java.io.File.pathSeparator + target.resolve("classes")
        + java.io.File.pathSeparator + Files.readString(target.resolve("test-classpath.txt")).trim();
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-cp", classpath, CrossLineProbe.class.getName(), op, uri, prefix));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("probe finished").isTrue();
    assertThat(process.exitValue()).as("probe exit status; output:\n" + output).isZero();
    String[] lines = output.strip().split("\\R");
    return lines[lines.length - 1];
  }
}
