package io.sessions4j.spring.boot;

import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionMode;
import io.sessions4j.core.SessionProperties;
import io.sessions4j.core.config.SessionOptions;
import io.sessions4j.core.store.SessionStore;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The sessions4j engine for a Spring Boot application: a {@link SessionConfig} from the {@code
 * sessions4j.*} properties (the core's options, parsed by the core) plus the store they select and
 * the {@link SessionConfigCustomizer} beans, and the {@link SessionManager} on it. The store's calls
 * are observed ({@link StoreObservations}) when the application has an {@code ObservationRegistry}. Every bean can be
 * replaced by defining one of the same type; {@code sessions4j.enabled=false} turns all of this off.
 *
 * <p>Runs after the DataSource auto-configuration of Boot 3 ({@code
 * org.springframework.boot.autoconfigure.jdbc}) and Boot 4 ({@code
 * org.springframework.boot.jdbc.autoconfigure}): named as strings, since each exists in one Boot only.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"})
@ConditionalOnProperty(prefix = SessionsProperties.PREFIX, name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(SessionsProperties.class)
public class SessionsAutoConfiguration implements BeanClassLoaderAware {
  private static final Log LOG = LogFactory.getLog(SessionsAutoConfiguration.class);
  private ClassLoader classLoader = SessionsAutoConfiguration.class.getClassLoader();

  @Override
  public void setBeanClassLoader(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  /**
   * The configuration: the session options among the {@code sessions4j.*} properties, the store
   * (store mode), then the customizers in their order. Not made when the application defines its
   * own {@code SessionManager} (which has its configuration).
   *
   * @throws SessionsConfigurationException naming the offending property
   */
  @Bean
  @ConditionalOnMissingBean({SessionConfig.class, SessionManager.class})
  public SessionConfig sessions4jConfig(Environment environment, SessionsProperties properties,
      ObjectProvider<SessionStore> store, ObjectProvider<SessionConfigCustomizer> customizers,
      ObjectProvider<StoreObservations> observations) {
    SessionOptionsReader.requireKnownStarterProperties(environment);
    Set<String> containerSessions = SessionOptionsReader.namesUnder(environment, "server.servlet.session");
    if (!containerSessions.isEmpty()) {
      LOG.warn(containerSessions + " configure the servlet container's sessions, which sessions4j replaces: they have "
          + "no effect on sessions4j sessions. Use the sessions4j.* options (sessions4j.idle-timeout, "
          + "sessions4j.cookie-name, sessions4j.secure, sessions4j.same-site, ...)");
    }
    Map<String, String> options = SessionOptionsReader.sessionOptions(environment);
    SessionConfig config;
    try {
      SessionConfig.Builder builder = SessionProperties.toBuilder(options);
      if (modeOf(options) == SessionMode.STORE) {
        store.ifAvailable(found -> builder.store(observations.getIfAvailable() == null ? found
            : observations.getObject().observe(found)));
      }
      customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
      config = builder.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      if (e instanceof SessionsConfigurationException known) {
        throw known;
      }
      throw new SessionsConfigurationException("Invalid sessions4j configuration: " + e.getMessage(),
          "Fix the sessions4j.* property named above (or the SessionConfigCustomizer that set it); "
              + "the options are listed in the sessions4j README.", e);
    }
    if (config.mode() == SessionMode.COOKIE && properties.getStore() != SessionsProperties.StoreType.MEMORY) {
      throw new SessionsConfigurationException("sessions4j.store=" + properties.getStore().name().toLowerCase(Locale.ROOT)
          + " has no effect in cookie mode (sessions4j.mode=cookie keeps the whole session in the cookie)",
          "Remove sessions4j.store, or set sessions4j.mode=store.", null);
    }
    return config;
  }

  /** The engine, created at startup (so a misconfiguration stops the application) and closed with the context. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public SessionManager sessions4jManager(SessionConfig config) {
    return SessionManager.create(config);
  }

  /**
   * The store {@code sessions4j.store} selects (memory by default); only in store mode. Closed with
   * the context (a JDBC store leaves the application's DataSource open).
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @Conditional(OnStoreMode.class)
  public SessionStore sessions4jStore(SessionsProperties properties, ObjectProvider<DataSource> dataSource,
      Environment environment) {
    return SessionStores.create(properties, dataSource, Binder.get(environment), classLoader);
  }

  /** The mode the options ask for; STORE when they say nothing or something the parser will refuse anyway. */
  static SessionMode modeOf(Map<String, String> options) {
    String mode = SessionOptionsReader.valueOf(options, SessionOptions.MODE);
    if (mode == null || mode.isBlank()) {
      return SessionOptions.MODE.defaultValue();
    }
    try {
      return SessionOptions.MODE.parse(mode.trim());
    } catch (IllegalArgumentException e) {
      return SessionOptions.MODE.defaultValue();
    }
  }

  /** Matches unless {@code sessions4j.mode} is cookie (no store then). */
  static class OnStoreMode extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
      SessionMode mode = modeOf(SessionOptionsReader.sessionOptions(context.getEnvironment()));
      return mode == SessionMode.STORE
          ? ConditionOutcome.match("sessions4j.mode is store")
          : ConditionOutcome.noMatch("sessions4j.mode is cookie: sessions live in the cookie, not in a store");
    }
  }
}
