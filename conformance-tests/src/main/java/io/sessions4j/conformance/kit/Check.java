package io.sessions4j.conformance.kit;

import java.util.Objects;

/**
 * One conformance check: an id ({@code H1.3a}: family, BEHAVIOURS.md item, case letter), a one-line
 * description, and a body that talks to the harness through a {@link CheckContext}. Checks are
 * plain objects so the same list runs under JUnit ({@link ConformanceSuite}) and from the CLI.
 */
public record Check(String id, Family family, String description, Kind kind, Body body) {

  /** How a check runs. */
  public enum Kind {
    /** Over HTTP, quickly; such checks run one after another. */
    HTTP,
    /**
     * Over HTTP, waiting for time to pass (an expiry); such checks run concurrently with the
     * others, on profiles no quick check reads global counters of.
     */
    WAITING,
    /** Inside the kit's JVM against the core library (e.g. configuration validation), not over HTTP. */
    IN_PROCESS
  }

  /** What a check does. Throwing {@link CheckFailedException} fails it; returning passes it. */
  @FunctionalInterface
  public interface Body {
    void run(CheckContext c) throws Exception;
  }

  public Check {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(body, "body");
  }

  /** {@code id description}, as reports print it. */
  public String title() {
    return id + " " + description;
  }

  @Override
  public String toString() {
    return title();
  }
}
