package io.sessions4j.examples.jdk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionMode;
import io.sessions4j.examples.pages.ExampleArgs;
import io.sessions4j.examples.pages.ExampleKeys;
import io.sessions4j.core.SessionTrace;
import io.sessions4j.examples.pages.RecentTraces;
import io.sessions4j.examples.pages.SessionPanels;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * A tiny shop on the JDK's HTTP server: a view counter, login (with {@code changeId} against
 * fixation) and logout, a cart and a one-time flash message. {@code --mode cookie} keeps the
 * whole session in an encrypted cookie; {@code --port N} (default 8080).
 */
public final class JdkExampleApp {

  private final HttpServer server;
  private final boolean cookieMode;
  private final RecentTraces recentTraces = new RecentTraces();

  JdkExampleApp(int port, SessionManager manager) throws IOException {
    this.cookieMode = manager.config().mode() == SessionMode.COOKIE;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/", this::handle).getFilters().add(new JdkSessionFilter(manager));
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  /** Starts the shop on 127.0.0.1:{@code port} (0: any free port), its sessions keyed by {@code key}. */
  public static JdkExampleApp start(boolean cookieMode, int port, String key) throws IOException {
    return new JdkExampleApp(port, SessionManager.create(config(cookieMode, key).build()));
  }

  /** The port the shop listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops the shop. */
  public void stop() {
    server.stop(0);
  }

  static SessionManager manager(boolean cookieMode) {
    String key = ExampleKeys.fromEnvironment();
    return SessionManager.create(config(cookieMode, key).build());
  }

  /** The example's session options, each with why. */
  static SessionConfig.Builder config(boolean cookieMode, String key) {
    return SessionConfig.builder()
        // store: the id in the cookie, the data in the (memory) store; cookie: the whole session in the cookie
        .mode(cookieMode ? SessionMode.COOKIE : SessionMode.STORE)
        // signs the id cookie (store mode) and encrypts the session cookie (cookie mode): a client
        // can neither forge an id nor read or change a cookie-mode session
        .keys(key)
        // Secure cookie whenever the request is HTTPS (the default; this example serves plain HTTP)
        .secure(SessionConfig.Secure.AUTO)
        // the cookie and the session last 30 minutes from the last change (each change re-sends the cookie)
        .maxAge(Duration.ofMinutes(30))
        // and end after 15 minutes without a request, whatever the cookie says (enforced by the server)
        .idleTimeout(Duration.ofMinutes(15))
        // the decision trace, a development aid: the page shows what the engine did and why, and each
        // request logs one DEBUG line (ids redacted). Leave it off in production.
        .trace(true);
  }

  private void handle(HttpExchange http) throws IOException {
    Session session = JdkSessionFilter.session(http);
    String path = http.getRequestURI().getPath();
    String form = new String(http.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    switch (path) {
      case "/login" -> {
        String user = param(form, "user");
        if (user != null && !user.isBlank()) {
          session.changeId();
          session.put("user", user.trim());
          session.put("flash", "Welcome, " + user.trim() + "!");
        }
        redirect(http, session, path);
      }
      case "/logout" -> {
        session.destroy();
        redirect(http, session, path);
      }
      case "/cart" -> {
        List<Object> cart = new ArrayList<>(session.find("cart", List.class).orElse(List.of()));
        String add = param(form, "add");
        String remove = param(form, "remove");
        if (add != null && !add.isBlank()) {
          cart.add(add.trim());
          session.put("flash", "Added " + add.trim() + ".");
        } else if (remove != null) {
          cart.remove(remove);
          session.put("flash", "Removed " + remove + ".");
        }
        session.put("cart", cart);
        redirect(http, session, path);
      }
      default -> page(http, session);
    }
  }

  private void page(HttpExchange http, Session session) throws IOException {
    int views = session.find("views", Integer.class).orElse(0) + 1;
    session.put("views", views);
    Object flash = session.remove("flash");
    Object user = session.get("user");
    StringBuilder html = new StringBuilder("<!doctype html><html lang=en><meta charset=utf-8><title>sessions4j shop</title>")
        .append(SessionPanels.STYLE).append("<h1>sessions4j shop</h1><p class=mode>Session mode: ")
        .append(cookieMode ? "cookie" : "store").append("</p>");
    if (flash != null) {
      html.append("<p class=flash>").append(escape(flash)).append("</p>");
    }
    html.append("<p>Views this session: <b id=views>").append(views).append("</b></p>");
    if (user == null) {
      html.append("<form method=post action=/login><input name=user placeholder=name><button>Log in</button></form>");
    } else {
      html.append("<p>Logged in as <b id=user>").append(escape(user)).append("</b></p>")
          .append("<form method=post action=/logout><button>Log out</button></form>");
    }
    html.append("<h2>Cart</h2><ul id=cart>");
    for (Object item : session.find("cart", List.class).orElse(List.of())) {
      html.append("<li>").append(escape(item)).append("</li>");
    }
    html.append("</ul><form method=post action=/cart><input name=add placeholder=item><button>Add</button></form>");
    String query = http.getRequestURI().getRawQuery();
    html.append(SessionPanels.session(session, cookieMode))
        // the post that redirected here (?after=KEY&from=PATH), and this request
        .append(SessionPanels.trace(recentTraces.take(param(query == null ? "" : query, "after")),
            "POST " + postedPath(param(query == null ? "" : query, "from")), SessionTrace.of(session)));
    byte[] body = html.toString().getBytes(StandardCharsets.UTF_8);
    http.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    http.sendResponseHeaders(200, body.length);
    http.getResponseBody().write(body);
    http.close();
  }

  /**
   * Post/Redirect/Get: the session commits before the redirect goes out; the page it draws shows
   * this post's decision trace, complete by then.
   */
  private void redirect(HttpExchange http, Session session, String path) throws IOException {
    String after = recentTraces.keep(SessionTrace.of(session));
    http.getResponseHeaders().set("Location", after == null ? "/" : "/?after=" + after + "&from=" + path);
    http.sendResponseHeaders(303, -1);
    http.close();
  }

  private static String param(String form, String name) {
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** The form post a redirect came from, as shown on the page: one of ours, else a placeholder. */
  private static String postedPath(String from) {
    return from != null && List.of("/login", "/logout", "/cart").contains(from) ? from : "(a form)";
  }

  static String escape(Object value) {
    return String.valueOf(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;").replace("'", "&#39;");
  }

  public static void main(String[] args) throws IOException {
    ExampleArgs options = ExampleArgs.parse(args).requireNoOthers();
    int port = options.port();
    boolean cookieMode = options.mode() == SessionMode.COOKIE;
    JdkExampleApp app = new JdkExampleApp(port, manager(cookieMode));
    System.out.println("sessions4j shop on http://127.0.0.1:" + app.port() + " (" + (cookieMode ? "cookie" : "store") + " mode)");
  }
}
