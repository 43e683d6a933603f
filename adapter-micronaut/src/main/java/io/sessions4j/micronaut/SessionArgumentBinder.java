package io.sessions4j.micronaut;

import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import io.sessions4j.core.Session;
import jakarta.inject.Singleton;
import java.util.Optional;

/** Binds a controller parameter of type {@link Session} to the request's session. */
@Singleton
final class SessionArgumentBinder implements TypedRequestArgumentBinder<Session> {
  private static final Argument<Session> TYPE = Argument.of(Session.class);

  @Override
  public Argument<Session> argumentType() {
    return TYPE;
  }

  @Override
  public BindingResult<Session> bind(ArgumentConversionContext<Session> context, HttpRequest<?> source) {
    Optional<Session> session = Sessions.find(source);
    return session.isPresent() ? () -> session : BindingResult.unsatisfied();
  }
}
