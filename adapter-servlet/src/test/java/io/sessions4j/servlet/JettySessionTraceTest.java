package io.sessions4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.SessionTrace;
import io.sessions4j.servlet.container.EmbeddedContainer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The decision trace through the servlet filter on Jetty: switched on by init-param, on the request
 * for the page ({@code Sessions.trace}, the request attribute), and in the {@code Sessions4j-Trace}
 * header with {@code traceHeader}.
 */
class JettySessionTraceTest {
  final EmbeddedContainer container = EmbeddedContainer.named("jetty");
  final HttpClient client = HttpClient.newHttpClient();
  URI base;

  /** Puts {@code item} in the cart (or logs in with change-id), and answers what the trace says now. */
  static final class ShopServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      if (request.getParameter("login") != null) {
        request.changeSessionId();
        request.getSession().setAttribute("user", request.getParameter("login"));
      } else if (request.getParameter("item") != null) {
        request.getSession().setAttribute("cart", request.getParameter("item"));
      }
      Object attribute = request.getAttribute(SessionTrace.REQUEST_ATTRIBUTE);
      response.setContentType("text/plain");
      response.getWriter().print(Sessions.trace(request).map(SessionTrace::summary).orElse("no trace")
          + "\nattribute=" + (attribute == Sessions.trace(request).orElse(null)));
    }
  }

  @BeforeEach
  void start() throws Exception {
    base = container.start("127.0.0.1", 0, context -> {
      for (String[] mount : new String[][] {{"traced", "/traced/*", "true", "false"}, {"header", "/header/*", "false", "true"},
          {"off", "/off/*", "false", "false"}}) {
        FilterRegistration.Dynamic filter = context.addFilter("sessions-" + mount[0], SessionFilter.class);
        filter.setInitParameter("keys", "servlet-trace-test-key-0123456789abcdef");
        filter.setInitParameter("cookiePath", "/" + mount[0]);
        filter.setInitParameter("trace", mount[2]);
        filter.setInitParameter("traceHeader", mount[3]);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, mount[1]);
      }
      context.addServlet("shop", new ShopServlet()).addMapping("/*");
    });
  }

  @AfterEach
  void stop() throws Exception {
    container.close();
  }

  HttpResponse<String> get(String path, String cookie) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String cookieOf(HttpResponse<?> response) {
    return response.headers().firstValue("Set-Cookie").map(c -> c.substring(0, c.indexOf(';'))).orElseThrow();
  }

  @Test
  void thePageSeesItsRequestsTraceWithThePlannedCommit() throws Exception {
    HttpResponse<String> cart = get("/traced/?item=apple", null);
    assertThat(cart.body()).contains("token: none presented")
        .contains("commit (planned): store write (new record), Set-Cookie: new session with data")
        .contains("attribute=true");

    HttpResponse<String> login = get("/traced/?login=ada", cookieOf(cart));
    assertThat(login.body()).contains("token: from the cookie", "load: loaded from the store")
        .contains("commit (planned): store write (new record), Set-Cookie, id changes ")
        .contains("attributes written: cart, user");
    assertThat(cookieOf(login)).isNotEqualTo(cookieOf(cart));
    assertThat(login.headers().firstValue(SessionTrace.HEADER)).isEmpty();
  }

  @Test
  void traceHeaderCarriesWhatTheCommitDid() throws Exception {
    HttpResponse<String> cart = get("/header/?item=apple", null);
    HttpResponse<String> login = get("/header/?login=ada", cookieOf(cart));

    assertThat(login.headers().firstValue(SessionTrace.HEADER)).get().asString()
        .contains("commit: store written (new record), Set-Cookie sent, id changed ")
        .contains("the session got a new id");
  }

  @Test
  void withTraceOffThereIsNone() throws Exception {
    HttpResponse<String> cart = get("/off/?item=apple", null);

    assertThat(cart.body()).startsWith("no trace");
    assertThat(cart.headers().firstValue(SessionTrace.HEADER)).isEmpty();
  }
}
