package io.sessions4j.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * One route per way a response can be committed. Every route except {@code /view} first stores
 * its own name under the attribute {@code k}, so the next request can show the write happened.
 */
final class CommitPointServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String route = req.getPathInfo() == null ? "/" : req.getPathInfo();
    if (route.equals("/view")) {
      HttpSession session = req.getSession(false);
      resp.setContentType("text/plain");
      resp.getWriter().write(session == null ? "none" : String.valueOf(session.getAttribute("k")));
      return;
    }
    if (route.equals("/dispatched")) {
      // reached through AsyncContext.dispatch: the filter commits when this dispatch ends
      resp.getWriter().write("dispatched");
      return;
    }
    if (route.equals("/forwarded")) {
      // reached through RequestDispatcher.forward: the same session as the forwarding servlet's
      resp.getWriter().write("forwarded:" + req.getSession(false).getAttribute("k"));
      return;
    }
    String name = route.substring(1);
    if (!name.startsWith("async")) {
      req.getSession().setAttribute("k", name);
    }
    switch (name) {
      case "end" -> resp.getWriter().write("plain");
      case "flush-buffer" -> {
        resp.getWriter().write("early");
        resp.flushBuffer();
        resp.getWriter().write(" and late");
      }
      case "flush-stream" -> {
        resp.getOutputStream().write("early".getBytes(StandardCharsets.UTF_8));
        resp.getOutputStream().flush();
        resp.getOutputStream().write(" and late".getBytes(StandardCharsets.UTF_8));
      }
      case "flush-writer" -> {
        PrintWriter w = resp.getWriter();
        w.write("early");
        w.flush();
        w.write(" and late");
      }
      case "redirect" -> resp.sendRedirect("/app/view");
      case "redirect-then-change" -> {
        // as Spring Security's success handler does: redirect, then clear an attribute
        resp.sendRedirect("/app/view");
        req.getSession().setAttribute("k", "changed after the redirect");
      }
      case "send-error" -> resp.sendError(HttpServletResponse.SC_CONFLICT, "conflict");
      case "content-length" -> {
        byte[] body = "exactly this".getBytes(StandardCharsets.UTF_8);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
      }
      case "content-length-header" -> {
        byte[] body = "exactly this".getBytes(StandardCharsets.UTF_8);
        resp.setHeader("Content-Length", Integer.toString(body.length));
        resp.getOutputStream().write(body, 0, 5);
        resp.getOutputStream().write(body, 5, body.length - 5);
      }
      case "close-stream" -> {
        resp.getOutputStream().write("closed".getBytes(StandardCharsets.UTF_8));
        resp.getOutputStream().close();
      }
      case "close-writer" -> {
        resp.getWriter().write("closed");
        resp.getWriter().close();
      }
      case "overflow-writer" -> {
        resp.setContentType("text/plain;charset=UTF-8");
        String line = "é".repeat(99) + "\n";
        for (int i = 0; i < 2_000; i++) {
          resp.getWriter().write(line);
        }
      }
      case "overflow-stream" -> {
        byte[] chunk = new byte[1000];
        for (int i = 0; i < 300; i++) {
          resp.getOutputStream().write(chunk);
        }
      }
      case "forward" -> {
        try {
          req.getRequestDispatcher("/app/forwarded").forward(req, resp);
        } catch (jakarta.servlet.ServletException e) {
          throw new IOException(e);
        }
      }
      case "throw" -> throw new IllegalStateException("handler failed on purpose");
      case "async-flush" -> {
        AsyncContext async = req.startAsync();
        async.start(() -> {
          ((HttpServletRequest) async.getRequest()).getSession().setAttribute("k", name);
          try {
            PrintWriter w = async.getResponse().getWriter();
            w.write("async");
            w.flush();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          async.complete();
        });
      }
      case "async-complete" -> {
        AsyncContext async = req.startAsync();
        async.start(() -> {
          ((HttpServletRequest) async.getRequest()).getSession().setAttribute("k", name);
          try {
            async.getResponse().getWriter().write("async");
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          async.complete();
        });
      }
      case "async-dispatch" -> {
        AsyncContext async = req.startAsync();
        async.start(() -> {
          ((HttpServletRequest) async.getRequest()).getSession().setAttribute("k", name);
          async.dispatch("/app/dispatched");
        });
      }
      default -> resp.sendError(HttpServletResponse.SC_NOT_FOUND);
    }
  }
}
