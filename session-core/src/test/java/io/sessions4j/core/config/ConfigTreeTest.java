package io.sessions4j.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Configuration trees become the flat option map every adapter hands to SessionProperties. */
class ConfigTreeTest {

  @Test
  void nestedObjectsJoinTheirKeysWithDotsAndListsJoinTheirValuesWithCommas() {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("mode", "cookie");
    tree.put("keys", List.of("new-secret", "old-secret"));
    tree.put("cookie", Map.of("name", "app-session"));
    tree.put("max-age", 30);
    tree.put("missing", null);

    assertThat(ConfigTree.flatten(tree)).containsExactly(
        Map.entry("mode", "cookie"),
        Map.entry("keys", "new-secret,old-secret"),
        Map.entry("cookie.name", "app-session"),
        Map.entry("max-age", "30"));
  }

  @Test
  void aFrameworksOwnNodesAreReadThroughUnpack() {
    record Node(Object content) {}
    Node root = new Node(Map.of("cookie", new Node(Map.of("path", new Node("/app")))));

    assertThat(ConfigTree.flatten(root, n -> n instanceof Node node ? node.content() : n))
        .containsExactly(Map.entry("cookie.path", "/app"));
  }

  @Test
  void otherToolsEnvironmentVariablesAreSetAsideButOptionsAndMisspellingsStay() {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("jdbc.url", "jdbc:h2:mem:x");
    options.put("max-age", "soon");
    options.put("cookie-nmae", "x");

    Map<String, String> kept = ConfigTree.withoutOtherToolsVariables(options,
        Set.of("SESSIONS4J_JDBC_URL", "SESSIONS4J_MAX_AGE"));

    assertThat(kept).containsExactly(Map.entry("max-age", "soon"), Map.entry("cookie-nmae", "x"));
  }

  @Test
  void variableNamesAreUpperSnakeCaseUnderThePrefix() {
    assertThat(ConfigTree.variableName("max-age")).isEqualTo("SESSIONS4J_MAX_AGE");
    assertThat(ConfigTree.variableName("jdbc.url")).isEqualTo("SESSIONS4J_JDBC_URL");
  }
}
