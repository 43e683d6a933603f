package io.sessions4j.conformance.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The raw client sends the Cookie bytes untouched and tells an answer, a close and a hang apart. */
class RawHttpTest {

  @Test
  void sendsTheCookieBytesUntouchedAndReadsAChunkedAnswer() throws Exception {
    AtomicReference<byte[]> received = new AtomicReference<>();
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread t = new Thread(() -> {
        try (Socket s = server.accept()) {
          received.set(head(s.getInputStream()));
          s.getOutputStream().write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nSet-Cookie: a=b\r\n\r\n"
              + "3\r\n{\"i\r\n8\r\nd\":null}\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        } catch (Exception ignored) {
          // the assertions below fail
        }
      });
      t.start();
      byte[] cookie = {'s', '=', 0, (byte) 0xe9, 0x7f, '\t'};
      RawHttp.Answer a = RawHttp.get(uri(server), "/p/x/view", cookie);
      t.join();
      assertThat(a.status()).isEqualTo(200);
      assertThat(a.body()).isEqualTo("{\"id\":null}");
      assertThat(a.headers().get("set-cookie")).containsExactly("a=b");
      String head = new String(received.get(), StandardCharsets.ISO_8859_1);
      assertThat(head).contains("Cookie: s=\u0000\u00e9\u007f\t\r\n").startsWith("GET /p/x/view HTTP/1.1\r\n");
    }
  }

  @Test
  void aCloseWithoutAnAnswerIsStatusZero() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread t = new Thread(() -> {
        try (Socket s = server.accept()) {
          head(s.getInputStream());
        } catch (Exception ignored) {
          // closed
        }
      });
      t.start();
      RawHttp.Answer a = RawHttp.get(uri(server), "/", "a=b".getBytes(StandardCharsets.US_ASCII));
      t.join();
      assertThat(a.closedWithoutAnswer()).isTrue();
    }
  }

  @Test
  void noAnswerInTimeIsAHang() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> RawHttp.get(uri(server), "/", null, Duration.ofMillis(300)))
          .isInstanceOf(RawHttp.HangException.class);
    }
  }

  @Test
  void printableEscapesEverythingButVisibleAscii() {
    assertThat(RawHttp.printable(new byte[] {'a', 0, (byte) 0xff, '\\'}, 60)).isEqualTo("a\\x00\\xff\\x5c");
  }

  private static URI uri(ServerSocket server) {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  private static byte[] head(InputStream in) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      b.write(c);
      byte[] x = b.toByteArray();
      int n = x.length;
      if (n >= 4 && x[n - 4] == '\r' && x[n - 3] == '\n' && x[n - 2] == '\r' && x[n - 1] == '\n') {
        break;
      }
    }
    return b.toByteArray();
  }
}
