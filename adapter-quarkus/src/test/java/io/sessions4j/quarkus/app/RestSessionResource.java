package io.sessions4j.quarkus.app;

import io.smallrye.mutiny.Uni;
import io.sessions4j.core.Session;
import io.sessions4j.quarkus.VertxSessions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** A Quarkus REST resource of the test application using the injected, request-scoped {@link Session}. */
@Path("/rest")
public class RestSessionResource {

  @Inject
  Session session;

  @Inject
  RoutingContext routingContext;

  /** Blocking endpoint: runs, and writes its response, on a worker thread. */
  @GET
  @Path("set")
  public String set(@QueryParam("k") String key, @QueryParam("v") String value) {
    session.put(key, value);
    return Thread.currentThread().getName();
  }

  /** Non-blocking endpoint (Uni): runs, and writes its response, on the event loop. */
  @GET
  @Path("set-reactive")
  public Uni<String> setReactive(@QueryParam("k") String key, @QueryParam("v") String value) {
    session.put(key, value);
    return Uni.createFrom().item(Thread.currentThread().getName());
  }

  /** A request with a body: the body must survive the filter's asynchronous load. */
  @POST
  @Path("body")
  @Consumes(MediaType.TEXT_PLAIN)
  public String body(String text) {
    session.put("received", text.length());
    return new JsonObject(session.attributes()).encode();
  }

  @GET
  @Path("view")
  public String view() {
    return new JsonObject(session.attributes()).encode();
  }

  /** The injected session is the one the Vert.x routing context carries. */
  @GET
  @Path("same")
  public String same() {
    session.put("via", "cdi");
    return String.valueOf("cdi".equals(VertxSessions.session(routingContext).get("via")));
  }
}
