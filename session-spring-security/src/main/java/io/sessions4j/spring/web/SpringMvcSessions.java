package io.sessions4j.spring.web;

import io.sessions4j.core.SessionConfig;
import org.springframework.web.servlet.FlashMap;

/**
 * Makes a {@link SessionConfig} ready for Spring MVC: its flash attributes ({@code RedirectAttributes}
 * → the session's list of {@link FlashMap}s) are stored as JSON that reads back as {@code FlashMap}s
 * with their target path, parameters and expiry, in every store and in cookie mode. A flash
 * attribute's value must itself be storable: a JSON value, or a class allowed with
 * {@code allowJacksonType}.
 */
public final class SpringMvcSessions {
  private SpringMvcSessions() {}

  /** Registers the {@link FlashMap} Jackson module and allows {@code FlashMap}. */
  public static SessionConfig.Builder configure(SessionConfig.Builder builder) {
    return builder.jacksonModule(new FlashMapModule()).allowJacksonType(FlashMap.class);
  }
}
