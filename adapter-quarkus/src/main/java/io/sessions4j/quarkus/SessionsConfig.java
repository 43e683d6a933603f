package io.sessions4j.quarkus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;
import java.util.Map;

/**
 * Every {@code sessions4j.*} property of the application's configuration ({@code
 * application.properties}, system properties, environment, profiles): {@code sessions4j.mode},
 * {@code sessions4j.keys}, {@code sessions4j.max-age}, … The names and values are the ones every
 * sessions4j adapter accepts; {@link io.sessions4j.core.SessionProperties} parses and validates
 * them, so a wrong one stops the application at startup with a message naming it.
 */
@ConfigMapping(prefix = "sessions4j")
public interface SessionsConfig {

  /** The options without their {@code sessions4j.} prefix, e.g. {@code max-age -> 30m}. */
  @WithParentName
  Map<String, String> options();
}
