package io.sessions4j.helidon;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The session commits before Helidon writes the headers, however the response goes out. */
class CommitPointsTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    SessionFeature sessions = SessionFeature.create(SessionConfig.builder().build());
    server = TestServer.start(sessions, routing -> routing
        .get("/send", (req, res) -> {
          Sessions.of(req).put("via", "send");
          res.send("sent");
        })
        .get("/stream", (req, res) -> {
          Sessions.of(req).put("via", "stream");
          try (OutputStream out = res.outputStream()) {
            for (int i = 0; i < 3; i++) {
              out.write(("chunk" + i + ";").getBytes(StandardCharsets.UTF_8));
              out.flush();
            }
          }
        })
        .get("/redirect", (req, res) -> {
          Sessions.of(req).put("via", "redirect");
          res.status(Status.FOUND_302).header(HeaderNames.LOCATION, "/view").send();
        })
        .get("/throw", (req, res) -> {
          Sessions.of(req).put("via", "throw");
          throw new IllegalStateException("the handler fails on purpose");
        })
        .get("/handled", (req, res) -> {
          Sessions.of(req).put("via", "handled");
          throw new UnsupportedOperationException("answered by the application's error handler");
        })
        .error(UnsupportedOperationException.class, (req, res, e) -> res.status(Status.CONFLICT_409).send("handled"))
        .get("/view", (req, res) -> res.send(String.valueOf(Sessions.of(req).get("via")))));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void sendCarriesTheCookieAndTheSessionLoadsBack() throws Exception {
    HttpResponse<String> r = server.get("/send");
    assertThat(r.statusCode()).isEqualTo(200);
    String sid = TestServer.cookie(r, "sid");
    assertThat(sid).isNotNull();
    assertThat(server.get("/view", sid).body()).isEqualTo("send");
  }

  @Test
  void streamedFlushedBodyCarriesTheCookie() throws Exception {
    HttpResponse<String> r = server.get("/stream");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("chunk0;chunk1;chunk2;");
    assertThat(r.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
    String sid = TestServer.cookie(r, "sid");
    assertThat(sid).isNotNull();
    assertThat(server.get("/view", sid).body()).isEqualTo("stream");
  }

  @Test
  void redirectCarriesTheCookie() throws Exception {
    HttpResponse<String> r = server.get("/redirect");
    assertThat(r.statusCode()).isEqualTo(302);
    String sid = TestServer.cookie(r, "sid");
    assertThat(sid).isNotNull();
    assertThat(server.get("/view", sid).body()).isEqualTo("redirect");
  }

  @Test
  void serversOwnErrorAnswerCarriesTheCookieWrittenBeforeTheHandlerThrew() throws Exception {
    HttpResponse<String> r = server.get("/throw");
    assertThat(r.statusCode()).isEqualTo(500);
    String sid = TestServer.cookie(r, "sid");
    assertThat(sid).isNotNull();
    assertThat(server.get("/view", sid).body()).isEqualTo("throw");
  }

  @Test
  void applicationErrorHandlerAnswerCarriesTheCookie() throws Exception {
    HttpResponse<String> r = server.get("/handled");
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(r.body()).isEqualTo("handled");
    String sid = TestServer.cookie(r, "sid");
    assertThat(sid).isNotNull();
    assertThat(server.get("/view", sid).body()).isEqualTo("handled");
  }

  @Test
  void unroutedRequestGetsNotFoundWithoutSessionCookie() throws Exception {
    HttpResponse<String> r = server.get("/nowhere");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(TestServer.cookie(r, "sid")).isNull();
  }
}
