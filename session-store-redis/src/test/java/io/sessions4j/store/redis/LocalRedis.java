package io.sessions4j.store.redis;

import io.sessions4j.conformance.store.RealServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The shared test Redis (127.0.0.1:6379 unless {@code SESSIONS4J_TEST_REDIS_URI} says otherwise),
 * through the project's one rule for missing servers, {@link RealServers}: with {@code CI=true} a
 * test fails, otherwise it is skipped with a message saying how to start the server.
 */
final class LocalRedis {
  private LocalRedis() {}

  /** The URI of the shared Redis; fails (CI) or skips (elsewhere) the calling test when it is down. */
  static String uri() {
    return RealServers.requireRedis().uri();
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
