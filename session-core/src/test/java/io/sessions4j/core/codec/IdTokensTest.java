package io.sessions4j.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Store-mode id tokens ({@code i1}): what opens, what is refused, and rotation. */
class IdTokensTest {
  static final String NEW_SECRET = "id-token-test-new-0123456789abcdef-xyz";
  static final String OLD_SECRET = "id-token-test-old-0123456789abcdef-xyz";
  static final String ID = "abcdefghijklmnopqrstuvwxyz012345";
  final IdTokens tokens = new IdTokens(KeyRing.fromSecrets(List.of(NEW_SECRET)));

  @Test
  void aSealedIdOpensForItsCookieNameOnly() {
    String token = tokens.seal("sid", ID);
    assertThat(token).startsWith("i1.").contains("." + ID + ".");
    assertThat(tokens.open("sid", token)).isEqualTo(new IdTokens.Opened(ID, false));
    assertThat(tokens.open("other", token)).isNull();
    assertThat(IdTokens.isWellFormed(token)).isTrue();
  }

  @Test
  void anyChangeToTheTokenIsRefused() {
    String token = tokens.seal("sid", ID);
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      String changed = token.substring(0, i) + (c == 'a' ? 'b' : 'a') + token.substring(i + 1);
      assertThat(tokens.open("sid", changed)).as("changed at %d", i).isNull();
    }
    assertThat(tokens.open("sid", token + "x")).isNull();
    assertThat(tokens.open("sid", token.substring(1))).isNull();
    assertThat(tokens.open("sid", "")).isNull();
    assertThat(tokens.open("sid", "i1.")).isNull();
  }

  @Test
  void olderKeysOpenAndSaySo() {
    String oldToken = new IdTokens(KeyRing.fromSecrets(List.of(OLD_SECRET))).seal("sid", ID);
    IdTokens rotated = new IdTokens(KeyRing.fromSecrets(List.of(NEW_SECRET, OLD_SECRET)));
    assertThat(rotated.open("sid", oldToken)).isEqualTo(new IdTokens.Opened(ID, true));
    assertThat(tokens.open("sid", oldToken)).as("old key dropped").isNull();
  }

  @Test
  void theIdTokenKeyIsNotTheCookieSigningKey() {
    // same secret, same cookie name, same text: a signed cookie-mode value never opens as an id token
    // and an id token never opens as a signed value
    KeyRing ring = KeyRing.fromSecrets(List.of(NEW_SECRET));
    CookieSealer signed = CookieSealer.signed(ring, 0);
    String token = tokens.seal("sid", ID);
    assertThat(signed.open("sid", token)).isNull();
    assertThat(signed.open("sid", "s1" + token.substring(2))).isNull();
    String signedValue = signed.seal("sid", ID.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThat(tokens.open("sid", signedValue)).isNull();
    assertThat(tokens.open("sid", "i1" + signedValue.substring(2))).isNull();
  }

  @Test
  void anApplicationContextSeparatesApplicationsSharingASecret() {
    IdTokens shop = new IdTokens(KeyRing.fromSecrets(List.of(NEW_SECRET), "shop"));
    IdTokens admin = new IdTokens(KeyRing.fromSecrets(List.of(NEW_SECRET), "admin"));
    String token = shop.seal("sid", ID);
    assertThat(shop.open("sid", token)).isNotNull();
    assertThat(admin.open("sid", token)).isNull();
    assertThat(tokens.open("sid", token)).as("no context").isNull();
  }
}
