package io.sessions4j.examples.jdk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionMode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * A tiny shop on the JDK's HTTP server: a view counter, login (with {@code changeId} against
 * fixation) and logout, a cart and a one-time flash message. {@code --mode cookie} keeps the
 * whole session in an encrypted cookie; {@code --port N} (default 8080).
 */
public final class JdkExampleApp {
  private final HttpServer server;

  JdkExampleApp(int port, SessionManager manager) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/", this::handle).getFilters().add(new JdkSessionFilter(manager));
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  void stop() {
    server.stop(0);
  }

  static SessionManager manager(boolean cookieMode) {
    SessionConfig.Builder config = SessionConfig.builder();
    if (cookieMode) {
      String key = System.getenv("SESSIONS4J_KEYS");
      if (key == null) {
        byte[] random = new byte[48];
        new SecureRandom().nextBytes(random);
        key = Base64.getEncoder().encodeToString(random);
        System.err.println("WARNING: SESSIONS4J_KEYS is not set; using a random key, so sessions end on restart");
      }
      config.mode(SessionMode.COOKIE).keys(key);
    }
    return SessionManager.create(config.build());
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
        redirect(http);
      }
      case "/logout" -> {
        session.destroy();
        redirect(http);
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
        redirect(http);
      }
      default -> page(http, session);
    }
  }

  private static void page(HttpExchange http, Session session) throws IOException {
    int views = session.find("views", Integer.class).orElse(0) + 1;
    session.put("views", views);
    Object flash = session.remove("flash");
    Object user = session.get("user");
    StringBuilder html = new StringBuilder("<!doctype html><title>sessions4j shop</title><h1>sessions4j shop</h1>");
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
    byte[] body = html.toString().getBytes(StandardCharsets.UTF_8);
    http.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    http.sendResponseHeaders(200, body.length);
    http.getResponseBody().write(body);
    http.close();
  }

  private static void redirect(HttpExchange http) throws IOException {
    http.getResponseHeaders().set("Location", "/");
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

  static String escape(Object value) {
    return String.valueOf(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;").replace("'", "&#39;");
  }

  public static void main(String[] args) throws IOException {
    int port = 8080;
    boolean cookieMode = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--mode" -> cookieMode = "cookie".equals(args[++i]);
        default -> throw new IllegalArgumentException("usage: [--port N] [--mode store|cookie]");
      }
    }
    JdkExampleApp app = new JdkExampleApp(port, manager(cookieMode));
    System.out.println("sessions4j shop on http://127.0.0.1:" + app.port() + " (" + (cookieMode ? "cookie" : "store") + " mode)");
  }
}
