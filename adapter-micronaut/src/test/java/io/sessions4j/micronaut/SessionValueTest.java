package io.sessions4j.micronaut;

import static io.sessions4j.micronaut.TestClient.cookie;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code @SessionValue} binds single attributes to controller parameters. */
class SessionValueTest {
  static TestClient app;

  @BeforeAll
  static void start() {
    app = TestClient.start("SessionValueTest", Map.of("spec.routes", "session"));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void attributesBindByNameAndConvertToTheParameterType() {
    String sid = cookie(app.get("/s/set?k=k&v=hello"), "sid");
    app.get("/s/incr", "Cookie", sid);

    assertThat(app.get("/s/value", "Cookie", sid).body()).isEqualTo("hello 1");
  }

  @Test
  void absentAttributesAreNullForNullableAndEmptyForOptional() {
    assertThat(app.get("/s/value").body()).isEqualTo("null none");
  }

  @Test
  void theParameterNameIsTheDefaultAttributeName() {
    String sid = cookie(app.get("/s/set?k=k&v=by-name"), "sid");

    assertThat(app.get("/s/value-by-name", "Cookie", sid).body()).isEqualTo("by-name");
  }

  @Test
  void primitiveParametersBind() {
    String sid = cookie(app.get("/s/incr"), "sid");

    assertThat(app.get("/s/value-int", "Cookie", sid).body()).isEqualTo("2");
  }

  @Test
  void anAbsentRequiredAttributeIsABadRequest() {
    assertThat(app.get("/s/value-required").statusCode()).isEqualTo(400);
  }

  @Test
  void aValueOfTheWrongTypeIsABadRequestThatDoesNotEchoTheValue() {
    String sid = cookie(app.get("/s/set?k=n&v=secret-text"), "sid");

    var response = app.get("/s/value-int", "Cookie", sid);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).doesNotContain("secret-text");
  }
}
