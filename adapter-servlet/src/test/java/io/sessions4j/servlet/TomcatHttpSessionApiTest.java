package io.sessions4j.servlet;

import io.sessions4j.servlet.container.EmbeddedContainer;

class TomcatHttpSessionApiTest extends HttpSessionApiContract {
  @Override
  EmbeddedContainer container() {
    return EmbeddedContainer.named("tomcat");
  }
}
