package io.sessions4j.examples.helidon;

import io.helidon.common.parameters.Parameters;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.sessions4j.core.Session;
import io.sessions4j.examples.pages.RecentTraces;
import io.sessions4j.examples.pages.SessionPanels;
import io.sessions4j.helidon.Sessions;
import java.util.ArrayList;
import java.util.List;

/**
 * The example's pages on the core {@link Session} API: a visit counter, login ({@code changeId()}
 * against session fixation), logout ({@code destroy()}), a cart kept as a list, and one-time flash
 * messages. Every POST answers with a redirect (Post/Redirect/Get); every value shown is escaped.
 */
final class ShopService implements HttpService {
  private static final int MAX_TEXT = 40;

  private final String mode;
  private final RecentTraces recentTraces = new RecentTraces();

  ShopService(String mode) {
    this.mode = mode;
  }

  @Override
  public void routing(HttpRules rules) {
    rules.get("/", this::home)
        .post("/login", this::login)
        .post("/logout", this::logout)
        .post("/cart", this::cart);
  }

  private void home(ServerRequest req, ServerResponse res) {
    Session session = Sessions.of(req);
    int views = session.find("views", Integer.class).orElse(0) + 1;
    session.put("views", views);
    String flash = (String) session.remove("flash"); // shown once
    if (flash == null && req.query().contains("logged-out")) {
      flash = "You are logged out.";
    }
    String user = session.find("user", String.class).orElse(null);
    res.header(HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-store"))
        .header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "text/html; charset=UTF-8"))
        .send(Page.render(mode, views, user, flash, items(session),
            SessionPanels.session(session, "cookie".equals(mode))
                // the post that redirected here (?after=KEY&from=PATH), and this request
                + SessionPanels.trace(recentTraces.take(req.query().first("after").orElse(null)),
                    "POST " + postedPath(req.query().first("from").orElse(null)), Sessions.trace(req).orElse(null))));
  }

  private void login(ServerRequest req, ServerResponse res) {
    Session session = Sessions.of(req);
    String username = text(form(req).first("username").orElse(null));
    if (username == null) {
      session.put("flash", "Please enter a username.");
    } else {
      // a new id at login: an id planted before login (session fixation) is worthless after it
      session.changeId();
      session.put("user", username);
      session.put("flash", "Welcome, " + username + "!");
    }
    seeHome(req, res, "/", "/login");
  }

  private void logout(ServerRequest req, ServerResponse res) {
    // gone from the store (store mode) and the cookie cleared (both modes)
    Sessions.of(req).destroy();
    seeHome(req, res, "/?logged-out", "/logout");
  }

  private void cart(ServerRequest req, ServerResponse res) {
    Session session = Sessions.of(req);
    Parameters form = form(req);
    String item = text(form.first("item").orElse(null));
    List<String> cart = new ArrayList<>(items(session));
    if (item == null) {
      session.put("flash", "Please name an item.");
    } else if (form.first("action").orElse("add").equals("remove")) {
      if (cart.remove(item)) {
        session.put("flash", "Removed " + item + " from your cart.");
      }
    } else {
      cart.add(item);
      session.put("flash", "Added " + item + " to your cart.");
    }
    session.put("cart", cart);
    seeHome(req, res, "/", "/cart");
  }

  /**
   * The session commits just before this redirect's headers go out; the page it draws shows this
   * post's decision trace, complete by then.
   */
  private void seeHome(ServerRequest req, ServerResponse res, String location, String path) {
    String after = recentTraces.keep(Sessions.trace(req).orElse(null));
    String target = after == null ? location
        : location + (location.contains("?") ? "&" : "?") + "after=" + after + "&from=" + path;
    res.status(Status.SEE_OTHER_303).header(HeaderNames.LOCATION, target).send();
  }

  /** The form post a redirect came from, as shown on the page: one of ours, else a placeholder. */
  private static String postedPath(String from) {
    return from != null && List.of("/login", "/logout", "/cart").contains(from) ? from : "(a form)";
  }

  private static Parameters form(ServerRequest req) {
    return req.content().as(Parameters.class);
  }

  @SuppressWarnings("unchecked")
  private static List<String> items(Session session) {
    return session.get("cart") instanceof List<?> list ? (List<String>) list : List.of();
  }

  /** Trimmed, length-limited user text, or null when blank. */
  private static String text(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String trimmed = value.strip();
    return trimmed.length() > MAX_TEXT ? trimmed.substring(0, MAX_TEXT) : trimmed;
  }
}
