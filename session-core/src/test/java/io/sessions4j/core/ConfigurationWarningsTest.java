package io.sessions4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.testing.TestExchange;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The warnings an engine gives once about configurations weaker than they look: passphrase keys,
 * store mode without keys, and an untrusted proxy that says the client used HTTPS. None holds a
 * secret.
 */
class ConfigurationWarningsTest {
  static final String PASSPHRASE = "correct horse battery staple is my password";
  static final String RANDOM_KEY = "base64:q83vEjRWeJAuVyGPeO3Ok1tPDXdBwbQW8AUGFShvCsDUAX8M93wePeKVZHHKUzWZ";

  final List<String> warnings = new CopyOnWriteArrayList<>();
  final Logger logger = Logger.getLogger("io.sessions4j.core.SessionManager");
  final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
        warnings.add(record.getMessage());
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void listen() {
    logger.addHandler(handler);
  }

  @AfterEach
  void stop() {
    logger.removeHandler(handler);
  }

  @Test
  void aPassphraseKeyIsWarnedAboutOnceWithoutTheSecret() {
    SessionManager.create(SessionConfig.builder().keys(RANDOM_KEY, PASSPHRASE).build());
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0)).contains("keys[1]", "passphrase", "openssl rand -base64 48")
        .doesNotContain(PASSPHRASE).doesNotContain("horse");
  }

  @Test
  void randomKeysAreNotWarnedAbout() {
    SessionManager.create(SessionConfig.builder().keys(RANDOM_KEY).build());
    assertThat(warnings).isEmpty();
  }

  @Test
  void storeModeWithoutKeysIsWarnedAbout() {
    SessionManager.create(SessionConfig.builder().build());
    assertThat(warnings).singleElement().asString().contains("without keys", "store read");
  }

  @Test
  void anUntrustedProxySayingHttpsIsWarnedAboutOnce() {
    SessionManager m = SessionManager.create(SessionConfig.builder().keys(RANDOM_KEY).build());
    for (int i = 0; i < 3; i++) {
      TestExchange ex = TestExchange.request().header("X-Forwarded-Proto", "https").build();
      Session s = m.load(ex).toCompletableFuture().join();
      s.put("n", i);
      m.commit(ex, s).toCompletableFuture().join();
      assertThat(ex.setCookies().get(0)).doesNotContain("Secure");
    }
    assertThat(warnings).singleElement().asString().contains("X-Forwarded-Proto: https", "trustProxy=true");
  }

  @Test
  void aTrustedProxySayingHttpsIsNotWarnedAbout() {
    SessionManager m = SessionManager.create(SessionConfig.builder().keys(RANDOM_KEY).trustProxy(true).build());
    TestExchange ex = TestExchange.request().header("X-Forwarded-Proto", "https").build();
    Session s = m.load(ex).toCompletableFuture().join();
    s.put("n", 1);
    m.commit(ex, s).toCompletableFuture().join();
    assertThat(ex.setCookies().get(0)).contains("Secure");
    assertThat(warnings).isEmpty();
  }
}
