package io.sessions4j.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link SessionsConfigurationException} at startup into Spring Boot's "APPLICATION FAILED
 * TO START" report: what is wrong, and what to change.
 */
class SessionsFailureAnalyzer extends AbstractFailureAnalyzer<SessionsConfigurationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, SessionsConfigurationException cause) {
    return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
  }
}
