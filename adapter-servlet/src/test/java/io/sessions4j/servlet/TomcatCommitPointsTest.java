package io.sessions4j.servlet;

import io.sessions4j.servlet.container.EmbeddedContainer;

class TomcatCommitPointsTest extends CommitPointsContract {
  @Override
  EmbeddedContainer container() {
    return EmbeddedContainer.named("tomcat");
  }
}
