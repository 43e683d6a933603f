package io.sessions4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessions4j.core.config.Option;
import io.sessions4j.core.config.SessionOptions;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The IDE-completion metadata of the session options, {@code
 * META-INF/additional-spring-configuration-metadata.json}, is generated from the core's option
 * table ({@link SessionOptions}); this test holds the committed file to it. When an option changes,
 * it fails and says how to regenerate the file. Spring Boot's configuration processor merges the
 * file with the metadata of {@link SessionsProperties} into {@code spring-configuration-metadata.json}.
 */
class ConfigurationMetadataTest {
  static final String ADDITIONAL = "META-INF/additional-spring-configuration-metadata.json";
  static final String MERGED = "META-INF/spring-configuration-metadata.json";
  static final Path SOURCE = Path.of("src/main/resources", ADDITIONAL);
  /** Words the options accept beyond their type's values. */
  static final Map<String, List<String>> EXTRA_VALUES = Map.of(
      "sameSite", List.of("omit"),
      "secure", List.of("true", "false"),
      "maxAge", List.of("session"));

  @Test
  void additionalMetadataListsEveryOptionWithAStringForm() throws IOException {
    String expected = generate();
    if (Boolean.getBoolean("sessions4j.metadata.write") && Files.isDirectory(SOURCE.getParent())) {
      Files.writeString(SOURCE, expected, StandardCharsets.UTF_8);
    }
    String committed;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(ADDITIONAL)) {
      assertThat(in).as(ADDITIONAL + " is missing").isNotNull();
      committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(committed)
        .as(ADDITIONAL + " is stale (the core's options changed). Regenerate it: ./mvnw -pl spring-boot-autoconfigure "
            + "test -Dtest=ConfigurationMetadataTest -Dsessions4j.metadata.write=true")
        .isEqualTo(expected);
  }

  @Test
  void mergedMetadataHasTheSessionOptionsAndTheStartersProperties() throws IOException {
    JsonNode merged;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(MERGED)) {
      merged = new ObjectMapper().readTree(in);
    }
    Set<String> names = new HashSet<>();
    merged.get("properties").forEach(p -> names.add(p.get("name").asText()));
    for (Option<?> option : SessionOptions.withStringForm()) {
      assertThat(names).contains("sessions4j." + kebab(option.name()));
    }
    assertThat(names).contains("sessions4j.store", "sessions4j.jdbc.table-name", "sessions4j.redis.uri",
        "sessions4j.filter.order", "management.endpoint.sessions4j.show-ids");
  }

  @Test
  void extraValuesAreAcceptedByTheirOptions() {
    EXTRA_VALUES.forEach((name, values) -> values.forEach(value ->
        assertThatCode(() -> SessionOptions.named(name).parse(value)).as(name + "=" + value).doesNotThrowAnyException()));
  }

  /** The metadata of every option with a string form, in the option table's order. */
  static String generate() throws IOException {
    Map<Option<?>, Type> types = optionTypes();
    List<Map<String, Object>> properties = new ArrayList<>();
    List<Map<String, Object>> hints = new ArrayList<>();
    for (Option<?> option : SessionOptions.withStringForm()) {
      String name = "sessions4j." + kebab(option.name());
      Type type = types.get(option);
      Map<String, Object> property = new LinkedHashMap<>();
      property.put("name", name);
      property.put("type", typeName(type));
      property.put("description", sentence(option.doc()) + (option.secret() ? " Secret: never shown in messages." : ""));
      Object defaultValue = defaultValue(option.defaultValue());
      if (defaultValue != null) {
        property.put("defaultValue", defaultValue);
      }
      properties.add(property);
      List<String> values = new ArrayList<>();
      if (type instanceof Class<?> c && c.isEnum()) {
        for (Object constant : c.getEnumConstants()) {
          values.add(((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
      }
      values.addAll(EXTRA_VALUES.getOrDefault(option.name(), List.of()));
      if (!values.isEmpty()) {
        List<Map<String, Object>> hintValues = new ArrayList<>();
        values.forEach(v -> hintValues.add(Map.of("value", v)));
        Map<String, Object> hint = new LinkedHashMap<>();
        hint.put("name", name);
        hint.put("values", hintValues);
        hints.add(hint);
      }
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("properties", properties);
    root.put("hints", hints);
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
        .withObjectIndenter(new DefaultIndenter("  ", "\n"))
        .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    return new ObjectMapper().writer(printer).writeValueAsString(root) + "\n";
  }

  /** Each option's value type, from the generic type of its field in {@link SessionOptions}. */
  static Map<Option<?>, Type> optionTypes() {
    Map<Option<?>, Type> types = new IdentityHashMap<>();
    for (Field field : SessionOptions.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == Option.class) {
        try {
          types.put((Option<?>) field.get(null), ((ParameterizedType) field.getGenericType()).getActualTypeArguments()[0]);
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    return types;
  }

  static String typeName(Type type) {
    if (type instanceof Class<?> c) {
      // enums as strings with value hints: the core reads them in any case, with - for _
      return c.isEnum() ? String.class.getName() : c.getName();
    }
    if (type instanceof ParameterizedType p) {
      return typeName(p.getRawType()) + "<" + typeName(p.getActualTypeArguments()[0]) + ">";
    }
    return type.getTypeName();
  }

  static Object defaultValue(Object value) {
    if (value == null || value instanceof List<?> list && list.isEmpty()) {
      return null;
    }
    if (value instanceof Duration d) {
      long millis = d.toMillis();
      return millis % 3_600_000 == 0 ? millis / 3_600_000 + "h"
          : millis % 60_000 == 0 ? millis / 60_000 + "m"
          : millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
    if (value instanceof Enum<?> e) {
      return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
    return value;
  }

  static String kebab(String camel) {
    StringBuilder sb = new StringBuilder();
    for (char c : camel.toCharArray()) {
      if (Character.isUpperCase(c)) {
        sb.append('-').append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  static String sentence(String doc) {
    String s = Character.toUpperCase(doc.charAt(0)) + doc.substring(1);
    return s.endsWith(".") ? s : s + ".";
  }
}
