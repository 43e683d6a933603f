package io.sessions4j.examples.servlet;

import io.sessions4j.core.SessionMode;
import io.sessions4j.examples.pages.RecentTraces;
import io.sessions4j.examples.pages.SessionPanels;
import io.sessions4j.servlet.Sessions;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The whole example application, written against the plain servlet API: a visit counter, login
 * (with {@code changeSessionId()} against session fixation), logout ({@code invalidate()}), a cart
 * kept as a list, and one-time flash messages. Every value shown is HTML-escaped.
 */
final class ShopServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final int MAX_TEXT = 40;

  private final SessionMode mode;
  private final RecentTraces recentTraces = new RecentTraces();

  ShopServlet(SessionMode mode) {
    this.mode = mode;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!"/".equals(req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo()))) {
      resp.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    HttpSession session = req.getSession();
    int views = session.getAttribute("views") instanceof Number n ? n.intValue() + 1 : 1;
    session.setAttribute("views", views);
    String flash = (String) session.getAttribute("flash");
    if (flash != null) {
      session.removeAttribute("flash"); // shown once
    }
    String user = (String) session.getAttribute("user");
    List<String> cart = cart(session);

    StringBuilder html = new StringBuilder(4096);
    html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>sessions4j servlet example</title>").append(SessionPanels.STYLE).append("</head><body>")
        .append("<h1>sessions4j servlet example</h1>")
        .append("<p class=\"mode\">Session mode: ").append(mode.name().toLowerCase(Locale.ROOT)).append("</p>");
    if (flash != null) {
      html.append("<p class=\"flash\">").append(escape(flash)).append("</p>");
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
        .append(SessionPanels.session(Sessions.of(req), mode == SessionMode.COOKIE))
        // the post that redirected here (?after=KEY), and this request
        .append(SessionPanels.trace(recentTraces.take(req.getParameter("after")), "POST " + postedPath(req.getParameter("from")),
            Sessions.trace(req).orElse(null)))
        .append("</body></html>");

    resp.setContentType("text/html;charset=UTF-8");
    resp.setHeader("Cache-Control", "no-store");
    resp.getWriter().write(html.toString());
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    req.setCharacterEncoding("UTF-8");
    String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
    switch (path) {
      case "/login" -> {
        String username = text(req.getParameter("username"));
        if (username == null) {
          flash(req, "Please enter a username.");
        } else {
          HttpSession session = req.getSession();
          // a new id at login: an id planted before login (session fixation) is worthless after it
          req.changeSessionId();
          session.setAttribute("user", username);
          flash(req, "Welcome, " + username + "!");
        }
      }
      case "/logout" -> {
        HttpSession session = req.getSession(false);
        if (session != null) {
          session.invalidate();
        }
        // getSession() after invalidate() starts a fresh session, which carries the message
        flash(req, "You are logged out.");
      }
      case "/cart" -> {
        String item = text(req.getParameter("item"));
        HttpSession session = req.getSession();
        List<String> cart = new ArrayList<>(cart(session));
        if (item == null) {
          flash(req, "Please name an item.");
        } else if ("remove".equals(req.getParameter("action"))) {
          if (cart.remove(item)) {
            flash(req, "Removed " + item + " from your cart.");
          }
        } else {
          cart.add(item);
          flash(req, "Added " + item + " to your cart.");
        }
        session.setAttribute("cart", cart);
      }
      default -> {
        resp.sendError(HttpServletResponse.SC_NOT_FOUND);
        return;
      }
    }
    // Post/Redirect/Get: the redirect commits the session before the response goes out; the page it
    // draws shows this post's decision trace, complete by then
    String after = recentTraces.keep(Sessions.trace(req).orElse(null));
    resp.sendRedirect(after == null ? "/" : "/?after=" + after + "&from=" + path);
  }

  /** The form post a redirect came from, as shown on the page: one of ours, else a placeholder. */
  private static String postedPath(String from) {
    return from != null && List.of("/login", "/logout", "/cart").contains(from) ? from : "(a form)";
  }

  private static void flash(HttpServletRequest req, String message) {
    req.getSession().setAttribute("flash", message);
  }

  @SuppressWarnings("unchecked")
  private static List<String> cart(HttpSession session) {
    Object cart = session.getAttribute("cart");
    return cart instanceof List<?> list ? (List<String>) list : List.of();
  }

  /** Trimmed, length-limited user text, or null when blank. */
  private static String text(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String trimmed = value.strip();
    return trimmed.length() > MAX_TEXT ? trimmed.substring(0, MAX_TEXT) : trimmed;
  }

  /** Escapes text for HTML element content and quoted attribute values. */
  static String escape(String text) {
    return SessionPanels.escape(text);
  }
}
