package io.sessions4j.examples.micronaut;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionManager;
import io.sessions4j.micronaut.SessionValue;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

  private final String mode;

  ShopController(SessionManager sessions) {
    this.mode = sessions.config().mode().name().toLowerCase(Locale.ROOT);
  }

  @Get(produces = MediaType.TEXT_HTML + ";charset=utf-8")
  HttpResponse<String> home(Session session, @SessionValue("user") @Nullable String user) {
    Integer previous = session.get("views", Integer.class);
    int views = previous == null ? 1 : previous + 1;
    session.put("views", views);
    Object flash = session.remove("flash"); // shown once
    List<String> cart = cart(session);

    StringBuilder html = new StringBuilder(2048)
        .append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>sessions4j Micronaut example</title></head><body>")
        .append("<h1>sessions4j Micronaut example</h1>")
        .append("<p class=\"mode\">Session mode: ").append(mode).append("</p>");
    if (flash != null) {
      html.append("<p class=\"flash\">").append(escape(flash.toString())).append("</p>");
    }
    html.append("<p class=\"views\">Views: ").append(views).append("</p>");
    if (user == null) {
      html.append("<form method=\"post\" action=\"/login\"><label>Username ")
          .append("<input name=\"username\" maxlength=\"").append(MAX_TEXT).append("\" required></label> ")
          .append("<button>Log in</button></form>");
    } else {
      html.append("<p class=\"user\">Signed in as ").append(escape(user)).append("</p>")
          .append("<form method=\"post\" action=\"/logout\"><button>Log out</button></form>");
    }
    html.append("<h2>Cart</h2><ul class=\"cart\">");
    for (String item : cart) {
      html.append("<li>").append(escape(item))
          .append(" <form method=\"post\" action=\"/cart\" style=\"display:inline\">")
          .append("<input type=\"hidden\" name=\"action\" value=\"remove\">")
          .append("<input type=\"hidden\" name=\"item\" value=\"").append(escape(item)).append("\">")
          .append("<button>remove</button></form></li>");
    }
    html.append("</ul><form method=\"post\" action=\"/cart\"><input type=\"hidden\" name=\"action\" value=\"add\">")
        .append("<input name=\"item\" maxlength=\"").append(MAX_TEXT).append("\" required> <button>Add</button></form>")
        .append("</body></html>");
    return HttpResponse.ok(html.toString()).header("Cache-Control", "no-store");
  }

  @Post(uri = "/login")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  HttpResponse<?> login(Session session, @Nullable String username) {
    String name = text(username);
    if (name == null) {
      session.put("flash", "Please enter a username.");
    } else {
      // a new id at login: an id planted before login (session fixation) is worthless after it
      session.changeId();
      session.put("user", name);
      session.put("flash", "Welcome, " + name + "!");
    }
    return HttpResponse.seeOther(HOME);
  }

  @Post(uri = "/logout")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  HttpResponse<?> logout(Session session) {
    // the logged-in session is destroyed (its id stops working, its record is deleted) and a fresh,
    // empty one takes its place to carry the message
    session.regenerate();
    session.put("flash", "You are logged out.");
    return HttpResponse.seeOther(HOME);
  }

  @Post(uri = "/cart")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  HttpResponse<?> cart(Session session, @Nullable String action, @Nullable String item) {
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
    // Post/Redirect/Get: the session commits before the redirect is written
    return HttpResponse.seeOther(HOME);
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
