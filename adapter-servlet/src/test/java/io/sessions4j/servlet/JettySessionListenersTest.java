package io.sessions4j.servlet;

import io.sessions4j.servlet.container.EmbeddedContainer;

class JettySessionListenersTest extends SessionListenersContract {
  @Override
  EmbeddedContainer container() {
    return EmbeddedContainer.named("jetty");
  }
}
