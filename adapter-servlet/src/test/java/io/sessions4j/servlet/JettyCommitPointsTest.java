package io.sessions4j.servlet;

import io.sessions4j.servlet.container.EmbeddedContainer;

class JettyCommitPointsTest extends CommitPointsContract {
  @Override
  EmbeddedContainer container() {
    return EmbeddedContainer.named("jetty");
  }
}
