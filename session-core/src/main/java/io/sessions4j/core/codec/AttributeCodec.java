package io.sessions4j.core.codec;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sessions4j.core.ScrubbedException;
import java.io.IOException;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns session attributes into bytes and back, as JSON with Jackson. Decoding yields JSON values
 * (Map, List, String, Number, Boolean, null), instances of the types registered by alias, and —
 * only when {@link AttributeTypes} registers framework modules or Jackson types — framework
 * objects whose class ids are checked against an explicit allow-list before any class is loaded.
 * Stored or client-sent bytes can never choose a class outside the allow-list; the plain-JSON
 * mapper never reads a class id. Never Java serialization, never unrestricted default typing.
 *
 * <p>Format (version 1): {@code {"v":1,"a":{name:value…},"t":{name:alias…},"m":…,"c":…,"l":…,"e":…,"k":…}};
 * absent fields mean "unset". Documented in {@code session-core/WIRE-FORMATS.md}.
 *
 * <p>It is one class because encoding, streaming decoding and the value conversions share one
 * allow-list and one set of limits ({@link #MAX_NESTING}); keeping the writer and the reader of
 * the format side by side keeps them from drifting apart.
 */
public final class AttributeCodec {
  /** Deepest nesting accepted when decoding; deeper documents are corrupt. */
  public static final int MAX_NESTING = 64;

  private final ObjectMapper mapper;
  /** Reads one value of a document being streamed (the rest of the document follows it). */
  private final ObjectReader valueReader;
  private final Map<String, Class<?>> typesByAlias;
  private final Map<Class<?>, String> aliasesByType;
  /** The Jackson-typed family, or null when nothing is registered for it. */
  private final JacksonTypedValues typed;

  /** A codec that accepts the given registered types (alias to class). */
  public AttributeCodec(Map<String, Class<?>> allowedTypes) {
    this(AttributeTypes.aliased(allowedTypes));
  }

  /** A codec that accepts JSON values and what {@code types} allows. */
  public AttributeCodec(AttributeTypes types) {
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
        .build();
    this.mapper = new ObjectMapper(factory)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.valueReader = mapper.readerFor(JsonNode.class)
        .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.typesByAlias = Map.copyOf(types.aliases());
    Map<Class<?>, String> reverse = new LinkedHashMap<>();
    types.aliases().forEach((alias, type) -> reverse.put(type, alias));
    this.aliasesByType = Map.copyOf(reverse);
    this.typed = types.hasJacksonTypes() ? new JacksonTypedValues(factory, types) : null;
  }

  /**
   * The type-table entry of a value of {@code type}: its alias when registered with
   * {@code allowType}, {@code "@class"} for a Jackson-typed value, null otherwise (JSON values).
   */
  public String aliasOf(Class<?> type) {
    String alias = aliasesByType.get(type);
    if (alias == null && typed != null && typed.isStorable(type)) {
      return JacksonTypedValues.MARKER;
    }
    return alias;
  }

  /**
   * The type-table entry of {@code value}: as {@link #aliasOf} its class, and {@code "@class"} also
   * for a list, set or map that directly holds a Jackson-typed value (Spring MVC's list of
   * {@code FlashMap}s, say), so that what it holds reads back as what it was.
   */
  public String typeOf(Object value) {
    if (value == null || isImmutable(value)) {
      return null;
    }
    String alias = aliasOf(value.getClass());
    if (alias == null && typed != null && holdsTypedValue(value)) {
      return JacksonTypedValues.MARKER;
    }
    return alias;
  }

  private boolean holdsTypedValue(Object value) {
    Iterable<?> elements = value instanceof Collection<?> c ? c : value instanceof Map<?, ?> m ? m.values() : null;
    if (elements != null) {
      for (Object e : elements) {
        if (e != null && !isImmutable(e) && typed.isStorable(e.getClass())) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * True when values of {@code value}'s class may be stored: JSON values, a registered type, or a
   * Jackson-typed value.
   */
  public boolean isAllowed(Object value) {
    return value == null || isJsonValue(value) || aliasesByType.containsKey(value.getClass())
        || (typed != null && typed.isStorable(value.getClass()));
  }

  /**
   * Refuses a value that may not be stored, with a message naming its type and how to allow it.
   * A Jackson-typed value is also written and read back once, so that an object inside it whose
   * class is not allowed is refused now rather than when the session is next read.
   *
   * @throws IllegalArgumentException when {@code value} cannot be stored as attribute {@code name}
   */
  public void requireStorable(String name, Object value) {
    if (!isAllowed(value)) {
      throw new IllegalArgumentException("session attribute '" + name + "' is a " + value.getClass().getName()
          + ", which is neither a JSON value nor a registered type; register it with "
          + "SessionConfig.Builder.allowType(alias, " + value.getClass().getSimpleName() + ".class)"
          + (typed != null ? ", or allowJacksonType(" + value.getClass().getSimpleName()
              + ".class) if it is written by a registered Jackson module" : "")
          + " (framework objects: register the framework's Jackson modules with jacksonModule(...))");
    }
    if (typed != null && JacksonTypedValues.MARKER.equals(typeOf(value))) {
      typed.requireReadable(name, value);
    }
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
    if (typed != null && JacksonTypedValues.MARKER.equals(typeOf(value))) {
      return typed.toTree(value);
    }
    return mapper.valueToTree(value);
  }

  /**
   * True when {@link #decode} of this tree's encoding gives back a tree of the very same node
   * types: text, booleans, null, numbers as the parser reads them (an int as an int node, a long
   * only outside the int range), and objects and arrays of such. False for anything a round trip
   * would change (a small long, floats, decimals, binary, POJO nodes) or that is nested past
   * {@link #MAX_NESTING}: such a tree must be decoded from the bytes to look as every store's
   * readers see it.
   */
  public static boolean decodesToItself(JsonNode tree) {
    return decodesToItself(tree, 0);
  }

  private static boolean decodesToItself(JsonNode tree, int depth) {
    if (tree.isTextual() || tree.isBoolean() || tree.isNull() || tree.isInt()) {
      return true;
    } else if (tree.isLong()) {
      long v = tree.longValue();
      return v < Integer.MIN_VALUE || v > Integer.MAX_VALUE;
    } else if ((tree.isObject() || tree.isArray()) && depth < MAX_NESTING) {
      for (JsonNode child : tree) {
        if (!decodesToItself(child, depth + 1)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /** The Java value of a tree: JSON values, or an instance of the registered type named by alias. */
  public Object fromTree(JsonNode tree, String alias) {
    try {
      if (alias != null) {
        if (typed != null && JacksonTypedValues.MARKER.equals(alias)) {
          try {
            return typed.fromTree(tree);
          } catch (RuntimeException e) {
            // a framework's deserializer given a tree it did not write may throw anything
            throw new CorruptSessionException("attribute cannot be decoded: " + e.getClass().getSimpleName(), ScrubbedException.of(e));
          }
        }
        Class<?> type = typesByAlias.get(alias);
        if (type != null) {
          return mapper.treeToValue(tree, type);
        }
      }
      return mapper.treeToValue(tree, Object.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new CorruptSessionException("attribute cannot be decoded: " + e.getClass().getSimpleName(), ScrubbedException.of(e));
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
      throw new IllegalArgumentException("session attribute cannot be read as " + type.getName() + " ("
          + JacksonErrors.describe(e.getCause() instanceof Exception c ? c : e) + ")", ScrubbedException.of(e));
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

  /**
   * Encodes a document. Streams it with a generator (no tree of the whole document); the bytes are
   * exactly those of writing the equivalent {@code ObjectNode} with the mapper.
   */
  public byte[] encode(SessionDocument doc) {
    BufferRecycler recycler = mapper.getFactory()._getBufferRecycler();
    try (ByteArrayBuilder out = new ByteArrayBuilder(recycler)) {
      try (JsonGenerator g = mapper.createGenerator(out, JsonEncoding.UTF8)) {
        g.writeStartObject();
        g.writeNumberField("v", 1);
        g.writeFieldName("a");
        g.writeStartObject();
        for (Map.Entry<String, JsonNode> e : doc.attributes().entrySet()) {
          g.writeFieldName(e.getKey());
          writeValue(g, e.getValue());
        }
        g.writeEndObject();
        if (!doc.types().isEmpty()) {
          g.writeFieldName("t");
          g.writeStartObject();
          for (Map.Entry<String, String> e : doc.types().entrySet()) {
            g.writeFieldName(e.getKey());
            if (e.getValue() == null) {
              g.writeNull();
            } else {
              g.writeString(e.getValue());
            }
          }
          g.writeEndObject();
        }
        writeIfSet(g, "m", doc.maxAgeMillis());
        writeIfSet(g, "c", doc.createdAt());
        writeIfSet(g, "l", doc.lastAccessedAt());
        writeIfSet(g, "e", doc.expiresAt());
        writeIfSet(g, "k", doc.cookieExpiresAt());
        g.writeEndObject();
      }
      byte[] bytes = out.toByteArray();
      out.release();
      return bytes;
    } catch (IOException e) {
      throw new IllegalArgumentException("session attributes cannot be encoded as JSON: " + JacksonErrors.describe(e),
          ScrubbedException.of(e));
    } finally {
      recycler.releaseToPool();
    }
  }

  /** The JSON bytes of one attribute value, exactly as {@link #encode} writes it inside a document. */
  public byte[] encodeValue(JsonNode value) {
    BufferRecycler recycler = mapper.getFactory()._getBufferRecycler();
    try (ByteArrayBuilder out = new ByteArrayBuilder(recycler)) {
      try (JsonGenerator g = mapper.createGenerator(out, JsonEncoding.UTF8)) {
        writeValue(g, value);
      }
      byte[] bytes = out.toByteArray();
      out.release();
      return bytes;
    } catch (IOException e) {
      throw new IllegalArgumentException("session attribute cannot be encoded as JSON: " + JacksonErrors.describe(e),
          ScrubbedException.of(e));
    } finally {
      recycler.releaseToPool();
    }
  }

  /**
   * Reads one attribute value written by {@link #encodeValue}.
   *
   * @throws CorruptSessionException when the bytes are not one JSON value
   */
  public JsonNode decodeValue(byte[] bytes) {
    try (JsonParser p = mapper.createParser(bytes)) {
      if (p.nextToken() == null) {
        throw new CorruptSessionException("session attribute is empty");
      }
      JsonNode value = readValue(p);
      if (p.nextToken() != null) {
        throw new CorruptSessionException("session attribute has trailing data");
      }
      return value;
    } catch (IOException | RuntimeException e) {
      if (e instanceof CorruptSessionException c) {
        throw c;
      }
      throw new CorruptSessionException("session attribute is not valid JSON", ScrubbedException.of(e));
    }
  }

  /** One attribute value: the common scalars directly, anything else as the mapper writes it. */
  private void writeValue(JsonGenerator g, JsonNode node) throws IOException {
    if (node instanceof TextNode) {
      g.writeString(node.textValue());
    } else if (node instanceof LongNode) {
      g.writeNumber(node.longValue());
    } else if (node instanceof IntNode) {
      g.writeNumber(node.intValue());
    } else if (node instanceof BooleanNode) {
      g.writeBoolean(node.booleanValue());
    } else if (node == null || node.isNull()) {
      g.writeNull();
    } else {
      mapper.writeTree(g, node);
    }
  }

  private static void writeIfSet(JsonGenerator g, String field, long value) throws IOException {
    if (value != SessionDocument.UNSET) {
      g.writeNumberField(field, value);
    }
  }

  /**
   * Decodes a document.
   *
   * <p>Streams the usual shape of a document (each known field at most once, of the expected
   * JSON type, no duplicate names) straight into the result; anything else is handed to
   * {@link #decodeTree}, the reference reading of the whole tree, so that every document is
   * accepted or refused exactly as before. Every value is read in full either way, so Jackson's
   * read constraints (nesting, string and number length) apply as they do to {@code readTree}.
   *
   * @throws CorruptSessionException when the bytes are not a version-1 session document
   */
  public SessionDocument decode(byte[] bytes) {
    SessionDocument doc;
    try (JsonParser p = mapper.createParser(bytes)) {
      doc = decodeStreaming(p);
    } catch (IOException | RuntimeException e) {
      throw new CorruptSessionException("session data is not valid JSON", ScrubbedException.of(e));
    }
    return doc != null ? doc : decodeTree(bytes);
  }

  /** The document, or null when it is not of the usual shape (then {@link #decodeTree} decides). */
  private SessionDocument decodeStreaming(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    boolean version = false;
    Map<String, JsonNode> attributes = null;
    Map<String, String> types = null;
    long m = SessionDocument.UNSET;
    long c = SessionDocument.UNSET;
    long l = SessionDocument.UNSET;
    long e = SessionDocument.UNSET;
    long k = SessionDocument.UNSET;
    int seen = 0; // one bit per known field: a repeated field goes to decodeTree
    String field;
    while ((field = p.nextFieldName()) != null) {
      int bit;
      JsonToken t = p.nextToken();
      switch (field) {
        case "v" -> {
          bit = 1;
          if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT
              || p.getIntValue() != 1) {
            return null;
          }
          version = true;
        }
        case "a" -> {
          bit = 2;
          if (t != JsonToken.START_OBJECT) {
            return null;
          }
          attributes = new LinkedHashMap<>();
          String name;
          while ((name = p.nextFieldName()) != null) {
            p.nextToken();
            if (attributes.put(name, readValue(p)) != null) {
              return null;
            }
          }
        }
        case "t" -> {
          bit = 4;
          if (t != JsonToken.START_OBJECT) {
            return null;
          }
          types = new LinkedHashMap<>();
          String name;
          while ((name = p.nextFieldName()) != null) {
            if (p.nextToken() != JsonToken.VALUE_STRING || types.put(name, p.getText()) != null) {
              return null;
            }
          }
        }
        case "m" -> {
          bit = 8;
          if (!isLong(p, t)) {
            return null;
          }
          m = p.getLongValue();
        }
        case "c" -> {
          bit = 16;
          if (!isLong(p, t)) {
            return null;
          }
          c = p.getLongValue();
        }
        case "l" -> {
          bit = 32;
          if (!isLong(p, t)) {
            return null;
          }
          l = p.getLongValue();
        }
        case "e" -> {
          bit = 64;
          if (!isLong(p, t)) {
            return null;
          }
          e = p.getLongValue();
        }
        case "k" -> {
          bit = 128;
          if (!isLong(p, t)) {
            return null;
          }
          k = p.getLongValue();
        }
        default -> {
          return null;
        }
      }
      if ((seen & bit) != 0) {
        return null;
      }
      seen |= bit;
    }
    if (!version || p.nextToken() != null) {
      return null;
    }
    if (attributes == null) {
      attributes = new LinkedHashMap<>();
    }
    if (types == null) {
      types = new LinkedHashMap<>();
    } else if (!attributes.keySet().containsAll(types.keySet())) {
      return null;
    }
    return new SessionDocument(attributes, types, m, c, l, e, k);
  }

  private static boolean isLong(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.VALUE_NUMBER_INT) {
      return false;
    }
    JsonParser.NumberType type = p.getNumberType();
    return type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG;
  }

  /**
   * The tree of the value at the parser's current token: the scalar nodes {@code readTree} makes
   * (same classes), built directly; anything else read by Jackson. Leaves the parser on the value's
   * last token.
   */
  private JsonNode readValue(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING) {
      return JsonNodeFactory.instance.textNode(p.getText());
    } else if (t == JsonToken.VALUE_NUMBER_INT) {
      JsonParser.NumberType type = p.getNumberType();
      if (type == JsonParser.NumberType.INT) {
        return JsonNodeFactory.instance.numberNode(p.getIntValue());
      } else if (type == JsonParser.NumberType.LONG) {
        return JsonNodeFactory.instance.numberNode(p.getLongValue());
      }
    } else if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
      return JsonNodeFactory.instance.booleanNode(t == JsonToken.VALUE_TRUE);
    } else if (t == JsonToken.VALUE_NULL) {
      return JsonNodeFactory.instance.nullNode();
    }
    return valueReader.readTree(p);
  }

  /** The reference decoding: the whole document as a tree, then checked. */
  SessionDocument decodeTree(byte[] bytes) {
    JsonNode root;
    try {
      root = mapper.readTree(bytes);
    } catch (IOException | RuntimeException e) {
      throw new CorruptSessionException("session data is not valid JSON", ScrubbedException.of(e));
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


  /** The reference encoding: the document as a tree, written by the mapper (for tests). */
  byte[] encodeTree(SessionDocument doc) {
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
      throw new IllegalArgumentException("session attributes cannot be encoded as JSON: " + JacksonErrors.describe(e),
          ScrubbedException.of(e));
    }
  }

  private static void putIfSet(ObjectNode root, String field, long value) {
    if (value != SessionDocument.UNSET) {
      root.put(field, value);
    }
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
