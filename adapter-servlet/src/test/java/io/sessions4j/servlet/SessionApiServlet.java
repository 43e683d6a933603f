package io.sessions4j.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Collections;

/** Exercises the HttpSession API; each route answers a short text the tests compare. */
final class SessionApiServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String route = req.getPathInfo() == null ? "/" : req.getPathInfo();
    resp.setContentType("text/plain;charset=UTF-8");
    String answer = switch (route) {
      case "/probe" -> String.valueOf(req.getSession(false));
      case "/create" -> {
        HttpSession created = req.getSession(true);
        yield "created new=" + created.isNew() + " same=" + (req.getSession(false) == created);
      }
      case "/set" -> {
        HttpSession session = req.getSession();
        for (String name : Collections.list(req.getParameterNames())) {
          session.setAttribute(name, req.getParameter(name));
        }
        yield "ok";
      }
      case "/get" -> {
        HttpSession session = req.getSession(false);
        yield session == null ? "no session" : String.valueOf(session.getAttribute(req.getParameter("name")));
      }
      case "/names" -> String.join(",", Collections.list(req.getSession().getAttributeNames()));
      case "/remove" -> {
        req.getSession().removeAttribute(req.getParameter("name"));
        yield "ok";
      }
      case "/invalidate" -> {
        HttpSession session = req.getSession();
        session.invalidate();
        String after;
        try {
          session.getAttribute("user");
          after = "usable";
        } catch (IllegalStateException expected) {
          after = "IllegalStateException";
        }
        yield after + " getSession(false)=" + req.getSession(false);
      }
      case "/invalidate-and-restart" -> {
        req.getSession().invalidate();
        HttpSession fresh = req.getSession(true);
        fresh.setAttribute("flash", "signed out");
        yield "new=" + fresh.isNew();
      }
      case "/change-id" -> {
        String before = req.getSession().getId();
        String after = req.changeSessionId();
        yield before + " " + after + " " + req.getSession().getId();
      }
      case "/change-id-without-session" -> {
        try {
          req.changeSessionId();
          yield "changed";
        } catch (IllegalStateException expected) {
          yield "IllegalStateException";
        }
      }
      case "/requested" -> req.getRequestedSessionId() + " valid=" + req.isRequestedSessionIdValid()
          + " cookie=" + req.isRequestedSessionIdFromCookie() + " url=" + req.isRequestedSessionIdFromURL();
      case "/requested-then-change-id" -> {
        String requested = req.getRequestedSessionId();
        String id = req.getSession().getId();
        boolean valid = req.isRequestedSessionIdValid();
        req.changeSessionId();
        yield requested + " " + id + " valid=" + valid + " after-change=" + req.isRequestedSessionIdValid()
            + " requested-again=" + req.getRequestedSessionId();
      }
      case "/max-inactive" -> {
        HttpSession session = req.getSession();
        session.setAttribute("k", "v");
        session.setMaxInactiveInterval(Integer.parseInt(req.getParameter("s")));
        yield Integer.toString(session.getMaxInactiveInterval());
      }
      case "/core" -> {
        Sessions.of(req).put("viaCore", 41);
        yield String.valueOf(req.getSession(false).getAttribute("viaCore"));
      }
      case "/unsupported-value" -> {
        try {
          req.getSession().setAttribute("thread", Thread.currentThread());
          yield "stored";
        } catch (IllegalArgumentException expected) {
          yield "IllegalArgumentException";
        }
      }
      case "/times" -> {
        HttpSession session = req.getSession();
        yield (session.getCreationTime() > 0) + " " + (session.getLastAccessedTime() >= session.getCreationTime());
      }
      case "/big" -> {
        req.getSession().setAttribute("big", "x".repeat(10_000));
        yield "stored";
      }
      case "/set-and-flush" -> {
        req.getSession().setAttribute("k", "v");
        resp.getWriter().write("application output");
        resp.flushBuffer();
        yield " written after the flush";
      }
      case "/exchange-headers" -> {
        resp.addHeader("X-Removed", "1");
        resp.addHeader("X-Removed", "2");
        resp.addHeader("X-Replaced", "old");
        ServletExchange exchange = new ServletExchange(req, resp);
        exchange.setResponseHeaders("X-Removed", java.util.List.of());
        exchange.setResponseHeaders("X-Replaced", java.util.List.of("a", "b"));
        exchange.addResponseHeader("X-Added", "c");
        resp.setHeader("X-Server-Info", req.getServletContext().getServerInfo());
        yield exchange.responseHeaders("X-Replaced") + " " + exchange.requestHeaders("X-Multi")
            + " " + exchange.requestHeader("X-Absent") + " " + exchange.remoteAddress() + " " + exchange.isSecure();
      }
      default -> "unknown route " + route;
    };
    resp.getWriter().write(answer);
  }
}
