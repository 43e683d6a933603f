package io.sessions4j.examples.quarkus;

import io.quarkus.qute.Template;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionTrace;
import io.sessions4j.core.id.SessionIds;
import io.sessions4j.quarkus.Sessions;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The whole example application, a Quarkus REST resource using the request's injected {@link
 * Session}: a visit counter, login (with {@link Session#changeId()} against session fixation),
 * logout ({@link Session#destroy()}), a cart kept as a list, and one-time flash messages. The page
 * is a Qute template, which HTML-escapes every value.
 */
@Path("/")
public class ShopResource {
  private static final int MAX_TEXT = 40;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
      .withZone(ZoneOffset.UTC);

  @Inject
  Session session;

  @Inject
  SessionConfig config;

  @Inject
  Template shop;

  @Inject
  CurrentVertxRequest request;

  @Inject
  RecentTraces recentTraces;

  @GET
  @Produces(MediaType.TEXT_HTML)
  public Response home(@QueryParam("after") String after, @QueryParam("from") String from) {
    int views = session.get("views") instanceof Number n ? n.intValue() + 1 : 1;
    session.put("views", views);
    Object flash = session.remove("flash"); // shown once
    String page = shop
        .data("mode", config.mode().name().toLowerCase(Locale.ROOT))
        .data("views", views)
        .data("user", session.get("user"))
        .data("flash", flash)
        .data("cart", cart())
        // the session as it stands, for the page's lifecycle panel
        .data("sessionId", "cookie".equals(config.mode().name().toLowerCase(Locale.ROOT)) ? null
            : SessionIds.redact(session.id()))
        .data("isNew", session.isNew())
        .data("created", time(session.createdAt()))
        .data("lastAccess", time(session.lastAccessedAt()))
        .data("expires", time(session.expiresAt()))
        .data("attributes", session.attributes().entrySet().stream()
            .map(e -> Map.entry(e.getKey(), String.valueOf(e.getValue()))).toList())
        // the decision trace of the post that redirected here (?after=KEY&from=PATH), and of this request
        .data("before", lines(recentTraces.take(after)))
        .data("beforeRequest", "POST " + postedPath(from))
        .data("now", lines(Sessions.trace(request.getCurrent()).orElse(null)))
        .render();
    return Response.ok(page).header("Cache-Control", "no-store").build();
  }

  @POST
  @Path("login")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response login(@FormParam("username") String username) {
    String user = text(username);
    if (user == null) {
      session.put("flash", "Please enter a username.");
    } else {
      // a new id at login: an id planted before login (session fixation) is worthless after it
      session.changeId();
      session.put("user", user);
      session.put("flash", "Welcome, " + user + "!");
    }
    return home303("/login");
  }

  @POST
  @Path("logout")
  public Response logout() {
    session.destroy(); // the store record goes, and the cookie is cleared
    return home303("/logout");
  }

  @POST
  @Path("cart")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response cart(@FormParam("action") String action, @FormParam("item") String rawItem) {
    String item = text(rawItem);
    List<String> cart = new ArrayList<>(cart());
    if (item == null) {
      session.put("flash", "Please name an item.");
    } else if ("remove".equals(action)) {
      if (cart.remove(item)) {
        session.put("flash", "Removed " + item + " from your cart.");
      }
    } else {
      cart.add(item);
      session.put("flash", "Added " + item + " to your cart.");
    }
    session.put("cart", cart);
    return home303("/cart");
  }

  /**
   * Post/Redirect/Get: the session commits before the redirect's headers are sent; the page it
   * draws shows this post's decision trace, complete by then.
   */
  private Response home303(String path) {
    String after = recentTraces.keep(Sessions.trace(request.getCurrent()).orElse(null));
    return Response.seeOther(URI.create(after == null ? "/" : "/?after=" + after + "&from=" + path)).build();
  }

  /** A trace's lines, or null (tracing off, or no such trace). */
  private static List<String> lines(SessionTrace trace) {
    return trace == null ? null : trace.lines();
  }

  /** The form post a redirect came from, as shown on the page: one of ours, else a placeholder. */
  private static String postedPath(String from) {
    return from != null && List.of("/login", "/logout", "/cart").contains(from) ? from : "(a form)";
  }

  private static String time(Instant instant) {
    return instant == null ? "—" : TIME.format(instant);
  }

  @SuppressWarnings("unchecked")
  private List<String> cart() {
    return session.get("cart") instanceof List<?> list ? (List<String>) list : List.of();
  }

  /** What the visitor typed, without surrounding blanks and cut to {@value #MAX_TEXT} characters; null if nothing. */
  private static String text(String typed) {
    return Optional.ofNullable(typed)
        .map(String::strip)
        .filter(t -> !t.isEmpty())
        .map(t -> t.length() <= MAX_TEXT ? t : t.substring(0, MAX_TEXT))
        .orElse(null);
  }
}
