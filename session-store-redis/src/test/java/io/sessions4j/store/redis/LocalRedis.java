package io.sessions4j.store.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared test Redis at 127.0.0.1:6379, and the rule for when it is absent: with {@code CI=true}
 * the test fails, otherwise it is skipped with a message saying how to start the server.
 *
 * <p>Local stand-in for {@code io.sessions4j.conformance.store.RealServers} until that lands.
 */
final class LocalRedis {
  static final String HOST = "127.0.0.1";
  static final int PORT = 6379;
  static final String URI = "redis://" + HOST + ":" + PORT;
  static final String START_COMMAND = "redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save \"\" "
      + "--appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log";

  private LocalRedis() {}

  /** The URI of the shared Redis; fails (CI) or skips (elsewhere) the calling test when it is down. */
  static String uri() {
    if (!answersPing(HOST, PORT)) {
      String message = "Redis is not running at " + HOST + ":" + PORT + "; start it with: " + START_COMMAND;
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(message + " (CI=true: store tests must not be skipped)");
      }
      Assumptions.abort(message);
    }
    return URI;
  }

  static boolean answersPing(String host, int port) {
    String reply = firstReply(host, port);
    return "+PONG\r\n".equals(reply);
  }

  /** The first bytes a server answers to PING (an error such as NOAUTH still means it is up), or null. */
  static String firstReply(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1000);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[7];
      int n = in.readNBytes(reply, 0, 7);
      return n <= 0 ? null : new String(reply, 0, n, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return null;
    }
  }

  /** A key prefix no other test class or run shares. */
  static String uniquePrefix(Class<?> testClass) {
    return "sessions4j-test:" + testClass.getSimpleName() + ":" + Long.toHexString(System.nanoTime()) + ":";
  }
}
