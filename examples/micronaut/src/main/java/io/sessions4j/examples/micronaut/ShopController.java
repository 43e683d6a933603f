package io.sessions4j.examples.micronaut;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionManager;
import io.sessions4j.examples.pages.RecentTraces;
import io.sessions4j.examples.pages.SessionPanels;
import io.sessions4j.micronaut.SessionValue;
import io.sessions4j.micronaut.Sessions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The whole example application: a visit counter, login (with {@code changeId()} against session
 * fixation), logout, a cart kept as a list, and one-time flash messages. Routes take the {@link
 * Session} as a parameter, or single attributes with {@link SessionValue @SessionValue}. Every
 * value shown is HTML-escaped.
 */
@Controller
class ShopController {
  private static final int MAX_TEXT = 40;
  private static final URI HOME = URI.create("/");

  /** The page; every value put into it is escaped (or a number). */
  private static final String PAGE = """
      <!doctype html><html lang="en"><head><meta charset="utf-8">\
      <title>sessions4j Micronaut example</title>%s</head><body>
      <h1>sessions4j Micronaut example</h1>
      <p class="mode">Session mode: %s</p>
      %s
      <p class="views">Views: %d</p>
      %s
      <h2>Cart</h2>
      <ul class="cart">%s</ul>
      <form method="post" action="/cart"><input type="hidden" name="action" value="add">\
      <input name="item" maxlength="%d" required> <button>Add</button></form>
      %s
      %s
      </body></html>
      """;
  private static final String LOGIN_FORM = """
      <form method="post" action="/login"><label>Username \
      <input name="username" maxlength="%d" required></label> <button>Log in</button></form>""";
  private static final String LOGOUT_FORM = """
      <p class="user">Signed in as %s</p><form method="post" action="/logout"><button>Log out</button></form>""";
  private static final String CART_ITEM = """
      <li>%s <form method="post" action="/cart" style="display:inline">\
      <input type="hidden" name="action" value="remove"><input type="hidden" name="item" value="%s">\
      <button>remove</button></form></li>""";

  private final String mode;
  private final RecentTraces recentTraces = new RecentTraces();

  ShopController(SessionManager sessions) {
    this.mode = sessions.config().mode().name().toLowerCase(Locale.ROOT);
  }

  @Get(produces = MediaType.TEXT_HTML + ";charset=utf-8")
  HttpResponse<String> home(HttpRequest<?> request, Session session, @SessionValue("user") @Nullable String user,
      @QueryValue @Nullable String after, @QueryValue @Nullable String from) {
    Integer previous = session.get("views", Integer.class);
    int views = previous == null ? 1 : previous + 1;
    session.put("views", views);
    Object flash = session.remove("flash"); // shown once
    List<String> cart = cart(session);

    String page = PAGE.formatted(
        SessionPanels.STYLE,
        mode,
        flash == null ? "" : "<p class=\"flash\">" + escape(flash.toString()) + "</p>",
        views,
        user == null ? LOGIN_FORM.formatted(MAX_TEXT) : LOGOUT_FORM.formatted(escape(user)),
        cart.stream().map(item -> CART_ITEM.formatted(escape(item), escape(item))).collect(Collectors.joining()),
        MAX_TEXT,
        SessionPanels.session(session, "cookie".equals(mode)),
        // the post that redirected here (?after=KEY&from=PATH), and this request
        SessionPanels.trace(recentTraces.take(after), "POST " + postedPath(from), Sessions.trace(request).orElse(null)));
    return HttpResponse.ok(page).header("Cache-Control", "no-store");
  }

  @Post(uri = "/login")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  HttpResponse<?> login(HttpRequest<?> request, Session session, @Nullable String username) {
    String name = text(username);
    if (name == null) {
      session.put("flash", "Please enter a username.");
    } else {
      // a new id at login: an id planted before login (session fixation) is worthless after it
      session.changeId();
      session.put("user", name);
      session.put("flash", "Welcome, " + name + "!");
    }
    return home303(request, "/login");
  }

  @Post(uri = "/logout")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  HttpResponse<?> logout(HttpRequest<?> request, Session session) {
    // the logged-in session is destroyed (its id stops working, its record is deleted) and a fresh,
    // empty one takes its place to carry the message
    session.regenerate();
    session.put("flash", "You are logged out.");
    return home303(request, "/logout");
  }

  @Post(uri = "/cart")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  HttpResponse<?> cart(HttpRequest<?> request, Session session, @Nullable String action, @Nullable String item) {
    String name = text(item);
    List<String> cart = new ArrayList<>(cart(session));
    if (name == null) {
      session.put("flash", "Please name an item.");
    } else if ("remove".equals(action)) {
      if (cart.remove(name)) {
        session.put("flash", "Removed " + name + " from your cart.");
      }
    } else {
      cart.add(name);
      session.put("flash", "Added " + name + " to your cart.");
    }
    session.put("cart", cart);
    return home303(request, "/cart");
  }

  /**
   * Post/Redirect/Get: the session commits before the redirect is written; the page it draws shows
   * this post's decision trace, complete by then.
   */
  private HttpResponse<?> home303(HttpRequest<?> request, String path) {
    String after = recentTraces.keep(Sessions.trace(request).orElse(null));
    return HttpResponse.seeOther(after == null ? HOME : URI.create("/?after=" + after + "&from=" + path));
  }

  /** The form post a redirect came from, as shown on the page: one of ours, else a placeholder. */
  private static String postedPath(String from) {
    return from != null && List.of("/login", "/logout", "/cart").contains(from) ? from : "(a form)";
  }

  @SuppressWarnings("unchecked")
  private static List<String> cart(Session session) {
    List<String> cart = session.get("cart", List.class);
    return cart == null ? List.of() : cart;
  }

  /** Trimmed, length-limited user text, or null when blank. */
  private static String text(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String trimmed = value.strip();
    return trimmed.length() > MAX_TEXT ? trimmed.substring(0, MAX_TEXT) : trimmed;
  }

  /** Text made safe for HTML element content and quoted attribute values. */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;").replace("'", "&#39;");
  }
}
