package io.sessions4j.conformance.kit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an adapter's test says about itself, as OpenTelemetry's server tests do with their options
 * object: checks it cannot pass for a stated reason (reported as skipped, never as passed), and
 * optionally a subset of checks to run.
 *
 * <p>Ids are matched as prefixes ending at a boundary: {@code "H2.4"} names {@code H2.4a} and
 * {@code H2.4b} but not {@code H2.41}; {@code "H3"} names every H3 check.
 */
public final class ConformanceOptions {

  private final Map<String, String> notApplicable;
  private final List<String> only;

  private ConformanceOptions(Builder b) {
    this.notApplicable = Map.copyOf(b.notApplicable);
    this.only = List.copyOf(b.only);
  }

  /** Every check runs. */
  public static ConformanceOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The declared reason a check does not apply to this harness, if any. */
  public Optional<String> notApplicableReason(Check check) {
    return notApplicable.entrySet().stream()
        .filter(e -> matches(e.getKey(), check.id()))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  /** True when the check is selected (no {@code only} given, or it matches one). */
  public boolean selects(Check check) {
    return only.isEmpty() || only.stream().anyMatch(prefix -> matches(prefix, check.id()));
  }

  static boolean matches(String prefix, String id) {
    if (!id.startsWith(prefix)) {
      return false;
    }
    return id.length() == prefix.length() || !Character.isDigit(id.charAt(prefix.length()))
        || prefix.endsWith(".") || prefix.endsWith("-");
  }

  /** Builds {@link ConformanceOptions}. */
  public static final class Builder {
    private final Map<String, String> notApplicable = new LinkedHashMap<>();
    private final List<String> only = new ArrayList<>();

    private Builder() {}

    /** Declares the checks {@code idOrPrefix} names not applicable to this harness, because {@code reason}. */
    public Builder notApplicable(String idOrPrefix, String reason) {
      if (reason == null || reason.isBlank()) {
        throw new IllegalArgumentException("say why " + idOrPrefix + " does not apply");
      }
      notApplicable.put(idOrPrefix, reason);
      return this;
    }

    /** Runs only the checks these ids or prefixes name (repeatable); default all. */
    public Builder only(String idOrPrefix) {
      only.add(idOrPrefix);
      return this;
    }

    public ConformanceOptions build() {
      return new ConformanceOptions(this);
    }
  }
}
