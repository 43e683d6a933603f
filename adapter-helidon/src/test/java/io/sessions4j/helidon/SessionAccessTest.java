package io.sessions4j.helidon;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Handlers reach the core Session through the request context or the static accessor. */
class SessionAccessTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    SessionFeature sessions = SessionFeature.builder()
        .config(SessionConfig.builder().build())
        .appliesTo(req -> req.path().path().startsWith("/app/"))
        .build();
    server = TestServer.start(sessions, routing -> routing
        .get("/app/same", (req, res) -> {
          Session fromContext = req.context().get(Session.class).orElseThrow();
          @SuppressWarnings("deprecation")
          Session fromFormerName = Sessions.get(req);
          res.send(String.valueOf(fromContext == Sessions.of(req) && fromContext == fromFormerName));
        })
        .get("/app/login", (req, res) -> {
          Session session = Sessions.of(req);
          session.put("user", "ada");
          session.changeId();
          res.send(session.id());
        })
        .get("/app/user", (req, res) -> res.send(String.valueOf(Sessions.of(req).get("user"))))
        .get("/public", (req, res) -> {
          res.send(String.valueOf(Sessions.find(req).isPresent()));
        })
        .get("/public/strict", (req, res) -> res.send(Sessions.of(req).toString())));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void contextAndAccessorGiveTheSameSession() throws Exception {
    assertThat(server.get("/app/same").body()).isEqualTo("true");
  }

  @Test
  void changeIdAtLoginKeepsTheUserUnderTheNewId() throws Exception {
    HttpResponse<String> login = server.get("/app/login");
    String sid = TestServer.cookie(login, "sid");
    assertThat(sid).isNotNull();
    assertThat(server.get("/app/user", sid).body()).isEqualTo("ada");
  }

  @Test
  void requestsOutsideAppliesToHaveNoSessionAndNoCookie() throws Exception {
    HttpResponse<String> r = server.get("/public");
    assertThat(r.body()).isEqualTo("false");
    assertThat(TestServer.cookie(r, "sid")).isNull();
  }

  @Test
  void strictAccessorOutsideAppliesToFails() throws Exception {
    assertThat(server.get("/public/strict").statusCode()).isEqualTo(500);
  }
}
