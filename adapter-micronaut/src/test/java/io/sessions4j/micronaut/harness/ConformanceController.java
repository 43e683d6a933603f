package io.sessions4j.micronaut.harness;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.sessions4j.conformance.harness.ConformanceHarness;
import io.sessions4j.conformance.harness.ProtocolRoute;
import io.sessions4j.conformance.harness.RouteResult;
import io.sessions4j.core.Session;
import io.sessions4j.micronaut.Sessions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import reactor.core.publisher.Flux;

/** Runs {@code /p/{profile}/{route}} with the kit and writes its {@link RouteResult}, without blocking. */
@Controller
@Requires(property = "spec.name", value = MicronautHarness.SPEC)
class ConformanceController {
  private static final String JSON = MediaType.APPLICATION_JSON + ";charset=UTF-8";
  private final ConformanceHarness harness;

  ConformanceController(ConformanceHarness harness) {
    this.harness = harness;
  }

  /**
   * Declared as {@code byte[]} bodies: Micronaut then writes a streamed body's chunks as they are,
   * instead of joining them as the elements of a JSON array.
   */
  @Get("/p/{+rest}")
  CompletionStage<MutableHttpResponse<byte[]>> route(HttpRequest<?> request) {
    ProtocolRoute target = ProtocolRoute.parse(request.getPath());
    if (target == null) {
      return java.util.concurrent.CompletableFuture.completedFuture(json(404,
          "{\"error\":\"not a protocol path: /p/{profile}/{route}\"}"));
    }
    Map<String, List<String>> query = ProtocolRoute.parseQuery(request.getUri().getRawQuery());
    Session session = Sessions.find(request).orElse(null);
    return harness.handleAsync(target.profile(), target.route(), query, session).thenApply(result -> {
      MutableHttpResponse<byte[]> response = write(result);
      // the application's own cookies, before the session commits (in the response filter)
      result.setCookies().forEach(cookie -> response.getHeaders().add(HttpHeaders.SET_COOKIE, cookie));
      return response;
    });
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static MutableHttpResponse<byte[]> write(RouteResult result) {
    if (result instanceof RouteResult.Json json) {
      return json(json.status(), json.body());
    }
    if (result instanceof RouteResult.Throw failure) {
      throw failure.exception(); // Micronaut's own error answer
    }
    if (result instanceof RouteResult.Stream stream) {
      Flux<byte[]> chunks = Flux.fromIterable(stream.chunks()).map(c -> c.getBytes(StandardCharsets.UTF_8));
      return (MutableHttpResponse) HttpResponse.ok(chunks).contentType(JSON); // each chunk written and flushed
    }
    RouteResult.Redirect redirect = (RouteResult.Redirect) result;
    return HttpResponse.<byte[]>status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, redirect.location());
  }

  private static MutableHttpResponse<byte[]> json(int status, String body) {
    return HttpResponse.<byte[]>status(HttpStatus.valueOf(status))
        .contentType(JSON)
        .body(body.getBytes(StandardCharsets.UTF_8));
  }
}
