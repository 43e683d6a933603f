package io.sessions4j.quarkus.app;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the test application has of Micrometer, and no sessions4j code: a {@link
 * SimpleMeterRegistry} bean for the test to read (quarkus-micrometer adds registry beans to its
 * global composite), and an {@link ObservationRegistry} bean whose handler keeps every stopped
 * observation's contextual name and error (what a tracing bridge would turn into spans). The
 * adapter binds the {@code sessions4j.*} meters and observes the store by itself.
 */
@Singleton
public class MetricsProducer {
  /** The observations stopped so far, as {@code "<contextual name> <error class or ok>"}. */
  public static final List<String> OBSERVED = new CopyOnWriteArrayList<>();

  @Produces
  @Singleton
  public SimpleMeterRegistry simpleMeterRegistry() {
    return new SimpleMeterRegistry();
  }

  @Produces
  @Singleton
  public ObservationRegistry observationRegistry() {
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new ObservationHandler<Observation.Context>() {
      @Override
      public void onStop(Observation.Context context) {
        OBSERVED.add(context.getContextualName() + " "
            + (context.getError() == null ? "ok" : context.getError().getClass().getSimpleName()));
      }

      @Override
      public boolean supportsContext(Observation.Context context) {
        return true;
      }
    });
    return registry;
  }
}
