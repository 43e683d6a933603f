package io.sessions4j.vertx;

import io.sessions4j.core.http.FailureResponse;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * Holds one HTTP/1.x response on the wire while its session commits, so the commit can finish
 * asynchronously after Vert.x has "written" the head, yet before a byte of it leaves the server.
 *
 * <p>Vert.x 4 gives no asynchronous hook before a response head is sent: headers-end handlers run
 * synchronously inside {@code end()}/{@code write()}/{@code send()}, and the head is handed to the
 * Netty pipeline right after them. When the session commit has not completed by then (a store that
 * completes on its own thread, such as JDBC or Redis), this handler is put in the connection's
 * pipeline just before Vert.x's own handler, and every outbound message, flush and close of the
 * connection waits in it, in order, until {@link #open} is called with the commit's outcome.
 * Nothing waits on a thread: the commit's completion opens the gate on the channel's event loop.
 *
 * <p>On success the held head goes out as it is — the commit has meanwhile added its Set-Cookie to
 * the same header map Vert.x put in the head. On failure the head is replaced by an empty 503 (with
 * {@code Retry-After: 1}) or 500, and the body written for it is dropped. Once the response's last
 * content has passed, the gate removes itself. HTTP/2 streams are encoded by Netty's HTTP/2 codec
 * inside Vert.x's handler and cannot be held this way; {@link #install} returns null for them.
 */
final class ResponseGate extends ChannelOutboundHandlerAdapter {

  /** What to do with the held response once the commit is done. */
  record Outcome(FailureResponse replaceWith) {
    static final Outcome SEND = new Outcome(null);

    static Outcome fail(FailureResponse answer) {
      return new Outcome(answer);
    }

    boolean failed() {
      return replaceWith != null;
    }
  }

  private final ArrayDeque<Held> held = new ArrayDeque<>();
  private volatile ChannelHandlerContext ctx;
  /** An outcome that arrived before Netty ran handlerAdded (gate added from a worker thread). */
  private Outcome pendingOpen;
  private Outcome outcome;
  private boolean flushHeld;
  private ChannelPromise closeHeld;
  /** The response being held has shown its head / has passed its last content. */
  private boolean headSeen;
  private boolean done;
  /** Failure: the body of the replaced response is dropped up to its last content. */
  private boolean discarding;

  private record Held(Object msg, ChannelPromise promise) {}

  private ResponseGate() {}

  /**
   * Puts a gate in front of the response of {@code request}, or returns null when its connection
   * cannot be held (HTTP/2, or a connection that is not a Vert.x/Netty one). Must be called before
   * the response head is handed to the connection, i.e. from a headers-end handler.
   */
  static ResponseGate install(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_2) {
      return null;
    }
    HttpConnection connection = request.connection();
    if (!(connection instanceof ConnectionBase base)) {
      return null;
    }
    ChannelHandlerContext vertxHandler = base.channelHandlerContext();
    if (vertxHandler == null || vertxHandler.isRemoved()) {
      return null;
    }
    ResponseGate gate = new ResponseGate();
    // Outbound messages travel from Vert.x's handler towards the head of the pipeline, so the gate
    // sits right before it. Added from a worker thread, Netty runs handlerAdded on the event loop
    // before Vert.x's queued write of this response, so nothing passes the gate unseen.
    vertxHandler.pipeline().addBefore(vertxHandler.name(), null, gate);
    return gate;
  }

  /** Releases the held response with the commit's outcome; any thread. */
  void open(Outcome result) {
    ChannelHandlerContext c = ctx;
    Runnable release = () -> release(result);
    if (c == null) {
      // not added yet (added from a worker thread): handlerAdded runs first on the same executor
      synchronized (this) {
        if (ctx == null) {
          pendingOpen = result;
          return;
        }
        c = ctx;
      }
    }
    if (c.executor().inEventLoop()) {
      release.run();
    } else {
      c.executor().execute(release);
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext context) {
    Outcome early;
    synchronized (this) {
      this.ctx = context;
      early = pendingOpen;
    }
    if (early != null) {
      release(early);
    }
  }

  @Override
  public void write(ChannelHandlerContext context, Object msg, ChannelPromise promise) {
    if (outcome == null) {
      held.add(new Held(msg, promise));
      return;
    }
    pass(context, msg, promise);
  }

  @Override
  public void flush(ChannelHandlerContext context) {
    if (outcome == null) {
      flushHeld = true;
    } else {
      context.flush();
    }
  }

  @Override
  public void close(ChannelHandlerContext context, ChannelPromise promise) {
    if (outcome == null) {
      closeHeld = promise;
    } else {
      context.close(promise);
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext context) {
    // the channel went away while holding: drop what is held, fail its writes
    Held h;
    while ((h = held.poll()) != null) {
      ReferenceCountUtil.release(h.msg);
      h.promise.tryFailure(new ClosedChannelException());
    }
  }

  private void release(Outcome result) {
    if (outcome != null || ctx == null || ctx.isRemoved()) {
      return;
    }
    outcome = result;
    Held h;
    while ((h = held.poll()) != null) {
      pass(ctx, h.msg, h.promise);
    }
    if (flushHeld) {
      flushHeld = false;
      ctx.flush();
    }
    if (closeHeld != null) {
      ChannelPromise close = closeHeld;
      closeHeld = null;
      ctx.close(close);
    }
    removeWhenDone();
  }

  /** Forwards, rewrites or drops one message once the outcome is known. */
  private void pass(ChannelHandlerContext context, Object msg, ChannelPromise promise) {
    if (done) {
      context.write(msg, promise);
      return;
    }
    if (!headSeen) {
      if (!(msg instanceof HttpResponse head) || head.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
        context.write(msg, promise);
        return;
      }
      headSeen = true;
      if (outcome.failed()) {
        HttpResponse replacement = errorResponse(head, outcome.replaceWith());
        discarding = !(msg instanceof LastHttpContent);
        done = !discarding;
        ReferenceCountUtil.release(msg);
        context.write(replacement, promise);
      } else {
        done = msg instanceof LastHttpContent;
        context.write(msg, promise);
      }
      removeWhenDone();
      return;
    }
    if (discarding) {
      boolean last = msg instanceof LastHttpContent;
      ReferenceCountUtil.release(msg);
      promise.trySuccess();
      if (last) {
        discarding = false;
        done = true;
        removeWhenDone();
      }
      return;
    }
    done = msg instanceof LastHttpContent;
    context.write(msg, promise);
    removeWhenDone();
  }

  private void removeWhenDone() {
    if (done && outcome != null && held.isEmpty() && !ctx.isRemoved()) {
      ctx.pipeline().remove(this);
    }
  }

  private static HttpResponse errorResponse(HttpResponse original, FailureResponse answer) {
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    DefaultFullHttpResponse error = new DefaultFullHttpResponse(original.protocolVersion(),
        HttpResponseStatus.valueOf(answer.status()), Unpooled.wrappedBuffer(body));
    error.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    error.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    error.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
    if (answer.retryAfterSeconds() > 0) {
      error.headers().set(HttpHeaderNames.RETRY_AFTER, Integer.toString(answer.retryAfterSeconds()));
    }
    String connection = original.headers().get(HttpHeaderNames.CONNECTION);
    if (connection != null) {
      error.headers().set(HttpHeaderNames.CONNECTION, connection);
    }
    return error;
  }
}
