package io.sessions4j.core.compat.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a Node session document names its user, for finding a user's sessions in a Node store
 * (the Node records keep no principal of their own): a dotted path of plain field names, e.g.
 * {@code passport.user} (passport's {@code req.session.passport.user}, the default). The principal
 * of a document is the string or number at that path; anything else there, or nothing, is no
 * principal.
 */
public final class PrincipalPath {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]{0,63}");

  /** passport's {@code req.session.passport.user}. */
  public static final PrincipalPath PASSPORT = of("passport.user");

  private final List<String> segments;

  private PrincipalPath(List<String> segments) {
    this.segments = segments;
  }

  /**
   * The path {@code dotted} names.
   *
   * @throws IllegalArgumentException when it is not field names (letters, digits, {@code _}, {@code
   *     $}) joined by dots
   */
  public static PrincipalPath of(String dotted) {
    if (dotted == null) {
      throw new IllegalArgumentException("principalPath must not be null (passport's is \"passport.user\")");
    }
    List<String> segments = List.of(dotted.split("\\.", -1));
    for (String s : segments) {
      if (!SEGMENT.matcher(s).matches()) {
        throw new IllegalArgumentException("principalPath '" + dotted
            + "' is not field names joined by dots (each: letters, digits, _ and $), e.g. passport.user");
      }
    }
    return new PrincipalPath(segments);
  }

  /** The principal {@code root} names: the text of a string, the digits of a number; null otherwise. */
  public String valueIn(ObjectNode root) {
    JsonNode node = root;
    for (String s : segments) {
      node = node == null ? null : node.get(s);
    }
    if (node == null) {
      return null;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    return node.isNumber() ? node.asText() : null;
  }

  /** The path as MySQL's and MariaDB's {@code JSON_EXTRACT} take it: {@code $."passport"."user"}. */
  public String jsonPath() {
    StringBuilder path = new StringBuilder("$");
    segments.forEach(s -> path.append(".\"").append(s).append('"'));
    return path.toString();
  }

  /** The dotted form. */
  @Override
  public String toString() {
    return String.join(".", segments);
  }
}
