package io.sessions4j.examples.quarkus;

/** The shared {@link io.sessions4j.examples.pages.RecentTraces} as this application's CDI bean. */
@jakarta.enterprise.context.ApplicationScoped
class RecentTraces extends io.sessions4j.examples.pages.RecentTraces {}
