package io.sessions4j.micronaut;

import static io.sessions4j.micronaut.TestClient.cookie;
import static io.sessions4j.testing.ScriptedStore.Op.DESTROY;
import static io.sessions4j.testing.ScriptedStore.Op.GET;
import static io.sessions4j.testing.ScriptedStore.Op.SAVE;
import static io.sessions4j.testing.ScriptedStore.Op.SET;
import static io.sessions4j.testing.ScriptedStore.Op.TOUCH;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.testing.ScriptedStore;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Store failures (policy FAIL, the default) and oversized cookies become 503 / 500 answers. */
class StoreFailureTest {
  TestClient app;

  @AfterEach
  void stop() {
    app.close();
  }

  @Test
  void storeFailingOnLoadAnswers503WithRetryAfterAndTheRouteDoesNotRun() {
    app = TestClient.start("StoreFailureTest", Map.of("spec.routes", "session", "spec.store", "shaped"));
    ScriptedStore store = app.context.getBean(ScriptedStore.class);
    String sid = cookie(app.get("/s/set?k=a&v=1"), "sid");
    store.fail(GET);
    int viewsBefore = SessionRoutes.VIEWS.get();

    HttpResponse<String> response = app.get("/s/view", "Cookie", sid);

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(SessionRoutes.VIEWS.get()).isEqualTo(viewsBefore);
  }

  @Test
  void storeFailingOnCommitAnswers503InsteadOfTheRoutesResponse() {
    app = TestClient.start("StoreFailureTest", Map.of("spec.routes", "session", "spec.store", "shaped"));
    app.context.getBean(ScriptedStore.class).fail(SAVE, SET, TOUCH, DESTROY);

    HttpResponse<String> response = app.get("/s/set?k=a&v=1");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
  }

  @Test
  void storeFailingWithPolicyContinueGivesAFreshSession() {
    app = TestClient.start("StoreFailureTest", Map.of("spec.routes", "session", "spec.store", "shaped",
        "sessions4j.store-failure-policy", "continue"));
    ScriptedStore store = app.context.getBean(ScriptedStore.class);
    String sid = cookie(app.get("/s/set?k=a&v=1"), "sid");
    store.fail(GET);

    HttpResponse<String> response = app.get("/s/view", "Cookie", sid);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{}");
  }

  @Test
  void cookieSessionOverMaxCookieSizeAnswers500() {
    app = TestClient.start("StoreFailureTest", Map.of("spec.routes", "session",
        "sessions4j.mode", "cookie", "sessions4j.keys", "test-key-0123456789abcdef0123456789"));

    HttpResponse<String> response = app.get("/s/big?bytes=6000");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).doesNotContain("xxxx");
    assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
  }
}
