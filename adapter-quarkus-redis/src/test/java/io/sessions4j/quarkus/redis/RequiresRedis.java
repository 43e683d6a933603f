package io.sessions4j.quarkus.redis;

import io.sessions4j.conformance.store.RealServers;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * Runs a {@code @QuarkusTest} class only when the shared Redis is up, decided before Quarkus starts
 * (the application connects to Redis at startup): outside CI a missing Redis disables the class
 * with the message saying how to start it; with {@code CI=true} it fails ({@link RealServers}).
 */
public final class RequiresRedis implements ExecutionCondition {
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    try {
      RealServers.requireRedis();
      return ConditionEvaluationResult.enabled("Redis is up");
    } catch (TestAbortedException skipped) {
      return ConditionEvaluationResult.disabled(skipped.getMessage());
    }
  }
}
