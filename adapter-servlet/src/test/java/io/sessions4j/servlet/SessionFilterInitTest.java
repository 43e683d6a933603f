package io.sessions4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionMode;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration through filter init-params (web.xml or FilterRegistration). */
class SessionFilterInitTest {
  private static final String KEY = "servlet-adapter-test-key-0123456789abcdef";

  /** A FilterConfig carrying {@code params}, in order. */
  private static FilterConfig initParams(String... nameValue) {
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      params.put(nameValue[i], nameValue[i + 1]);
    }
    return new FilterConfig() {
      @Override
      public String getFilterName() {
        return "sessions";
      }

      @Override
      public ServletContext getServletContext() {
        return null;
      }

      @Override
      public String getInitParameter(String name) {
        return params.get(name);
      }

      @Override
      public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(params.keySet());
      }
    };
  }

  @Test
  void initParamsConfigureTheEngine() throws Exception {
    SessionFilter filter = new SessionFilter();

    filter.init(initParams("mode", "cookie", "keys", KEY + "\n  other-" + KEY, "cookieName", "app",
        "maxAge", "PT30M", "idleTimeout", "600000", "sameSite", "strict", "rolling", "true"));

    SessionConfig config = filter.manager().config();
    assertThat(config.mode()).isEqualTo(SessionMode.COOKIE);
    assertThat(config.keys().size()).isEqualTo(2);
    assertThat(config.cookieName()).isEqualTo("app");
    assertThat(config.maxAge()).isEqualTo(Duration.ofMinutes(30));
    assertThat(config.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.rolling()).isTrue();
    filter.destroy();
  }

  @Test
  void listenerClassesNamedInTheInitParamAreTold() throws Exception {
    SessionFilter filter = new SessionFilter();

    filter.init(initParams("httpSessionListeners", SessionListenersContract.NamedInInitParam.class.getName()
        + ",\n " + SessionListenersContract.Recorder.class.getName(), "detectContainerListeners", "false"));

    assertThat(filter.listeners()).hasSize(2)
        .hasExactlyElementsOfTypes(SessionListenersContract.NamedInInitParam.class, SessionListenersContract.Recorder.class);
    filter.destroy();
  }

  @Test
  void initParamNamingNoSessionListenerFailsInit() {
    SessionFilter filter = new SessionFilter();

    assertThatThrownBy(() -> filter.init(initParams("httpSessionListeners", "java.lang.String")))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("httpSessionListeners")
        .hasMessageContaining("'java.lang.String' is not a session listener class");
    assertThatThrownBy(() -> new SessionFilter().init(initParams("detectContainerListeners", "maybe")))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("detectContainerListeners must be true or false");
  }

  @Test
  void programmaticFilterTakesTheFiltersOwnInitParams() throws Exception {
    SessionFilter filter = new SessionFilter(SessionConfig.builder().build());

    filter.init(initParams("httpSessionListeners", SessionListenersContract.Recorder.class.getName()));

    assertThat(filter.listeners()).hasSize(1);
    filter.destroy();
  }

  @Test
  void addListenerRefusesWhatIsNoSessionListener() {
    SessionFilter filter = new SessionFilter(SessionConfig.builder().build());

    assertThatThrownBy(() -> filter.addListener(new java.util.EventListener() {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not an HttpSessionListener, HttpSessionIdListener or HttpSessionAttributeListener");
    filter.destroy();
  }

  @Test
  void badValueFailsInitNamingTheParam() {
    SessionFilter filter = new SessionFilter();

    assertThatThrownBy(() -> filter.init(initParams("maxAge", "thirty minutes")))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("'sessions'")
        .hasMessageContaining("maxAge")
        .hasMessageContaining("PT30M");
  }

  @Test
  void unknownParamFailsInitListingTheKnownOnes() {
    SessionFilter filter = new SessionFilter();

    assertThatThrownBy(() -> filter.init(initParams("cookie-nmae", "app")))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("cookie-nmae")
        .hasMessageContaining("cookieName");
  }

  @Test
  void cookieModeWithoutKeysFailsInitNamingKeys() {
    SessionFilter filter = new SessionFilter();

    assertThatThrownBy(() -> filter.init(initParams("mode", "COOKIE")))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("keys");
  }

  @Test
  void keysNeverAppearInErrorMessages() {
    SessionFilter filter = new SessionFilter();

    assertThatThrownBy(() -> filter.init(initParams("mode", "cookie", "keys", "too-short-secret")))
        .isInstanceOf(ServletException.class)
        .message().doesNotContain("too-short-secret");
  }

  @Test
  void filterBuiltInCodeRefusesInitParamsItWouldIgnore() {
    SessionFilter filter = new SessionFilter(SessionConfig.builder().build());

    assertThatThrownBy(() -> filter.init(initParams("cookieName", "app")))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("cookieName");
  }
}
