package io.sessions4j.conformance.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The session JSON every protocol route answers with: {@code {"id": string|null, "new": bool,
 * "attributes": {…}}} plus optional extra fields (such as {@code "error"}).
 */
public record SessionJson(String id, boolean isNew, Map<String, Object> attributes, JsonNode raw) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Parses and checks the shape.
   *
   * @throws IllegalArgumentException saying what is wrong when {@code body} is not session JSON
   */
  public static SessionJson parse(String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (Exception e) {
      throw new IllegalArgumentException("body is not JSON");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("body is not a JSON object");
    }
    JsonNode id = root.get("id");
    JsonNode isNew = root.get("new");
    JsonNode attributes = root.get("attributes");
    if (id == null || !(id.isTextual() || id.isNull())) {
      throw new IllegalArgumentException("\"id\" must be a string or null");
    }
    if (isNew == null || !isNew.isBoolean()) {
      throw new IllegalArgumentException("\"new\" must be a boolean");
    }
    if (attributes == null || !attributes.isObject()) {
      throw new IllegalArgumentException("\"attributes\" must be an object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> attrs = JSON.convertValue(attributes, LinkedHashMap.class);
    return new SessionJson(id.isNull() ? null : id.asText(), isNew.asBoolean(),
        Collections.unmodifiableMap(attrs), root);
  }

  /** An attribute, or null. */
  public Object attribute(String name) {
    return attributes.get(name);
  }

  /** An extra top-level field as text, or null when absent. */
  public String field(String name) {
    JsonNode n = raw.get(name);
    return n == null || n.isNull() ? null : n.asText();
  }
}
