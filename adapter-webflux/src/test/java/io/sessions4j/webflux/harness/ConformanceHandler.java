package io.sessions4j.webflux.harness;

import io.sessions4j.conformance.harness.ConformanceHarness;
import io.sessions4j.conformance.harness.ProtocolRoute;
import io.sessions4j.conformance.harness.RouteResult;
import io.sessions4j.core.Session;
import io.sessions4j.webflux.Sessions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Runs {@code /p/{profile}/{route}} with the kit and writes its {@link RouteResult}, without blocking. */
final class ConformanceHandler implements WebHandler {
  private static final String JSON = "application/json;charset=UTF-8";
  private final ConformanceHarness harness;

  ConformanceHandler(ConformanceHarness harness) {
    this.harness = harness;
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange) {
    ProtocolRoute target = ProtocolRoute.parse(exchange.getRequest().getPath().value());
    if (target == null) {
      return json(exchange.getResponse(), 404, "{\"error\":\"not a protocol path: /p/{profile}/{route}\"}");
    }
    Map<String, List<String>> query = ProtocolRoute.parseQuery(exchange.getRequest().getURI().getRawQuery());
    // lazy: the kit uses the session only once Session.loaded() completed ("untouched" never does)
    Session session = Sessions.find(exchange).orElse(null);
    return Mono.fromCompletionStage(() -> harness.handleAsync(target.profile(), target.route(), query, session))
        .flatMap(result -> {
          ServerHttpResponse response = exchange.getResponse();
          // the application's own cookies, before the session commits (as the response commits)
          result.setCookies().forEach(cookie -> response.getHeaders().add("Set-Cookie", cookie));
          return write(response, result);
        });
  }

  private static Mono<Void> write(ServerHttpResponse response, RouteResult result) {
    if (result instanceof RouteResult.Json json) {
      return json(response, json.status(), json.body());
    }
    if (result instanceof RouteResult.Throw failure) {
      return Mono.error(failure.exception()); // WebFlux's own error answer
    }
    if (result instanceof RouteResult.Stream stream) {
      response.setStatusCode(HttpStatusCode.valueOf(200));
      response.getHeaders().set("Content-Type", JSON);
      // each chunk written and flushed on its own
      return response.writeAndFlushWith(Flux.fromIterable(stream.chunks())
          .map(chunk -> Mono.just(response.bufferFactory().wrap(chunk.getBytes(StandardCharsets.UTF_8)))));
    }
    RouteResult.Redirect redirect = (RouteResult.Redirect) result;
    response.setStatusCode(HttpStatusCode.valueOf(302));
    response.getHeaders().set("Location", redirect.location());
    return response.setComplete();
  }

  private static Mono<Void> json(ServerHttpResponse response, int status, String body) {
    response.setStatusCode(HttpStatusCode.valueOf(status));
    response.getHeaders().set("Content-Type", JSON);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(bytes)));
  }
}
