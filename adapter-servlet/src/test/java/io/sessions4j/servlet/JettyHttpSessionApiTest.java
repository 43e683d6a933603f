package io.sessions4j.servlet;

import io.sessions4j.servlet.container.EmbeddedContainer;

class JettyHttpSessionApiTest extends HttpSessionApiContract {
  @Override
  EmbeddedContainer container() {
    return EmbeddedContainer.named("jetty");
  }
}
