package io.sessions4j.core.compat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrincipalPathTest {

  @Test
  void thePrincipalIsTheStringOrNumberAtThePathAndNothingElse() {
    PrincipalPath path = PrincipalPath.PASSPORT;
    assertThat(path.valueIn(ExpressSessionJson.parse("{\"passport\":{\"user\":\"ann\"}}"))).isEqualTo("ann");
    assertThat(path.valueIn(ExpressSessionJson.parse("{\"passport\":{\"user\":42}}"))).isEqualTo("42");
    assertThat(path.valueIn(ExpressSessionJson.parse("{\"passport\":{\"user\":{\"id\":1}}}"))).isNull();
    assertThat(path.valueIn(ExpressSessionJson.parse("{\"passport\":\"ann\"}"))).isNull();
    assertThat(path.valueIn(ExpressSessionJson.parse("{\"cookie\":{}}"))).isNull();
    assertThat(PrincipalPath.of("userId").valueIn(ExpressSessionJson.parse("{\"userId\":\"bob\"}"))).isEqualTo("bob");
  }

  @Test
  void theSqlPathQuotesEveryField() {
    assertThat(PrincipalPath.PASSPORT.jsonPath()).isEqualTo("$.\"passport\".\"user\"");
    assertThat(PrincipalPath.of("a.$b._c").toString()).isEqualTo("a.$b._c");
  }

  @Test
  void aPathThatIsNotFieldNamesIsRefusedNamingTheOption() {
    for (String bad : new String[] {"", "passport.", ".user", "pass port", "a.\"b\"", "a[0]", "a.b'"}) {
      assertThatThrownBy(() -> PrincipalPath.of(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("principalPath");
    }
  }
}
