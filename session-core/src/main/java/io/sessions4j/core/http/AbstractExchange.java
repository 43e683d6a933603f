package io.sessions4j.core.http;

/**
 * A base for {@link HttpExchange}s whose framework does not know, on its own, the moment the
 * session's headers stop reaching the client. The adapter marks that moment: {@link
 * #closeHeaders()} once the session has committed and the status line and headers are on their
 * way (after that a {@code Session.save()} can no longer set a cookie), and, where it holds the
 * response head back on the wire while an asynchronous commit runs, {@link #holdHeadersOpen()}
 * before that commit, so the engine may still set headers although the framework has "written"
 * the head.
 *
 * <p>{@link #isResponseCommitted()} is then: true once closed; false while held open; otherwise what
 * the framework says ({@link #responseHeadWritten()}).
 */
public abstract class AbstractExchange implements HttpExchange {
  private static final int FRAMEWORK = 0;
  private static final int HELD_OPEN = 1;
  private static final int CLOSED = 2;

  private volatile int headers = FRAMEWORK;

  /** For subclasses. */
  protected AbstractExchange() {}

  /** The session has committed: from here on the headers belong to the wire. */
  public final void closeHeaders() {
    headers = CLOSED;
  }

  /**
   * An asynchronous commit is about to run while the adapter holds the response head back: the
   * headers count as open until {@link #closeHeaders()}, whatever the framework says.
   */
  public final void holdHeadersOpen() {
    headers = HELD_OPEN;
  }

  /** Whether {@link #closeHeaders()} was called. */
  public final boolean headersClosed() {
    return headers == CLOSED;
  }

  @Override
  public final boolean isResponseCommitted() {
    int state = headers;
    return state == CLOSED || (state == FRAMEWORK && responseHeadWritten());
  }

  /**
   * Whether the framework has written (or sent) the response head; consulted while the headers are
   * neither closed nor held open. This default answers false: the adapter's {@link #closeHeaders()}
   * is the only signal.
   */
  protected boolean responseHeadWritten() {
    return false;
  }
}
