package io.sessions4j.spring.boot;

/**
 * The sessions4j configuration of the application is wrong: an unknown {@code sessions4j.*}
 * property, a bad value, a store that cannot be built from what is configured. Thrown while the
 * application context starts, so the application does not start half configured; Spring Boot prints
 * the {@linkplain #getMessage() description} and the {@linkplain #action() action} (see {@code
 * SessionsFailureAnalyzer}). Secrets are never part of either.
 */
public class SessionsConfigurationException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String action;

  /** A failure described by {@code message}, fixed by doing {@code action}. */
  public SessionsConfigurationException(String message, String action, Throwable cause) {
    super(message, cause);
    this.action = action;
  }

  /** What to change so that the application starts. */
  public String action() {
    return action;
  }
}
