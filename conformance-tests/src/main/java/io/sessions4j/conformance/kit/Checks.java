package io.sessions4j.conformance.kit;

import java.util.ArrayList;
import java.util.List;

/** Every check of the kit, in report order: families H1 to H5, R1 (hostile input), the checks of optional store backends, then N1 (the Node bridge's profiles). */
public final class Checks {

  private Checks() {}

  /** All checks. */
  public static List<Check> all() {
    List<Check> all = new ArrayList<>();
    all.addAll(H1CookieSending.checks());
    all.addAll(H2CookieAttributes.checks());
    all.addAll(H3SigningAndKeys.checks());
    all.addAll(H4Lifecycle.checks());
    all.addAll(H5StoreWrites.checks());
    all.addAll(R1HostileInput.checks());
    all.addAll(StoreBackends.checks());
    all.addAll(N1NodeBridge.checks());
    return List.copyOf(all);
  }

  static Check http(String id, String description, Check.Body body) {
    return new Check(id, family(id), description, Check.Kind.HTTP, body);
  }

  static Check waiting(String id, String description, Check.Body body) {
    return new Check(id, family(id), description, Check.Kind.WAITING, body);
  }

  static Check inProcess(String id, String description, Check.Body body) {
    return new Check(id, family(id), description + " (in-process)", Check.Kind.IN_PROCESS, body);
  }

  private static Family family(String id) {
    return Family.valueOf(id.substring(0, id.indexOf('.')));
  }
}
