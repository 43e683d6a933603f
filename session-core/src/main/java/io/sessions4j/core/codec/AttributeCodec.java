package io.sessions4j.core.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns session attributes into bytes and back, as JSON with Jackson. No default typing, no
 * polymorphic type ids in the data: decoding yields only JSON values (Map, List, String, Number,
 * Boolean, null), and instances of the types registered by alias (an explicit allow-list) — so
 * stored or client-sent bytes can never choose a class to instantiate. Never Java serialization.
 *
 * <p>Format (version 1): {@code {"v":1,"a":{name:value…},"t":{name:alias…},"m":…,"c":…,"l":…,"e":…,"k":…}};
 * absent fields mean "unset". Documented in {@code session-core/WIRE-FORMATS.md}.
 */
public final class AttributeCodec {
  /** Deepest nesting accepted when decoding; deeper documents are corrupt. */
  public static final int MAX_NESTING = 64;

  private final ObjectMapper mapper;
  private final Map<String, Class<?>> typesByAlias;
  private final Map<Class<?>, String> aliasesByType;

  /** A codec that accepts the given registered types (alias to class). */
  public AttributeCodec(Map<String, Class<?>> allowedTypes) {
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
        .build();
    this.mapper = new ObjectMapper(factory)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.typesByAlias = Map.copyOf(allowedTypes);
    Map<Class<?>, String> reverse = new LinkedHashMap<>();
    allowedTypes.forEach((alias, type) -> reverse.put(type, alias));
    this.aliasesByType = Map.copyOf(reverse);
  }

  /** The alias of a registered type, or null when {@code type} is not registered. */
  public String aliasOf(Class<?> type) {
    return aliasesByType.get(type);
  }

  /** True when values of {@code value}'s class may be stored: JSON values or a registered type. */
  public boolean isAllowed(Object value) {
    return value == null || isJsonValue(value) || aliasesByType.containsKey(value.getClass());
  }

  /** True for the immutable JSON scalar types, which cannot change behind the session's back. */
  public static boolean isImmutable(Object value) {
    return value == null || value instanceof String || value instanceof Boolean
        || value instanceof Integer || value instanceof Long || value instanceof Double
        || value instanceof Float || value instanceof Short || value instanceof Byte
        || value instanceof java.math.BigInteger || value instanceof java.math.BigDecimal;
  }

  private static boolean isJsonValue(Object value) {
    return isImmutable(value) || value instanceof Map || value instanceof Collection
        || value instanceof Number;
  }

  /** The JSON tree of a value. */
  public JsonNode toTree(Object value) {
    // The common scalars directly: the same nodes valueToTree makes, without its TokenBuffer
    // round trip (it showed in profiles; see benchmarks/jmh/PROFILING.md).
    if (value instanceof String s) {
      return JsonNodeFactory.instance.textNode(s);
    } else if (value instanceof Long l) {
      return JsonNodeFactory.instance.numberNode(l);
    } else if (value instanceof Integer i) {
      return JsonNodeFactory.instance.numberNode(i);
    } else if (value instanceof Boolean b) {
      return JsonNodeFactory.instance.booleanNode(b);
    }
    return mapper.valueToTree(value);
  }

  /** The Java value of a tree: JSON values, or an instance of the registered type named by alias. */
  public Object fromTree(JsonNode tree, String alias) {
    try {
      if (alias != null) {
        Class<?> type = typesByAlias.get(alias);
        if (type != null) {
          return mapper.treeToValue(tree, type);
        }
      }
      return mapper.treeToValue(tree, Object.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new CorruptSessionException("attribute cannot be decoded: " + e.getClass().getSimpleName(), e);
    }
  }

  /** Converts a value to {@code type}, which must be a JSON value type or registered. */
  public <T> T convert(Object value, Class<T> type) {
    if (value == null || type.isInstance(value)) {
      return type.cast(value);
    }
    if (value instanceof Number n) {
      Object converted = convertNumber(n, type);
      if (converted != null) {
        return type.cast(converted);
      }
    }
    if (!aliasesByType.containsKey(type) && !Map.class.isAssignableFrom(type)
        && !Collection.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException("session attribute is a " + value.getClass().getSimpleName()
          + ", not a " + type.getName() + "; to store " + type.getSimpleName()
          + " values register the type with SessionConfig.Builder.allowType(alias, type)");
    }
    try {
      return mapper.convertValue(value, type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("session attribute cannot be read as " + type.getName(), e);
    }
  }

  private static Object convertNumber(Number n, Class<?> type) {
    if (type == Long.class || type == long.class) {
      return n.longValue();
    }
    if (type == Integer.class || type == int.class) {
      return n.intValue();
    }
    if (type == Double.class || type == double.class) {
      return n.doubleValue();
    }
    return null;
  }

  /** Encodes a document. */
  public byte[] encode(SessionDocument doc) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("v", 1);
    ObjectNode attrs = root.putObject("a");
    doc.attributes().forEach(attrs::set);
    if (!doc.types().isEmpty()) {
      ObjectNode types = root.putObject("t");
      doc.types().forEach(types::put);
    }
    putIfSet(root, "m", doc.maxAgeMillis());
    putIfSet(root, "c", doc.createdAt());
    putIfSet(root, "l", doc.lastAccessedAt());
    putIfSet(root, "e", doc.expiresAt());
    putIfSet(root, "k", doc.cookieExpiresAt());
    try {
      return mapper.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalArgumentException("session attributes cannot be encoded as JSON: " + e.getMessage(), e);
    }
  }

  private static void putIfSet(ObjectNode root, String field, long value) {
    if (value != SessionDocument.UNSET) {
      root.put(field, value);
    }
  }

  /**
   * Decodes a document.
   *
   * @throws CorruptSessionException when the bytes are not a version-1 session document
   */
  public SessionDocument decode(byte[] bytes) {
    JsonNode root;
    try {
      root = mapper.readTree(bytes);
    } catch (IOException | RuntimeException e) {
      throw new CorruptSessionException("session data is not valid JSON", e);
    }
    if (root == null || !root.isObject() || root.path("v").asInt(0) != 1) {
      throw new CorruptSessionException("session data is not a version 1 session document");
    }
    JsonNode a = root.get("a");
    if (a != null && !a.isObject()) {
      throw new CorruptSessionException("session attributes are not a JSON object");
    }
    Map<String, JsonNode> attributes = new LinkedHashMap<>();
    if (a != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        attributes.put(e.getKey(), e.getValue());
      }
    }
    Map<String, String> types = new LinkedHashMap<>();
    JsonNode t = root.get("t");
    if (t != null) {
      if (!t.isObject()) {
        throw new CorruptSessionException("session type table is not a JSON object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isTextual() || !attributes.containsKey(e.getKey())) {
          throw new CorruptSessionException("session type table is malformed");
        }
        types.put(e.getKey(), e.getValue().asText());
      }
    }
    return new SessionDocument(attributes, types, longField(root, "m"), longField(root, "c"),
        longField(root, "l"), longField(root, "e"), longField(root, "k"));
  }

  private static long longField(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null) {
      return SessionDocument.UNSET;
    }
    if (!n.canConvertToLong() || !n.isIntegralNumber()) {
      throw new CorruptSessionException("session field '" + field + "' is not an integer");
    }
    return n.asLong();
  }
}
