package io.sessions4j.examples.quarkus;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class StoreModeShopTest extends ShopWalk {
  @Override
  String expectedMode() {
    return "store";
  }
}
