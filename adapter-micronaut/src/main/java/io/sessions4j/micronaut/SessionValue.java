package io.sessions4j.micronaut;

import io.micronaut.core.bind.annotation.Bindable;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a controller parameter to one session attribute, converted with {@code Session.get(name,
 * type)}: JSON values as they are, types registered with {@code allowType} from their JSON form.
 *
 * <pre>{@code
 * @Get("/")
 * String home(@SessionValue("user") @Nullable String user, @SessionValue("views") Optional<Integer> views)
 * }</pre>
 *
 * <p>An absent attribute leaves a {@code @Nullable} parameter null and an {@code Optional} one
 * empty; a required parameter is then unsatisfied (Micronaut answers 400). A value that cannot be
 * converted to the parameter type is a conversion error (400).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER})
@Bindable
public @interface SessionValue {

  /** The attribute name; empty means the parameter's name. */
  String value() default "";
}
