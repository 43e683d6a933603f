package io.sessions4j.servlet;

import io.sessions4j.servlet.container.EmbeddedContainer;

class JettySpringSecurityEventsTest extends SpringSecurityEventsContract {
  @Override
  EmbeddedContainer container() {
    return EmbeddedContainer.named("jetty");
  }
}
