package io.sessions4j.examples.quarkus;

import io.quarkus.qute.Template;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
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

  @Inject
  Session session;

  @Inject
  SessionConfig config;

  @Inject
  Template shop;

  @GET
  @Produces(MediaType.TEXT_HTML)
  public Response home() {
    int views = session.get("views") instanceof Number n ? n.intValue() + 1 : 1;
    session.put("views", views);
    Object flash = session.remove("flash"); // shown once
    String page = shop
        .data("mode", config.mode().name().toLowerCase(Locale.ROOT))
        .data("views", views)
        .data("user", session.get("user"))
        .data("flash", flash)
        .data("cart", cart())
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
    return home303();
  }

  @POST
  @Path("logout")
  public Response logout() {
    session.destroy(); // the store record goes, and the cookie is cleared
    return home303();
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
    return home303();
  }

  /** Post/Redirect/Get: the session commits before the redirect's headers are sent. */
  private static Response home303() {
    return Response.seeOther(URI.create("/")).build();
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
