package io.sessions4j.helidon;

import io.helidon.common.Weighted;
import io.helidon.config.Config;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Adds sessions to a Helidon 4 SE routing: registers a {@link SessionFilter} on it.
 *
 * <pre>{@code
 * Config config = Config.create();                       // application.yaml
 * HttpRouting.builder()
 *     .addFeature(SessionFeature.create(config.get("sessions4j")))
 *     .get("/", (req, res) -> {
 *       Session session = Sessions.of(req);
 *       ...
 *     });
 * }</pre>
 *
 * <p>Made from configuration ({@link #create(Config)}), from a {@link SessionConfig} or from a
 * {@link SessionManager} shared with other code. A feature that built its own engine closes it
 * when the server stops. Invalid configuration fails in {@code create}, at startup, with a message
 * naming the option.
 */
public final class SessionFeature implements HttpFeature, Weighted {
  /**
   * The default weight: features of higher weight set up their filters first. 200 puts the session
   * filter after Helidon's infrastructure features (context, security, observability) and before
   * the application's own routing and filters (weight 100), so application filters see the session.
   */
  public static final double WEIGHT = 200;

  private static final System.Logger LOG = System.getLogger(SessionFeature.class.getName());

  private final SessionManager manager;
  private final boolean ownsManager;
  private final SessionFilter filter;
  private final double weight;

  private SessionFeature(Builder builder) {
    this.weight = builder.weight;
    if (builder.manager != null) {
      this.manager = builder.manager;
      this.ownsManager = false;
    } else {
      this.manager = SessionManager.create(builder.config);
      this.ownsManager = true;
    }
    this.filter = SessionFilter.create(manager, builder.appliesTo);
  }

  /**
   * Sessions configured from {@code node}, normally {@code config.get("sessions4j")}; see {@link
   * HelidonSessionConfig} for the format.
   *
   * @throws IllegalArgumentException naming the offending option when the configuration is invalid
   */
  public static SessionFeature create(Config node) {
    SessionConfig config = HelidonSessionConfig.create(node);
    LOG.log(Level.INFO, "sessions4j configured from '" + node.key() + "': " + config);
    return builder().config(config).build();
  }

  /** Sessions with this configuration, on an engine of their own. */
  public static SessionFeature create(SessionConfig config) {
    return builder().config(config).build();
  }

  /** Sessions from an engine the caller keeps (and closes). */
  public static SessionFeature create(SessionManager manager) {
    return builder().manager(manager).build();
  }

  /** A builder, for limiting the feature to some requests. */
  public static Builder builder() {
    return new Builder();
  }

  /** The engine this feature uses (for administration: {@code destroy(id)}, {@code findSessionIds}). */
  public SessionManager manager() {
    return manager;
  }

  @Override
  public double weight() {
    return weight;
  }

  @Override
  public void setup(HttpRouting.Builder routing) {
    routing.addFilter(filter);
  }

  @Override
  public void afterStop() {
    if (ownsManager) {
      manager.close();
    }
  }

  @Override
  public String toString() {
    return "SessionFeature[" + manager.config().mode() + ", cookie " + manager.config().cookieName() + "]";
  }

  /** Builds a {@link SessionFeature}: a configuration or an engine, and optionally which requests it serves. */
  public static final class Builder {
    private SessionConfig config;
    private SessionManager manager;
    private Predicate<? super ServerRequest> appliesTo = request -> true;
    private double weight = WEIGHT;

    private Builder() {}

    /** The configuration; the feature builds (and later closes) its own engine. */
    public Builder config(SessionConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      this.manager = null;
      return this;
    }

    /** Configuration read from {@code node} (see {@link HelidonSessionConfig}). */
    public Builder config(Config node) {
      return config(HelidonSessionConfig.create(node));
    }

    /** An engine the caller owns and closes. */
    public Builder manager(SessionManager manager) {
      this.manager = Objects.requireNonNull(manager, "manager");
      this.config = null;
      return this;
    }

    /**
     * Only requests {@code appliesTo} accepts get a session (others pass through untouched), e.g.
     * {@code req -> req.path().path().startsWith("/app/")}. Default: every request.
     */
    public Builder appliesTo(Predicate<? super ServerRequest> appliesTo) {
      this.appliesTo = Objects.requireNonNull(appliesTo, "appliesTo");
      return this;
    }

    /** The feature's weight among the routing's features (default {@link SessionFeature#WEIGHT}). */
    public Builder weight(double weight) {
      this.weight = weight;
      return this;
    }

    public SessionFeature build() {
      if (config == null && manager == null) {
        throw new IllegalStateException("SessionFeature needs a SessionConfig, a Config node or a SessionManager");
      }
      return new SessionFeature(this);
    }
  }
}
