package io.sessions4j.servlet;

import io.sessions4j.servlet.container.EmbeddedContainer;

class TomcatSessionListenersTest extends SessionListenersContract {
  @Override
  EmbeddedContainer container() {
    return EmbeddedContainer.named("tomcat");
  }
}
