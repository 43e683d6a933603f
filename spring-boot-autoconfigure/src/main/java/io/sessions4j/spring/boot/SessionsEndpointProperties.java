package io.sessions4j.spring.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code management.endpoint.sessions4j.*}: what the {@link SessionsEndpoint} shows. */
@ConfigurationProperties(prefix = "management.endpoint." + SessionsEndpoint.ID)
public class SessionsEndpointProperties {

  /**
   * Show full session ids in listings instead of redacted ones. A session id is a credential: only
   * turn this on when the endpoint's output stays with the people allowed to take over sessions.
   */
  private boolean showIds;

  public boolean isShowIds() {
    return showIds;
  }

  public void setShowIds(boolean showIds) {
    this.showIds = showIds;
  }
}
