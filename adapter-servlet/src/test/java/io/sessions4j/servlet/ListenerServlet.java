package io.sessions4j.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Routes that change sessions through the servlet API, for the session listener tests; each answers the session id. */
final class ListenerServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /**
   * An attribute value that wants to know when it is bound and unbound. It is stored like any
   * value (an allow-listed type that Jackson round-trips), so a later request unbinds a copy
   * decoded from the store: equal, not the same object.
   */
  public record Badge(String name) implements HttpSessionBindingListener {
    static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    @Override
    public void valueBound(HttpSessionBindingEvent event) {
      EVENTS.add("bound " + name + " as " + event.getName());
    }

    @Override
    public void valueUnbound(HttpSessionBindingEvent event) {
      EVENTS.add("unbound " + name + " as " + event.getName());
    }
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String route = req.getPathInfo() == null ? "/" : req.getPathInfo();
    resp.setContentType("text/plain;charset=UTF-8");
    String answer = switch (route) {
      case "/login" -> {
        HttpSession session = req.getSession();
        session.setAttribute("user", req.getParameter("user"));
        yield session.getId();
      }
      case "/touch" -> req.getSession(true).getId();
      case "/set" -> {
        req.getSession().setAttribute("user", req.getParameter("user"));
        yield req.getSession().getId();
      }
      case "/remove" -> {
        req.getSession().removeAttribute("user");
        yield req.getSession().getId();
      }
      case "/badge" -> {
        req.getSession().setAttribute("badge", new Badge(req.getParameter("name")));
        yield req.getSession().getId();
      }
      case "/unbadge" -> {
        req.getSession().removeAttribute("badge");
        yield req.getSession().getId();
      }
      case "/invalidate" -> {
        HttpSession session = req.getSession();
        String id = session.getId();
        session.invalidate();
        yield id;
      }
      case "/change" -> req.changeSessionId();
      case "/core-regenerate" -> {
        io.sessions4j.core.Session session = Sessions.of(req); // the core API, past the HttpSession view
        session.regenerate();
        session.put("user", req.getParameter("user"));
        yield session.id();
      }
      case "/id" -> {
        HttpSession session = req.getSession(false);
        yield session == null ? "none" : session.getId();
      }
      default -> {
        resp.setStatus(404);
        yield "no route " + route;
      }
    };
    resp.getWriter().write(answer);
  }
}
