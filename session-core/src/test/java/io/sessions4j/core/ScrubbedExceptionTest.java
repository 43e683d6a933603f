package io.sessions4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLIntegrityConstraintViolationException;
import org.junit.jupiter.api.Test;

/** Driver and Jackson messages lose the values they echo, and keep what names the fault. */
class ScrubbedExceptionTest {
  static final String ID = "Xk3_f9QpL0a8sJd7wR2yT5uV6bN1mC4eZ0hG9iK8lO7";

  @Test
  void valuesEchoedByDriversAreRemoved() {
    assertThat(ScrubbedException.scrub("Duplicate entry '" + ID + "' for key 'PRIMARY'"))
        .isEqualTo("Duplicate entry '…' for key '…'");
    assertThat(ScrubbedException.scrub("ERROR: duplicate key value violates unique constraint \"pk\"\n"
        + "  Detail: Key (id)=(" + ID + ") already exists.")).isEqualTo("ERROR: duplicate key value violates unique constraint \"…\"");
    assertThat(ScrubbedException.scrub("Key (id)=(abc) exists")).isEqualTo("Key (id)=(…) exists");
    assertThat(ScrubbedException.scrub("refused session " + ID + " now")).isEqualTo("refused session … now");
    assertThat(ScrubbedException.scrub("no digits but long " + "abcdefghijklmnopqrstuvwxyzABCDEFG"))
        .isEqualTo("no digits but long …");
    assertThat(ScrubbedException.scrub("Connection refused: /127.0.0.1:3306 (SQLTransientConnectionException)"))
        .as("what names the fault stays").isEqualTo("Connection refused: /127.0.0.1:3306 (SQLTransientConnectionException)");
  }

  @Test
  void theStandInKeepsClassStateTraceAndCausesButNoValues() {
    RuntimeException root = new IllegalStateException("socket said " + ID);
    SQLIntegrityConstraintViolationException driver =
        new SQLIntegrityConstraintViolationException("Duplicate entry '" + ID + "' for key 'PRIMARY'", "23000", root);
    ScrubbedException stand = ScrubbedException.of(driver);
    assertThat(stand.originalClass()).isEqualTo(SQLIntegrityConstraintViolationException.class.getName());
    assertThat(stand.getMessage()).contains("SQLIntegrityConstraintViolationException", "SQLState 23000", "Duplicate entry '…'")
        .doesNotContain(ID);
    assertThat(stand.getStackTrace()).isEqualTo(driver.getStackTrace());
    assertThat(stand.getCause()).isInstanceOf(ScrubbedException.class);
    assertThat(stand.getCause().getMessage()).contains(IllegalStateException.class.getName()).doesNotContain(ID);
    assertThat(ScrubbedException.of(stand)).isSameAs(stand);
    assertThat(ScrubbedException.of(null)).isNull();
  }
}
