package io.sessions4j.core.codec;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.jsontype.PolymorphicTypeValidator;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.sessions4j.core.ScrubbedException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The Jackson-typed family of {@link AttributeTypes}: a mapper of its own (the plain-JSON mapper
 * never reads a class id) with the registered modules, writing class ids ({@code "@class"}) where
 * framework modules expect them and honouring on read only the ids {@link ClassIdAllowList} allows.
 */
final class JacksonTypedValues {
  /** The type-table marker of a Jackson-typed value (aliases may not start with '@'). */
  static final String MARKER = "@class";

  private final ObjectMapper mapper;
  private final ObjectWriter writer;
  private final Set<Class<?>> explicitTypes;
  /** Per class: may it be stored as a Jackson-typed value (explicitly allowed, or given a mix-in)? */
  private final ClassValue<Boolean> storable = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      return explicitTypes.contains(type)
          || mapper.getSerializationConfig().findMixInClassFor(type) != null;
    }
  };

  JacksonTypedValues(JsonFactory factory, AttributeTypes types) {
    this.explicitTypes = types.jacksonTypes();
    ClassIdAllowList allowList = new ClassIdAllowList(
        types.jacksonTypes().stream().map(Class::getName).collect(Collectors.toUnmodifiableSet()));
    this.mapper = new ObjectMapper(factory.copy())
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .setPolymorphicTypeValidator(allowList);
    // Installed before the modules: framework modules that install typing of their own (Spring
    // Security's do, when none is set) find ours and keep it — so our allow-list decides.
    mapper.activateDefaultTyping(allowList, ObjectMapper.DefaultTyping.NON_FINAL, JsonTypeInfo.As.PROPERTY);
    for (Module module : types.jacksonModules()) {
      mapper.registerModule(module);
    }
    if (!(mapper.getDeserializationConfig().getDefaultTyper(null) instanceof ObjectMapper.DefaultTypeResolverBuilder b)
        || b.getTypeProperty() == null || !b.getTypeProperty().equals(MARKER)) {
      throw new IllegalStateException("a registered Jackson module replaced sessions4j's class-id allow-list; "
          + "it cannot be used for session attributes");
    }
    // the root value's class id too, also for final classes, so it always reads back as Object
    this.writer = mapper.writerFor(Object.class);
  }

  /** True when values of exactly {@code type} may be stored in this family. */
  boolean isStorable(Class<?> type) {
    return storable.get(type);
  }

  JsonNode toTree(Object value) {
    try (TokenBuffer buffer = new TokenBuffer(mapper, false)) {
      writer.writeValue(buffer, value);
      return mapper.readTree(buffer.asParser());
    } catch (IOException e) {
      throw new IllegalArgumentException("session attribute cannot be written as JSON: " + JacksonErrors.describe(e),
          ScrubbedException.of(e));
    }
  }

  Object fromTree(JsonNode tree) throws IOException {
    // through the mapper, not an ObjectReader: framework deserializers cast the parser's codec to
    // ObjectMapper (Spring Security's OAuth2 ones do)
    try (JsonParser parser = mapper.treeAsTokens(tree)) {
      return mapper.readValue(parser, Object.class);
    }
  }

  /**
   * Refuses, when it is set, a value that would not read back: one holding an object whose class is
   * not on the allow-list (an application's own principal class, say).
   */
  void requireReadable(String name, Object value) {
    try {
      fromTree(toTree(value));
    } catch (InvalidTypeIdException e) {
      String id = e.getTypeId();
      throw new IllegalArgumentException("session attribute '" + name + "' (a " + value.getClass().getName()
          + ") holds a " + id + ", which is not on the Jackson type allow-list; allow it with "
          + "SessionConfig.Builder.allowJacksonType(" + simpleName(id) + ".class) or register the Jackson "
          + "module that handles it with jacksonModule(...)", ScrubbedException.of(e));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("session attribute '" + name + "' (a " + value.getClass().getName()
          + ") does not read back from its JSON form: " + JacksonErrors.describe(e), ScrubbedException.of(e));
    }
  }

  private static String simpleName(String className) {
    if (className == null) {
      return "Type";
    }
    String s = className.substring(className.lastIndexOf('.') + 1);
    return s.replace('$', '.');
  }

  /**
   * Allows a class id only when it names an explicitly allowed class, a class a registered module
   * gives a mix-in to, or one of {@link AttributeTypes#JDK_CONTAINERS}. Names are checked before the
   * class is initialised: a name outside the list is refused without loading it, and the mix-in
   * check loads a class without running its static initialiser.
   */
  static final class ClassIdAllowList extends PolymorphicTypeValidator.Base {
    private static final long serialVersionUID = 1L;
    private final Set<String> explicit;
    private final transient ConcurrentHashMap<String, Boolean> mixInTargets = new ConcurrentHashMap<>();

    ClassIdAllowList(Set<String> explicit) {
      this.explicit = explicit;
    }

    @Override
    public Validity validateBaseType(MapperConfig<?> config, JavaType baseType) {
      return Validity.INDETERMINATE;
    }

    @Override
    public Validity validateSubClassName(MapperConfig<?> config, JavaType baseType, String subClassName) {
      return allowed(config, subClassName) ? Validity.ALLOWED : Validity.DENIED;
    }

    @Override
    public Validity validateSubType(MapperConfig<?> config, JavaType baseType, JavaType subType) {
      return allowed(config, subType.getRawClass().getName()) ? Validity.ALLOWED : Validity.DENIED;
    }

    private boolean allowed(MapperConfig<?> config, String className) {
      if (explicit.contains(className) || AttributeTypes.JDK_CONTAINERS.contains(className)
          || Boolean.TRUE.equals(mixInTargets.get(className))) {
        return true;
      }
      Class<?> type = loadWithoutInitialising(className);
      if (type != null && config.findMixInClassFor(type) != null) {
        mixInTargets.put(className, Boolean.TRUE); // only names that are allowed are remembered
        return true;
      }
      return false;
    }

    private static Class<?> loadWithoutInitialising(String className) {
      if (className.isEmpty() || className.length() > 512 || className.startsWith("[")) {
        return null;
      }
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      try {
        return Class.forName(className, false, loader != null ? loader : JacksonTypedValues.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        return null;
      }
    }
  }
}
