package io.sessions4j.micronaut;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.cookie.Cookie;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionTrace;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/** Routes the adapter tests drive: each touches the session the way an application would. */
@Requires(property = "spec.routes", value = "session")
@Controller("/s")
@Produces(MediaType.TEXT_PLAIN)
class SessionRoutes {
  /** How often /s/view ran, to prove when a route did not run. */
  static final AtomicInteger VIEWS = new AtomicInteger();

  /** Puts the cart, then answers whether the trace is the request attribute, and what it says now. */
  @Get("/trace")
  String trace(HttpRequest<?> request, Session session) {
    session.put("cart", "apple");
    Optional<SessionTrace> trace = Sessions.trace(request);
    return trace.map(t -> (t == request.getAttribute(SessionTrace.REQUEST_ATTRIBUTE).orElse(null)) + "\n" + t.summary())
        .orElse("no trace");
  }

  @Get("/view")
  String view(Session session) {
    VIEWS.incrementAndGet();
    return String.valueOf(session.attributes());
  }

  @Get("/thread")
  String thread(Session session) {
    return Thread.currentThread().getName();
  }

  @Get("/big")
  String big(Session session, @QueryValue int bytes) {
    session.put("big", "x".repeat(bytes));
    return "ok";
  }

  @Get("/change-id")
  String changeId(Session session) {
    session.changeId();
    return String.valueOf(session.attributes());
  }

  @Get("/destroy")
  String destroy(Session session) {
    session.destroy();
    return "destroyed";
  }

  @Get("/set")
  String set(Session session, @QueryValue String k, @QueryValue String v) {
    session.put(k, v);
    return String.valueOf(session.attributes());
  }

  @Get("/incr")
  String incr(Session session) {
    Integer n = session.get("n", Integer.class);
    session.put("n", n == null ? 1 : n + 1);
    return String.valueOf(session.attributes());
  }

  @Get("/same")
  String same(Session session, HttpRequest<?> request) {
    boolean attribute = request.getAttribute(Sessions.ATTRIBUTE).orElse(null) == session;
    boolean helper = Sessions.of(request) == session;
    boolean current = Sessions.current() == session;
    return attribute + " " + helper + " " + current;
  }

  @Get("/throw")
  String fail(Session session) {
    session.put("k", "thrown");
    throw new IllegalStateException("route failed on purpose");
  }

  @Get("/redirect")
  HttpResponse<?> redirect(Session session) {
    session.put("k", "redirected");
    return HttpResponse.status(HttpStatus.FOUND).headers(h -> h.location(URI.create("/s/view")));
  }

  @Get("/stream")
  Publisher<String> stream(Session session) {
    session.put("k", "streamed");
    return Flux.just("chunk-1\n", "chunk-2\n", "chunk-3\n");
  }

  @Get("/app-cookie")
  HttpResponse<String> appCookie(Session session) {
    session.put("k", "with-app-cookie");
    return HttpResponse.ok("ok").cookie(Cookie.of("app", "1"));
  }

  /** Saves mid-request, then the session changes again: one session cookie, app cookies kept. */
  @Get("/save-then-change")
  CompletionStage<HttpResponse<String>> saveThenChange(Session session) {
    session.put("k", "saved");
    return session.save().thenApply(v -> {
      session.put("k2", "after-save");
      return HttpResponse.ok("ok").cookie(Cookie.of("app", "2"));
    });
  }

  /** Uses the session synchronously on the event loop, through the accessor (no Session argument). */
  @Get("/sync-accessor")
  String syncAccessor(HttpRequest<?> request) {
    return String.valueOf(Sessions.of(request).get("k"));
  }

  /** Uses the session on the event loop once loaded, as event-loop code must with a slow store. */
  @Get("/async-accessor")
  CompletionStage<String> asyncAccessor(HttpRequest<?> request) {
    return Sessions.of(request).loaded().thenApply(s -> String.valueOf(s.get("k")));
  }

  @Get("/value")
  String value(@SessionValue("k") @Nullable String k, @SessionValue("n") Optional<Integer> n) {
    return k + " " + n.map(String::valueOf).orElse("none");
  }

  @Get("/value-by-name")
  String valueByName(@SessionValue @Nullable String k) {
    return String.valueOf(k);
  }

  @Get("/value-int")
  String valueInt(@SessionValue("n") int n) {
    return String.valueOf(n + 1);
  }

  @Get("/value-required")
  String valueRequired(@SessionValue("k") String k) {
    return k;
  }
}
