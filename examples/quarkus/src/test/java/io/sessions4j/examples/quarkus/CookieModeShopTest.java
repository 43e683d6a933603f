package io.sessions4j.examples.quarkus;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;

/** The shop in cookie mode, as {@code -Dquarkus.profile=cookie} runs it. */
@QuarkusTest
@TestProfile(CookieModeShopTest.CookieMode.class)
class CookieModeShopTest extends ShopWalk {

  public static class CookieMode implements QuarkusTestProfile {
    @Override
    public String getConfigProfile() {
      return "cookie";
    }

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("SESSIONS4J_KEYS", "example-test-key-0123456789abcdef0123");
    }
  }

  @Override
  String expectedMode() {
    return "cookie";
  }
}
