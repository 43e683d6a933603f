package io.sessions4j.nodeinterop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessions4j.conformance.store.RealServers;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One of the small Node apps in {@code node-interop/apps}, on the real npm packages: installed once
 * per JVM with {@code npm ci} from the committed lock file, started as a child process, spoken to
 * over HTTP. Without Node or npm (or when the install fails) the test is skipped, or fails when
 * {@code CI=true}, as the store tests treat a missing server.
 */
final class NodeApp implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Path HOME = Path.of("").toAbsolutePath();
  private static volatile boolean installed;

  private final Process process;
  private final int port;
  private final Path log;

  private NodeApp(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts {@code apps/<script>} with {@code env}; returns once it listens. */
  static NodeApp start(String script, Map<String, String> env) {
    install();
    try {
      Path log = Files.createTempFile(HOME.resolve("target"), "node-" + script.replace('.', '-') + "-", ".log");
      ProcessBuilder builder = new ProcessBuilder("node", "apps/" + script).directory(HOME.toFile())
          .redirectError(log.toFile());
      builder.environment().putAll(env);
      builder.environment().put("PORT", "0");
      Process process = builder.start();
      CompletableFuture<Integer> listening = CompletableFuture.supplyAsync(() -> {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = out.readLine()) != null) {
            if (line.startsWith("listening ")) {
              return Integer.parseInt(line.substring("listening ".length()).trim());
            }
          }
          return -1;
        } catch (IOException e) {
          return -1;
        }
      });
      int port;
      try {
        port = listening.get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        port = -1;
      }
      if (port < 0) {
        process.destroyForcibly();
        throw new AssertionError("node apps/" + script + " did not start: " + Files.readString(log));
      }
      return new NodeApp(process, port, log);
    } catch (IOException e) {
      RealServers.unavailable("cannot run node (" + e.getMessage() + "): install Node 20+");
      throw new IllegalStateException(e);
    }
  }

  /** {@code npm ci} from the committed lock file, once per JVM, unless node_modules already matches it. */
  private static synchronized void install() {
    if (installed) {
      return;
    }
    try {
      Path marker = HOME.resolve("node_modules/.package-lock.json");
      Path lock = HOME.resolve("package-lock.json");
      boolean current = Files.exists(marker)
          && Files.getLastModifiedTime(marker).compareTo(Files.getLastModifiedTime(lock)) >= 0;
      if (!current) {
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(HOME.toFile())
            .redirectErrorStream(true).redirectOutput(HOME.resolve("target/npm-ci.log").toFile()).start();
        if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
          npm.destroyForcibly();
          RealServers.unavailable("npm ci failed in node-interop (see target/npm-ci.log): the npm registry "
              + "must be reachable, and Node 20+ installed");
        }
      }
      installed = true;
    } catch (IOException e) {
      RealServers.unavailable("npm is not available (" + e.getMessage() + "): install Node 20+ with npm");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** One response: status, JSON body, and the first cookie it set (null when none), and all of them. */
  record Reply(int status, JsonNode body, String setCookie, List<String> setCookies) {}

  /** GET {@code path} with {@code cookieHeader} (may be null). */
  Reply get(String path, String cookieHeader) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).GET();
    if (cookieHeader != null) {
      request.header("Cookie", cookieHeader);
    }
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      List<String> setCookies = response.headers().allValues("Set-Cookie");
      String body = response.body();
      JsonNode json = body.isEmpty() ? null : JSON.readTree(body);
      if (response.statusCode() >= 500) {
        throw new AssertionError("Node answered " + response.statusCode() + " to " + path + ": " + body + "\n" + Files.readString(log));
      }
      return new Reply(response.statusCode(), json, setCookies.isEmpty() ? null : setCookies.get(0), setCookies);
    } catch (IOException e) {
      throw new AssertionError("Node app unreachable: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  static File home() {
    return HOME.toFile();
  }
}
