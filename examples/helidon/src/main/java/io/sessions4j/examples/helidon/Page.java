package io.sessions4j.examples.helidon;

import io.sessions4j.examples.pages.SessionPanels;
import java.util.List;

/** The example's one HTML page; every value from the session or the user is escaped. */
final class Page {

  private Page() {}

  /**
   * The page; {@code panels} is the already escaped session and decision-trace HTML ({@link
   * SessionPanels}).
   */
  static String render(String mode, int views, String user, String flash, List<String> cart, String panels) {
    StringBuilder items = new StringBuilder();
    for (String item : cart) {
      items.append("""
          <li>%s <form method="post" action="/cart" style="display:inline">\
          <input type="hidden" name="action" value="remove">\
          <input type="hidden" name="item" value="%s"><button>remove</button></form></li>
          """.formatted(esc(item), esc(item)));
    }
    String account = user == null
        ? """
          <form method="post" action="/login"><label>Username <input name="username" maxlength="40" required></label> \
          <button>Log in</button></form>"""
        : """
          <p class="user">Signed in as %s</p><form method="post" action="/logout"><button>Log out</button></form>"""
            .formatted(esc(user));
    return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>sessions4j Helidon example</title>%s</head>
        <body>
        <h1>sessions4j on Helidon 4 SE</h1>
        <p class="mode">Session mode: %s</p>
        %s<p class="views">Views: %d</p>
        %s
        <h2>Cart</h2>
        <ul class="cart">
        %s</ul>
        <form method="post" action="/cart"><input type="hidden" name="action" value="add">\
        <input name="item" maxlength="40" required> <button>Add</button></form>
        %s
        </body></html>
        """.formatted(SessionPanels.STYLE, esc(mode), flash == null ? "" : "<p class=\"flash\">" + esc(flash) + "</p>\n", views,
        account, items, panels);
  }

  /** Escapes text for HTML element content and double- or single-quoted attribute values. */
  static String esc(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    text.chars().forEach(c -> out.append(switch (c) {
      case '&' -> "&amp;";
      case '<' -> "&lt;";
      case '>' -> "&gt;";
      case '"' -> "&quot;";
      case '\'' -> "&#39;";
      default -> String.valueOf((char) c);
    }));
    return out.toString();
  }
}
