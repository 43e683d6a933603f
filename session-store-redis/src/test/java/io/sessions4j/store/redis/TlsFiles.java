package io.sessions4j.store.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** A throw-away self-signed certificate and key (PEM) for a private TLS Redis, made with openssl. */
record TlsFiles(Path dir, String cert, String key) {

  static TlsFiles selfSigned() throws IOException, InterruptedException {
    Path dir = PrivateRedis.tempDir();
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Process p;
    try {
      p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
          "-subj", "/CN=127.0.0.1", "-keyout", key.toString(), "-out", cert.toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
    } catch (IOException e) {
      String message = "openssl is not available to make a test certificate: " + e.getMessage();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(message);
      }
      Assumptions.abort(message);
      throw e;
    }
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      Assertions.fail("openssl could not make a test certificate; see " + dir.resolve("openssl.log"));
    }
    return new TlsFiles(dir, cert.toString(), key.toString());
  }

  void delete() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
