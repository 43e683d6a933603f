package io.sessions4j.servlet;

import io.sessions4j.servlet.container.EmbeddedContainer;

class TomcatSpringSecurityEventsTest extends SpringSecurityEventsContract {
  @Override
  EmbeddedContainer container() {
    return EmbeddedContainer.named("tomcat");
  }
}
