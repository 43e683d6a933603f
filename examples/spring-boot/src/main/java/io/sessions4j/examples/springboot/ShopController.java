package io.sessions4j.examples.springboot;

import io.sessions4j.examples.pages.RecentTraces;
import io.sessions4j.examples.pages.SessionPanels;
import io.sessions4j.servlet.Sessions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.view.RedirectView;
import org.springframework.web.util.HtmlUtils;

/**
 * The shop, written as any Spring MVC app is: a visit counter, a cart and one-time flash messages
 * in the {@link HttpSession}, the user from Spring Security, forms carrying its CSRF token. Nothing
 * here knows about sessions4j. Every value shown is HTML-escaped.
 *
 * <p>The flash message is a plain session attribute, removed when shown (as in the servlet
 * example), not Spring MVC's {@code RedirectAttributes.addFlashAttribute}: Spring MVC keeps those
 * as {@code FlashMap} objects in the session, which sessions4j does not store yet.
 */
@RestController
class ShopController {
  private static final int MAX_TEXT = 40;

  private final String mode;
  private final boolean cookieMode;
  private final RecentTraces recentTraces = new RecentTraces();

  ShopController(Environment env) {
    this.cookieMode = "cookie".equalsIgnoreCase(env.getProperty("sessions4j.mode"));
    this.mode = cookieMode
        ? "cookie mode (the whole session in an encrypted cookie)"
        : "store mode, " + env.getProperty("sessions4j.store", "memory") + " store";
  }

  @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
  String home(HttpServletRequest request, HttpSession session, Principal user, CsrfToken csrf,
      @RequestParam(name = "logged-out", required = false) String loggedOut,
      @RequestParam(required = false) String after, @RequestParam(required = false) String from) {
    int views = session.getAttribute("views") instanceof Number n ? n.intValue() + 1 : 1;
    session.setAttribute("views", views);
    Object flash = loggedOut != null ? "You are logged out." : session.getAttribute("flash");
    session.removeAttribute("flash"); // shown once

    StringBuilder html = page("sessions4j Spring Boot example");
    if (flash != null) {
      html.append("<p class=\"flash\">").append(escape(flash.toString())).append("</p>");
    }
    html.append("<p class=\"views\">Views: ").append(views).append("</p>");
    if (user == null) {
      html.append("<p><a href=\"/login\">Log in</a> (ada or grace, password \"password\") or see ")
          .append("<a href=\"/account\">your account</a>, which asks you to.</p>");
    } else {
      html.append("<p class=\"user\">Signed in as ").append(escape(user.getName()))
          .append(" — <a href=\"/account\">your account</a></p>").append(logoutForm(csrf));
    }
    html.append("<h2>Cart</h2><ul class=\"cart\">");
    for (String item : cart(session)) {
      html.append("<li>").append(escape(item))
          .append(" <form method=\"post\" action=\"/cart\" style=\"display:inline\">").append(csrfInput(csrf))
          .append("<input type=\"hidden\" name=\"action\" value=\"remove\">")
          .append("<input type=\"hidden\" name=\"item\" value=\"").append(escape(item)).append("\">")
          .append("<button>remove</button></form></li>");
    }
    html.append("</ul><form method=\"post\" action=\"/cart\">").append(csrfInput(csrf))
        .append("<input type=\"hidden\" name=\"action\" value=\"add\">")
        .append("<input name=\"item\" maxlength=\"").append(MAX_TEXT).append("\" required> <button>Add</button></form>");
    // the session as it stands, and the decision trace of the post that redirected here and of this request
    html.append(SessionPanels.session(Sessions.of(request), cookieMode))
        .append(SessionPanels.trace(recentTraces.take(after), "POST " + ("/cart".equals(from) ? "/cart" : "(a form)"),
            Sessions.trace(request).orElse(null)));
    return html.append("</body></html>").toString();
  }

  /** Needs a login: Spring Security saves this request, sends the browser to log in, then back here. */
  @GetMapping(value = "/account", produces = MediaType.TEXT_HTML_VALUE)
  String account(HttpSession session, Principal user, CsrfToken csrf) {
    return page("Your account")
        .append("<p class=\"user\">Signed in as ").append(escape(user.getName())).append("</p>")
        .append("<p class=\"cart-size\">Items in your cart: ").append(cart(session).size()).append("</p>")
        .append("<p><a href=\"/\">Back to the shop</a></p>").append(logoutForm(csrf))
        .append("</body></html>").toString();
  }

  @PostMapping("/cart")
  RedirectView cart(HttpServletRequest request, HttpSession session, @RequestParam String action,
      @RequestParam(required = false) String item) {
    String text = text(item);
    List<String> cart = new ArrayList<>(cart(session));
    if (text == null) {
      session.setAttribute("flash", "Please name an item.");
    } else if (action.equals("remove")) {
      if (cart.remove(text)) {
        session.setAttribute("flash", "Removed " + text + " from your cart.");
      }
    } else {
      cart.add(text);
      session.setAttribute("flash", "Added " + text + " to your cart.");
    }
    session.setAttribute("cart", cart);
    // Post/Redirect/Get; the page the redirect draws shows this post's decision trace, complete by then
    String after = recentTraces.keep(Sessions.trace(request).orElse(null));
    return new RedirectView(after == null ? "/" : "/?after=" + after + "&from=/cart");
  }

  private StringBuilder page(String title) {
    return new StringBuilder(2048)
        .append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(title)
        .append("</title>").append(SessionPanels.STYLE).append("</head><body><h1>").append(title).append("</h1>")
        .append("<p class=\"mode\">Sessions: ").append(escape(mode)).append("</p>");
  }

  private static String logoutForm(CsrfToken csrf) {
    return "<form method=\"post\" action=\"/logout\">" + csrfInput(csrf) + "<button>Log out</button></form>";
  }

  private static String csrfInput(CsrfToken csrf) {
    return "<input type=\"hidden\" name=\"" + csrf.getParameterName() + "\" value=\"" + escape(csrf.getToken()) + "\">";
  }

  @SuppressWarnings("unchecked")
  private static List<String> cart(HttpSession session) {
    return session.getAttribute("cart") instanceof List<?> list ? (List<String>) list : List.of();
  }

  /** Trimmed, length-limited user text, or null when blank. */
  private static String text(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String trimmed = value.strip();
    return trimmed.length() > MAX_TEXT ? trimmed.substring(0, MAX_TEXT) : trimmed;
  }

  private static String escape(String text) {
    return HtmlUtils.htmlEscape(text);
  }
}
