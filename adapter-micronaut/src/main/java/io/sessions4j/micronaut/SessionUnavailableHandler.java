package io.sessions4j.micronaut;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.sessions4j.core.SessionUnavailableException;
import io.sessions4j.core.http.FailureResponse;
import jakarta.inject.Singleton;

/**
 * Answers a {@link SessionUnavailableException} thrown by a route (an explicit {@code
 * Session.save()} or {@code reload()} while the store is down, policy {@code FAIL}) with 503 and
 * {@code Retry-After: 1}, as the filter does when loading or committing fails. Replace it with your
 * own {@code ExceptionHandler<SessionUnavailableException, ?>} bean to answer differently.
 */
@Singleton
@Produces
final class SessionUnavailableHandler implements ExceptionHandler<SessionUnavailableException, HttpResponse<?>> {

  @Override
  public HttpResponse<?> handle(HttpRequest request, SessionUnavailableException exception) {
    // the engine has logged the store failure
    return SessionFilter.render(FailureResponse.of(exception));
  }
}
