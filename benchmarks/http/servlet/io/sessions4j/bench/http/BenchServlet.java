package io.sessions4j.bench.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * The one servlet of every Java variant of the HTTP load matrix (compiled, from this file, into both
 * server jars). Every answer is {@value #BODY_LENGTH} bytes of text/plain with Content-Length set, so
 * each session filter sees the same commit points.
 *
 * <ul>
 *   <li>{@code GET /read}: reads the counter of the request's existing session and writes it;</li>
 *   <li>{@code GET /modify}: increments it;</li>
 *   <li>{@code GET /new}: creates a session and stores 0 (clients send no cookie);
 *       {@code GET /new?pad=N} also stores a string attribute {@value #PAD} of N characters (the
 *       document-size curve of the HTTP run).</li>
 * </ul>
 *
 * {@code /read} and {@code /modify} without a session answer 409 (same length), so a load run whose
 * cookies were not accepted shows up as non-2xx responses. With {@code sessions=false} (the no-session
 * baseline) every path writes a constant of the same length without touching a session.
 */
public final class BenchServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** The session attribute. */
  public static final String COUNTER = "counter";
  /** The padding attribute of {@code /new?pad=N}. */
  public static final String PAD = "pad";
  /** 10 digits and a newline. */
  public static final int BODY_LENGTH = 11;

  private final boolean sessions;

  public BenchServlet(boolean sessions) {
    this.sessions = sessions;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    long value;
    if (!sessions) {
      value = 0;
    } else {
      String path = request.getRequestURI();
      switch (path) {
        case "/read" -> {
          HttpSession session = request.getSession(false);
          Object counter = session == null ? null : session.getAttribute(COUNTER);
          if (counter == null) {
            write(response, 409, 0);
            return;
          }
          value = ((Number) counter).longValue();
        }
        case "/modify" -> {
          HttpSession session = request.getSession(false);
          Object counter = session == null ? null : session.getAttribute(COUNTER);
          if (counter == null) {
            write(response, 409, 0);
            return;
          }
          value = ((Number) counter).longValue() + 1;
          session.setAttribute(COUNTER, value);
        }
        case "/new" -> {
          value = 0;
          HttpSession session = request.getSession(true);
          session.setAttribute(COUNTER, value);
          // the query is only parsed when there is one: plain /new (the measured rows) pays nothing
          if (request.getQueryString() != null) {
            String pad = request.getParameter(PAD);
            if (pad != null) {
              session.setAttribute(PAD, "x".repeat(Integer.parseInt(pad)));
            }
          }
        }
        default -> {
          response.sendError(404);
          return;
        }
      }
    }
    write(response, 200, value);
  }

  private static void write(HttpServletResponse response, int status, long value) throws IOException {
    byte[] body = new byte[BODY_LENGTH];
    long v = value;
    for (int i = BODY_LENGTH - 2; i >= 0; i--) {
      body[i] = (byte) ('0' + (v % 10));
      v /= 10;
    }
    body[BODY_LENGTH - 1] = '\n';
    response.setStatus(status);
    response.setContentType("text/plain");
    response.setContentLength(BODY_LENGTH);
    response.getOutputStream().write(body);
  }
}
