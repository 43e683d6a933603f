package io.sessions4j.quarkus;

import static io.sessions4j.quarkus.AsyncStoreTest.sessionCookie;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.micrometer.ObservedSessionStore;
import io.sessions4j.testing.ScriptedStore;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** How applications reach the session and the engine in Quarkus. */
@QuarkusTest
class SessionAccessTest {

  @Inject
  SessionManager manager;

  @Inject
  SessionConfig config;

  @Inject
  ScriptedStore store;

  @Test
  void restResourceInjectsTheSameSessionTheRoutingContextCarries() throws Exception {
    HttpResponse<String> same = send(HttpClient.Version.HTTP_1_1, "/rest/same", null);
    assertThat(same.body()).isEqualTo("true");
    assertThat(send(HttpClient.Version.HTTP_1_1, "/rest/view", sessionCookie(same)).body())
        .isEqualTo("{\"via\":\"cdi\"}");
  }

  @Test
  void propertiesAndTheApplicationsStoreBeanConfigureTheEngine() {
    // src/test/resources/application.properties: sessions4j.max-age=45m, sessions4j.rolling=false
    assertThat(config.maxAge()).isEqualTo(Duration.ofMinutes(45));
    // observed: the test application has an ObservationRegistry bean (OperationsTest reads the observations)
    assertThat(config.store()).isInstanceOfSatisfying(ObservedSessionStore.class,
        observed -> assertThat(observed.delegate()).isSameAs(store));
    assertThat(manager.config()).isSameAs(config);
  }

  @Test
  void http2ConnectionGetsTheCookieWhenTheCommitCompletesInline() throws Exception {
    // h2c upgrade: Quarkus serves HTTP/2 on the plain port; the memory-like store completes inline
    HttpResponse<String> set = send(HttpClient.Version.HTTP_2, "/app/set?h=2", null);
    assertThat(set.version()).isEqualTo(HttpClient.Version.HTTP_2);
    String sid = sessionCookie(set);
    assertThat(sid).isNotNull();
    assertThat(send(HttpClient.Version.HTTP_2, "/app/view", sid).body()).isEqualTo("{\"h\":\"2\"}");
  }

  private static HttpResponse<String> send(HttpClient.Version version, String path, String cookie) throws Exception {
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    HttpClient http = HttpClient.newBuilder().version(version).build();
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
