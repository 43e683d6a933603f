package io.sessions4j.examples.pages;

import io.sessions4j.core.Session;
import io.sessions4j.core.SessionTrace;
import io.sessions4j.core.id.SessionIds;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The parts of the page that teach the session's lifecycle: the session as it stands (redacted id,
 * attributes, created, last access, expiry) and the decision trace (element {@code
 * session-trace}): what the engine did and why. Every value is HTML-escaped.
 */
public final class SessionPanels {
  /** A small stylesheet, inline so that the example needs no static files. */
  public static final String STYLE = """
      <style>
      body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d2330;background:#f7f8fa}
      h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:1.8rem;border-bottom:1px solid #d8dce3}
      h3{font-size:.95rem;margin:1rem 0 .3rem;color:#4a5263}
      .mode{color:#4a5263;margin-top:0}.flash{background:#e6f4ea;border:1px solid #a8d5b5;padding:.5rem .8rem;border-radius:6px}
      form{margin:.4rem 0}input{padding:.3rem .5rem;border:1px solid #b9bfca;border-radius:4px}
      button{padding:.3rem .8rem;border:0;border-radius:4px;background:#2f5bd3;color:#fff;cursor:pointer}
      ul.cart li form{display:inline}ul.cart li form button{background:#8a93a5;padding:.1rem .5rem}
      dl{display:grid;grid-template-columns:9rem 1fr;gap:.2rem .8rem}dt{color:#4a5263}dd{margin:0}
      code,#session-trace li{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85rem}
      #session-trace ol{background:#fff;border:1px solid #d8dce3;border-radius:6px;padding:.6rem .6rem .6rem 2rem}
      .note{color:#4a5263;font-size:.85rem}
      </style>
      """;

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
      .withZone(ZoneOffset.UTC);

  private SessionPanels() {}

  /** The session as it stands: its redacted id, times and attributes. */
  public static String session(Session session, boolean cookieMode) {
    StringBuilder html = new StringBuilder(512).append("<h2>Session</h2><dl id=\"session\">");
    html.append("<dt>id</dt><dd><code>")
        .append(cookieMode ? "none (cookie mode: the whole session is in the cookie)" : escape(SessionIds.redact(session.id())))
        .append("</code></dd>");
    html.append("<dt>new</dt><dd>").append(session.isNew()).append("</dd>");
    html.append("<dt>created</dt><dd>").append(time(session.createdAt())).append("</dd>");
    html.append("<dt>last access</dt><dd>").append(time(session.lastAccessedAt())).append("</dd>");
    html.append("<dt>expires</dt><dd>").append(time(session.expiresAt())).append("</dd>");
    html.append("<dt>attributes</dt><dd><dl class=\"attributes\">");
    for (Map.Entry<String, Object> attribute : session.attributes().entrySet()) {
      html.append("<dt><code>").append(escape(attribute.getKey())).append("</code></dt><dd><code>")
          .append(escape(String.valueOf(attribute.getValue()))).append("</code></dd>");
    }
    return html.append("</dl></dd></dl>").toString();
  }

  /**
   * The decision trace: the post that redirected here ({@code before}, complete) and this page's own
   * request (its commit runs after the page is drawn, so it says what the commit is about to do).
   */
  public static String trace(SessionTrace before, String beforeRequest, SessionTrace now) {
    StringBuilder html = new StringBuilder(1024)
        .append("<h2>Why: the decision trace</h2><div id=\"session-trace\">");
    if (now == null) {
      return html.append("<p class=\"note\">The trace is off (option <code>trace</code>).</p></div>").toString();
    }
    if (before != null) {
      html.append("<h3>The request before this page: ").append(escape(beforeRequest)).append("</h3>");
      lines(html, before);
    }
    html.append("<h3>This page's request</h3>");
    lines(html, now);
    return html.append("<p class=\"note\">A trace says where the session came from, how it was loaded, and what")
        .append(" the commit did with the store and the cookie, and why. This page is drawn before its own commit,")
        .append(" so its last line says what the commit is about to do (<em>planned</em>).</p></div>").toString();
  }

  private static void lines(StringBuilder html, SessionTrace trace) {
    html.append("<ol>");
    for (String line : trace.lines()) {
      html.append("<li>").append(escape(line)).append("</li>");
    }
    html.append("</ol>");
  }

  private static String time(Instant instant) {
    return instant == null ? "—" : TIME.format(instant);
  }

  /** Escapes text for HTML element content and quoted attribute values. */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
