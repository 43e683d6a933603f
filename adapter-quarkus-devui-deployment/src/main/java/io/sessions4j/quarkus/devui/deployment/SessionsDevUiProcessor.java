package io.sessions4j.quarkus.devui.deployment;

import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.IsLocalDevelopment;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.LaunchModeBuildItem;
import io.quarkus.devui.spi.JsonRPCProvidersBuildItem;
import io.quarkus.devui.spi.page.CardPageBuildItem;
import io.quarkus.devui.spi.page.Page;
import io.quarkus.vertx.http.deployment.NonApplicationRootPathBuildItem;
import io.quarkus.vertx.http.runtime.management.ManagementInterfaceBuildTimeConfig;
import io.sessions4j.quarkus.devui.SessionsDevUiService;

/**
 * The build steps of the sessions4j Dev UI extension: in dev mode, a card whose page ({@code
 * qwc-sessions4j.js}) shows the session count, a user's sessions with buttons to end one or all,
 * and the configuration, over the JSON-RPC methods of {@link SessionsDevUiService}; with a metrics
 * extension, a link to the metrics endpoint, where the {@code sessions4j.*} meters are.
 */
class SessionsDevUiProcessor {
  /** The feature name Quarkus lists at startup. */
  static final String FEATURE = "sessions4j";

  @BuildStep
  FeatureBuildItem feature() {
    return new FeatureBuildItem(FEATURE);
  }

  @BuildStep(onlyIf = IsLocalDevelopment.class)
  CardPageBuildItem card(Capabilities capabilities, NonApplicationRootPathBuildItem paths,
      ManagementInterfaceBuildTimeConfig management, LaunchModeBuildItem launchMode) {
    CardPageBuildItem card = new CardPageBuildItem();
    card.addPage(Page.webComponentPageBuilder()
        .title("Sessions")
        .icon("font-awesome-solid:id-card")
        .componentLink("qwc-sessions4j.js"));
    if (capabilities.isPresent(Capability.METRICS)) {
      card.addPage(Page.externalPageBuilder("Metrics")
          .icon("font-awesome-solid:chart-line")
          .url(paths.resolveManagementPath("metrics", management, launchMode))
          .doNotEmbed());
    }
    return card;
  }

  @BuildStep(onlyIf = IsLocalDevelopment.class)
  JsonRPCProvidersBuildItem jsonRpc() {
    return new JsonRPCProvidersBuildItem(SessionsDevUiService.class);
  }
}
