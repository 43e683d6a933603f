package io.sessions4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.conformance.store.MutableClock;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.servlet.container.EmbeddedContainer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ApplicationListener;
import org.springframework.security.core.session.AbstractSessionEvent;
import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.security.web.session.HttpSessionCreatedEvent;
import org.springframework.security.web.session.HttpSessionDestroyedEvent;
import org.springframework.security.web.session.HttpSessionEventPublisher;
import org.springframework.security.web.session.HttpSessionIdChangedEvent;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.GenericWebApplicationContext;

/**
 * Spring Security's {@code HttpSessionEventPublisher}, registered with the container as a Spring
 * Boot application registers it, turns sessions4j's session events into Spring application events,
 * and its {@code SessionRegistryImpl} (what {@code maximumSessions} counts with) follows them: a
 * registered session moves with {@code changeSessionId()} and leaves on invalidation and on expiry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SpringSecurityEventsContract {
  private final HttpClient client = HttpClient.newHttpClient();
  private final MutableClock clock = new MutableClock(Instant.now());
  private final MemoryStore store = MemoryStore.builder().clock(clock).promptExpiry(false).build();
  private final GenericWebApplicationContext spring = new GenericWebApplicationContext();
  private EmbeddedContainer container;
  private URI base;

  abstract EmbeddedContainer container();

  /** The Spring Security session events published, as lines. */
  public static class SessionEventLog implements ApplicationListener<AbstractSessionEvent> {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void onApplicationEvent(AbstractSessionEvent event) {
      if (event instanceof HttpSessionCreatedEvent created) {
        events.add("created " + created.getSession().getId());
      } else if (event instanceof HttpSessionIdChangedEvent changed) {
        events.add("idChanged " + changed.getOldSessionId() + " -> " + changed.getNewSessionId());
      } else if (event instanceof HttpSessionDestroyedEvent destroyed) {
        events.add("destroyed " + destroyed.getId() + " contexts=" + destroyed.getSecurityContexts().size());
      }
    }
  }

  /** Logs a user in as Spring Security's RegisterSessionAuthenticationStrategy would: the session is registered. */
  static final class LoginServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      HttpSession session = req.getSession();
      session.setAttribute("user", req.getParameter("user"));
      WebApplicationContext spring = (WebApplicationContext) req.getServletContext()
          .getAttribute(WebApplicationContext.ROOT_WEB_APPLICATION_CONTEXT_ATTRIBUTE);
      spring.getBean(SessionRegistryImpl.class).registerNewSession(session.getId(), req.getParameter("user"));
      resp.getWriter().write(session.getId());
    }
  }

  @BeforeAll
  void start() throws Exception {
    container = container();
    base = container.start("127.0.0.1", 0, context -> {
      spring.setServletContext(context);
      spring.registerBean(SessionRegistryImpl.class);
      spring.registerBean(SessionEventLog.class);
      spring.refresh();
      context.setAttribute(WebApplicationContext.ROOT_WEB_APPLICATION_CONTEXT_ATTRIBUTE, spring);
      // what Spring Boot does with a HttpSessionEventPublisher bean (or a ServletListenerRegistrationBean)
      context.addListener(new HttpSessionEventPublisher());

      mount(context, new SessionFilter(SessionConfig.builder().store(store).clock(clock)
          .idleTimeout(Duration.ofMinutes(30)).build()));
    });
  }

  private static void mount(ServletContext context, SessionFilter filter) {
    FilterRegistration.Dynamic f = context.addFilter("sessions", filter);
    f.setAsyncSupported(true);
    f.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.ASYNC),
        false, "/*");
    context.addServlet("listener-servlet", new ListenerServlet()).addMapping("/app/*");
    context.addServlet("login-servlet", new LoginServlet()).addMapping("/login");
  }

  @AfterAll
  void stop() throws Exception {
    container.close();
    spring.close();
  }

  @BeforeEach
  void clearEvents() {
    log().clear();
  }

  private List<String> log() {
    return spring.getBean(SessionEventLog.class).events;
  }

  private SessionRegistryImpl registry() {
    return spring.getBean(SessionRegistryImpl.class);
  }

  private HttpResponse<String> get(String path, String cookie) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String cookie(HttpResponse<?> response) {
    return response.headers().allValues("Set-Cookie").stream().filter(h -> h.startsWith("sid="))
        .map(h -> h.substring(0, h.indexOf(';'))).findFirst().orElseThrow();
  }

  @Test
  void publisherReportsCreatedIdChangedAndDestroyedAndTheRegistryFollows() throws Exception {
    HttpResponse<String> login = get("/login?user=ada", null);
    String firstId = login.body();
    assertThat(registry().getSessionInformation(firstId).getPrincipal()).isEqualTo("ada");

    HttpResponse<String> changed = get("/app/change", cookie(login));
    String newId = changed.body();
    assertThat(registry().getSessionInformation(firstId)).isNull();
    assertThat(registry().getSessionInformation(newId).getPrincipal()).as("moved with the id").isEqualTo("ada");

    get("/app/invalidate", cookie(changed));
    assertThat(registry().getSessionInformation(newId)).isNull();
    assertThat(registry().getAllSessions("ada", true)).isEmpty();

    assertThat(log()).containsExactly("created " + firstId, "idChanged " + firstId + " -> " + newId,
        "destroyed " + newId + " contexts=0");
  }

  @Test
  void expiredSessionIsReportedDestroyedAndLeavesTheRegistry() throws Exception {
    String id = get("/login?user=grace", null).body();
    log().clear();

    clock.advance(Duration.ofMinutes(31));
    store.cleanUp();

    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (registry().getSessionInformation(id) != null && System.nanoTime() < deadline) {
      Thread.sleep(10); // the memory store reports expiry on the common pool
    }
    assertThat(registry().getSessionInformation(id)).isNull();
    assertThat(log()).containsExactly("destroyed " + id + " contexts=0");
  }
}
