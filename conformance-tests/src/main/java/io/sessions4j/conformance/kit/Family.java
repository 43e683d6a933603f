package io.sessions4j.conformance.kit;

/** The behaviour families of BEHAVIOURS.md that the HTTP kit checks (family S is the store kit's), and R1. */
public enum Family {
  H1("When a cookie is sent"),
  H2("Cookie attributes"),
  H3("Signing, encryption and keys"),
  H4("Session lifecycle"),
  H5("Store-mode writes"),
  /** Not a BEHAVIOURS.md item: the reliability checks of issue 6 (docs/reliability.md). */
  R1("Hostile input over HTTP"),
  /** Not a BEHAVIOURS.md item: the Node bridge's profiles (issue 13, docs/migrating-from-node.md). */
  N1("Node bridge: the Node packages' formats");

  private final String title;

  Family(String title) {
    this.title = title;
  }

  /** The family's title in BEHAVIOURS.md. */
  public String title() {
    return title;
  }
}
