package io.sessions4j.examples.jdk;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import io.sessions4j.core.Await;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionTooLargeException;
import io.sessions4j.core.SessionUnavailableException;
import io.sessions4j.core.http.FailureResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Sessions for the JDK's built-in HTTP server: a {@link Filter} that opens the request's session
 * lazily (the store is read on the handler's first use of it),
 * hands the handler an exchange whose {@code sendResponseHeaders} first commits the session (so
 * the Set-Cookie is always in the headers), and commits at the end if the handler never sent
 * headers. Handlers reach the session with {@link #session(HttpExchange)}.
 *
 * <p>This and {@link JdkExchange} are the whole adapter: the pattern for any server — implement
 * the exchange SPI, open the session before the handler, commit just before the response is
 * committed.
 */
public final class JdkSessionFilter extends Filter {
  /** The exchange attribute holding the core {@link Session}: {@link Session#REQUEST_ATTRIBUTE}, as in every adapter. */
  public static final String SESSION_ATTRIBUTE = Session.REQUEST_ATTRIBUTE;
  private static final System.Logger LOG = System.getLogger(JdkSessionFilter.class.getName());

  private final SessionManager manager;

  public JdkSessionFilter(SessionManager manager) {
    this.manager = manager;
  }

  /**
   * The session of a request passing through this filter (the exchange the filter handed on; the
   * attribute is per exchange, unlike the JDK server's own attributes, which its contexts share).
   */
  public static Session session(HttpExchange exchange) {
    return (Session) exchange.getAttribute(SESSION_ATTRIBUTE);
  }

  @Override
  public String description() {
    return "sessions4j";
  }

  @Override
  public void doFilter(HttpExchange http, Chain chain) throws IOException {
    JdkExchange exchange = new JdkExchange(http);
    // lazy: no I/O here; the store is read when the handler first uses the session (this thread may wait)
    Session session = manager.open(exchange);
    CommittingExchange committing = new CommittingExchange(http, () -> commit(exchange, session));
    committing.setAttribute(SESSION_ATTRIBUTE, session);
    try {
      chain.doFilter(committing);
    } catch (SessionUnavailableException storeDown) {
      // the store failed at the handler's first use of the session (policy FAIL): the engine has
      // logged it, and the commit below fails with it and answers 503 while it still can
    } finally {
      committing.commitOnce();
    }
  }

  /** Commits; on failure (store down, oversized cookie) gives the engine's failure answer instead, if still possible. */
  private boolean commit(JdkExchange exchange, Session session) throws IOException {
    try {
      Await.result(manager.commit(exchange, session)); // commit never throws; Await unwraps its failure
      return true;
    } catch (SessionUnavailableException | SessionTooLargeException e) {
      String where = exchange.http().getRequestMethod() + " " + exchange.http().getRequestURI().getRawPath();
      if (exchange.isResponseCommitted()) {
        FailureResponse.logUnanswerable(LOG, e, where);
      } else {
        answer(exchange.http(), FailureResponse.forFailedCommit(LOG, e, where));
      }
      return false;
    }
  }

  private static void answer(HttpExchange http, FailureResponse answer) throws IOException {
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    http.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    if (answer.retryAfterSeconds() > 0) {
      http.getResponseHeaders().set("Retry-After", Integer.toString(answer.retryAfterSeconds()));
    }
    http.sendResponseHeaders(answer.status(), body.length);
    http.getResponseBody().write(body);
    http.close();
  }
}
