package io.sessions4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.SessionTooLargeException;
import io.sessions4j.core.SessionUnavailableException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** {@link FailureResponse}: one answer and one log line per kind of failed commit, in every adapter. */
class FailureResponseTest {

  record Line(Level level, String message, Throwable thrown) {}

  /** A logger that keeps what it is given. */
  static final class RecordingLogger implements Logger {
    final List<Line> lines = new ArrayList<>();

    @Override
    public String getName() {
      return "test";
    }

    @Override
    public boolean isLoggable(Level level) {
      return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      lines.add(new Line(level, msg, thrown));
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      lines.add(new Line(level, format, null));
    }
  }

  final RecordingLogger log = new RecordingLogger();

  @Test
  void storeOutageIs503AndOnlyADebugLineSinceTheEngineLoggedIt() {
    Throwable failure = new CompletionException(new SessionUnavailableException("store down", null));

    FailureResponse answer = FailureResponse.forFailedCommit(log, failure, "end of request");

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.retryAfterSeconds()).isEqualTo(1);
    assertThat(log.lines).singleElement().satisfies(l -> assertThat(l.level()).isEqualTo(Level.DEBUG));
  }

  @Test
  void oversizedCookieIs500AndAnErrorWithItsMessage() {
    FailureResponse answer = FailureResponse.forFailedCommit(log, new SessionTooLargeException("5000 bytes"), "GET /");

    assertThat(answer.status()).isEqualTo(500);
    assertThat(answer.body()).contains("too large");
    assertThat(log.lines).singleElement().satisfies(l -> {
      assertThat(l.level()).isEqualTo(Level.ERROR);
      assertThat(l.message()).contains("GET /").contains("5000 bytes").contains("answering 500");
      assertThat(l.thrown()).isNull();
    });
  }

  @Test
  void anyOtherFailureIsTheFallback500AndAnErrorWithItsStackTrace() {
    IllegalStateException bug = new IllegalStateException("hook broke");

    FailureResponse answer = FailureResponse.forFailedCommit(log, new CompletionException(bug), "flushBuffer()");

    assertThat(answer).isEqualTo(new FailureResponse(500, 0, "Internal Server Error: the session could not be saved.\n"));
    assertThat(FailureResponse.of(bug)).isNull();
    assertThat(FailureResponse.ofCommit(bug)).isEqualTo(answer);
    assertThat(log.lines).singleElement().satisfies(l -> {
      assertThat(l.level()).isEqualTo(Level.ERROR);
      assertThat(l.thrown()).isSameAs(bug);
    });
  }

  @Test
  void aFailureTooLateToAnswerIsAnError() {
    FailureResponse.logUnanswerable(log, new SessionUnavailableException("store down", null), "async complete");

    assertThat(log.lines).singleElement().satisfies(l -> {
      assertThat(l.level()).isEqualTo(Level.ERROR);
      assertThat(l.message()).contains("already committed").contains("async complete");
    });
  }
}
