package io.sessions4j.micronaut;

import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.convert.ConversionError;
import io.micronaut.core.reflect.ReflectionUtils;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.AnnotatedRequestArgumentBinder;
import io.sessions4j.core.Session;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/** Binds a {@link SessionValue @SessionValue} parameter to one attribute, via {@code Session.get(name, type)}. */
@Singleton
final class SessionValueArgumentBinder implements AnnotatedRequestArgumentBinder<SessionValue, Object> {

  @Override
  public Class<SessionValue> getAnnotationType() {
    return SessionValue.class;
  }

  @Override
  public BindingResult<Object> bind(ArgumentConversionContext<Object> context, HttpRequest<?> source) {
    Optional<Session> session = Sessions.find(source);
    if (session.isEmpty()) {
      return BindingResult.unsatisfied();
    }
    Argument<Object> argument = context.getArgument();
    String name = argument.getAnnotationMetadata().stringValue(SessionValue.class).orElse("");
    if (name.isEmpty()) {
      name = argument.getName();
    }
    boolean optional = Optional.class.equals(argument.getType());
    Class<?> type = optional
        ? argument.getFirstTypeVariable().<Class<?>>map(Argument::getType).orElse(Object.class)
        : argument.getType();
    Object value;
    try {
      value = session.get().get(name, ReflectionUtils.getWrapperType(type));
    } catch (IllegalArgumentException notConvertible) {
      ConversionError error = new ConversionError() {
        @Override
        public Exception getCause() {
          return notConvertible;
        }

        @Override
        public Optional<Object> getOriginalValue() {
          return Optional.empty(); // never echo session contents into an error page
        }
      };
      return new BindingResult<>() {
        @Override
        public Optional<Object> getValue() {
          return Optional.empty();
        }

        @Override
        public List<ConversionError> getConversionErrors() {
          return List.of(error);
        }
      };
    }
    if (optional) {
      Optional<Object> wrapped = Optional.of(Optional.ofNullable(value));
      return () -> wrapped;
    }
    Optional<Object> present = Optional.ofNullable(value);
    return present.isPresent() ? () -> present : BindingResult.empty();
  }
}
