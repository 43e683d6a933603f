package io.sessions4j.core.config;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionProperties;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The option table, the string binder and the builder agree: one declaration per option. */
class SessionOptionsTest {
  static final String KEY = "options-test-key-0123456789abcdef-xyz";
  static final String OLD_KEY = "options-test-old-key-0123456789abcdef";

  /** For every option with a string form: a value that is not its default. */
  static final Map<String, String> SAMPLES = Map.ofEntries(
      entry("cookieName", "app"), entry("cookiePath", "/app"), entry("cookieDomain", "example.com"),
      entry("secure", "always"), entry("httpOnly", "false"), entry("sameSite", "strict"),
      entry("partitioned", "true"), entry("priority", "high"), entry("cookieProtection", "signed"),
      entry("keys", KEY + "," + OLD_KEY), entry("keyContext", "shop"), entry("compressAbove", "512"), entry("maxCookieSize", "2048"),
      entry("cookieOverflow", "keep-previous"), entry("maxAge", "30m"), entry("rolling", "true"),
      entry("renew", "true"), entry("idleTimeout", "10m"), entry("absoluteTimeout", "8h"),
      entry("defaultLifetime", "2h"), entry("touchAfter", "0.5"), entry("mode", "cookie"),
      entry("resave", "true"), entry("saveUninitialized", "true"), entry("unset", "keep"),
      entry("autoCommit", "false"), entry("storeFailurePolicy", "continue"), entry("storeTimeout", "2s"),
      entry("principalAttribute", "user"), entry("clientHints", "true"), entry("trustProxy", "true"), entry("idHeader", "X-Session"),
      entry("trace", "true"), entry("traceHeader", "true"),
      entry("idCookie", "false"), entry("storeBreaker", "false"), entry("storeBreakerFailureRate", "75"),
      entry("storeBreakerMinimumCalls", "8"), entry("storeBreakerWindow", "20s"),
      entry("storeBreakerOpenFor", "250ms"), entry("storeBreakerProbes", "3"),
      entry("compat", "express-session"), entry("compatSecrets", "nodesecret"),
      entry("migrateFrom", "cookie-session"), entry("migrateSecrets", "nodesecret"), entry("migrateCookieName", "old.sess"));

  /** What a sample needs beside it to pass validation. */
  static final Map<String, Map<String, String>> NEEDS = Map.of(
      "compressAbove", Map.of("mode", "cookie", "keys", KEY),
      "mode", Map.of("keys", KEY),
      "keyContext", Map.of("keys", KEY),
      "idCookie", Map.of("idHeader", "X-Session"),
      "compat", Map.of("compatSecrets", "keyboard cat"),
      "compatSecrets", Map.of("compat", "express-session"),
      "migrateFrom", Map.of("migrateSecrets", "keyboard cat"),
      "migrateSecrets", Map.of("migrateFrom", "cookie-session"),
      "migrateCookieName", Map.of("migrateFrom", "cookie-session", "migrateSecrets", "keyboard cat"));

  @Test
  void everyOptionIsDeclaredOnceWithAGroupADocLineAndABuilderMethod() {
    Set<String> builderMethods = new HashSet<>();
    for (Method m : SessionConfig.Builder.class.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers())) {
        builderMethods.add(m.getName());
      }
    }
    Set<String> names = new HashSet<>();
    for (Option<?> option : SessionOptions.ALL) {
      assertThat(names.add(option.name())).as("declared once: %s", option).isTrue();
      assertThat(option.group()).isNotNull();
      assertThat(option.doc()).as("doc of %s", option).isNotBlank();
      assertThat(option.defaultText()).as("documented default of %s", option).isNotBlank();
      assertThat(builderMethods).as("builder method of %s", option).contains(option.name());
      assertThat(SessionOptions.named(option.name())).isSameAs(option);
    }
    assertThat(SessionOptions.ALL.stream().map(Option::group).toList())
        .as("listed in group order").isSortedAccordingTo(java.util.Comparator.naturalOrder());
  }

  @Test
  void theBinderAcceptsExactlyTheOptionsWithAStringForm() {
    assertThat(SessionProperties.NAMES).isEqualTo(stringOptionNames());
    assertThat(SAMPLES.keySet()).as("a sample for every option with a string form").isEqualTo(stringOptionNames());
  }

  @Test
  void theBuilderStartsFromTheDeclaredDefaults() {
    SessionConfig defaults = SessionConfig.builder().build();
    for (Option<?> option : SessionOptions.withStringForm()) {
      Object expected = option.secret() ? 0 : option.defaultValue();
      assertThat(option.valueIn(defaults)).as("default of %s", option).isEqualTo(expected);
    }
  }

  @Test
  void everyOptionBindsThroughSessionPropertiesInEitherSpellingAndLandsInTheConfig() {
    for (Option<?> option : SessionOptions.withStringForm()) {
      Map<String, String> needs = NEEDS.getOrDefault(option.name(), Map.of());
      // compat and compatSecrets (migrateFrom and migrateSecrets) need each other: each is compared with the defaults
      boolean compat = option == SessionOptions.COMPAT || option == SessionOptions.COMPAT_SECRETS
          || option == SessionOptions.MIGRATE_FROM || option == SessionOptions.MIGRATE_SECRETS;
      SessionConfig without = SessionProperties.toBuilder(compat ? Map.of() : needs).build();
      String sample = SAMPLES.get(option.name());
      Object expected = option.secret() ? OptionValues.keys(sample).size() : option.parse(sample);
      for (String spelling : new java.util.LinkedHashSet<>(java.util.List.of(option.name(), kebabCase(option.name())))) {
        Map<String, String> options = new HashMap<>(needs);
        options.put(spelling, sample);
        SessionConfig with = SessionProperties.toBuilder(options).build();

        assertThat(option.valueIn(with)).as("%s=%s", spelling, sample).isEqualTo(expected)
            .isNotEqualTo(option.valueIn(without));
      }
    }
  }

  @Test
  void defaultsAreDocumentedAsTheyAreWritten() {
    assertThat(SessionOptions.MAX_AGE.defaultText()).isEqualTo("24 h");
    assertThat(SessionOptions.STORE_TIMEOUT.defaultText()).isEqualTo("5 s");
    assertThat(SessionOptions.COOKIE_OVERFLOW.defaultText()).isEqualTo("fail");
    assertThat(SessionOptions.KEYS.defaultText()).isEqualTo("none");
    assertThat(SessionOptions.COOKIE_DOMAIN.defaultText()).isEqualTo("none");
    assertThat(SessionOptions.TOUCH_AFTER.defaultText()).isEqualTo("0.1");
    assertThat(OptionValues.describe(java.time.Duration.ofMillis(1500))).isEqualTo("1500 ms");
  }

  static Set<String> stringOptionNames() {
    return SessionOptions.withStringForm().stream().map(Option::name).collect(Collectors.toSet());
  }

  static String kebabCase(String camel) {
    return camel.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
  }
}
