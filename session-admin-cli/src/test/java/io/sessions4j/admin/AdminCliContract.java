package io.sessions4j.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.StoreAdministration;
import io.sessions4j.testing.TestExchange;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code scripts/sessions} against a real store: an application's engine creates sessions, the
 * CLI (run in-process, as the script runs its jar) lists, ends and counts them, and the
 * application's next request finds the ended session gone. One subclass per store.
 */
abstract class AdminCliContract {
  static final String KEY = "admin-cli-test-key-0123456789abcdef-xyz";

  SessionStore appStore;
  SessionManager app;

  /** Checks the server is there (skips or, in CI, fails the test when not). */
  abstract void requireServer();

  /** The application's store: the same table or key prefix the CLI options name. */
  abstract SessionStore openAppStore();

  /** The CLI's options naming that store. */
  abstract List<String> storeOptions();

  @BeforeEach
  void startApp() {
    requireServer();
    appStore = openAppStore();
    StoreAdministration.of(appStore).clear().toCompletableFuture().join();
    app = SessionManager.create(SessionConfig.builder().keys(KEY).store(appStore).principalAttribute("user").build());
  }

  @AfterEach
  void stopApp() {
    if (app != null) {
      app.close();
      appStore.close();
    }
  }

  /** A request of the application with {@code cookie}; the session cookie it holds after. */
  String request(String cookie, java.util.function.Consumer<Session> handler) {
    TestExchange exchange = TestExchange.withCookieHeader(cookie);
    Session session = app.load(exchange).toCompletableFuture().join();
    handler.accept(session);
    app.commit(exchange, session).toCompletableFuture().join();
    String sent = exchange.sessionCookie("sid");
    return sent != null ? sent : cookie;
  }

  String logIn(String user) {
    return request(null, s -> s.put("user", user));
  }

  /** The CLI's result. */
  record Result(int status, String out, String err) {}

  Result cli(String command, String... args) {
    List<String> all = new ArrayList<>();
    all.add(command);
    all.addAll(List.of(args));
    all.addAll(storeOptions());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = SessionsCli.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
    return new Result(status, out.toString(), err.toString());
  }

  @Test
  void aSessionRevokedByTheCliIsGoneForTheNextRequest() {
    String cookie = logIn("ada");
    String other = logIn("ada");
    request(cookie, s -> assertThat(s.get("user")).isEqualTo("ada"));

    Result listed = cli("list", "--principal", "ada");
    assertThat(listed.status()).as(listed.err()).isZero();
    Matcher handles = Pattern.compile("(?m)^([A-Za-z0-9_-]{22})\t").matcher(listed.out());
    List<String> found = new ArrayList<>();
    while (handles.find()) {
      found.add(handles.group(1));
    }
    assertThat(found).as(listed.out()).hasSize(2);
    String[] ids = new String[1];
    request(cookie, s -> ids[0] = s.id());
    assertThat(listed.out()).as("ids are shown redacted only").doesNotContain(ids[0]);

    String handle = io.sessions4j.core.id.SessionIds.handle(ids[0]);
    Result revoked = cli("revoke", "--principal", "ada", handle);
    assertThat(revoked.status()).as(revoked.err()).isZero();

    request(cookie, s -> assertThat(s.get("user")).as("the revoked session is gone").isNull());
    request(other, s -> assertThat(s.get("user")).as("the other session of ada stays").isEqualTo("ada"));
    assertThat(cli("revoke", "--principal", "ada", handle).status()).as("revoked already").isEqualTo(SessionsCli.NOT_FOUND);
  }

  @Test
  void revokeAllLogsTheUserOutEverywhereAndCountCounts() {
    String first = logIn("grace");
    String second = logIn("grace");
    String linus = logIn("linus");
    assertThat(cli("count").out().trim()).isEqualTo("3");

    Result ended = cli("revoke-all", "--principal", "grace");

    assertThat(ended.status()).as(ended.err()).isZero();
    assertThat(ended.out()).contains("ended 2 sessions of grace");
    request(first, s -> assertThat(s.get("user")).isNull());
    request(second, s -> assertThat(s.get("user")).isNull());
    request(linus, s -> assertThat(s.get("user")).isEqualTo("linus"));
    assertThat(cli("count").out().trim()).isEqualTo("1");
  }

  @Test
  void withoutAStoreTheCliSaysWhatToAdd() {
    StringWriter err = new StringWriter();
    int status = SessionsCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "count");
    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("--jdbc-url").contains("--redis-uri");
  }
}
