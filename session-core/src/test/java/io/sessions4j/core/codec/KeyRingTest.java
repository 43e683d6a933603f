package io.sessions4j.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRingTest {
  private static final String NEW_SECRET = "new-secret-0123456789abcdefghijklmnopqrstuv";
  private static final String OLD_SECRET = "old-secret-0123456789abcdefghijklmnopqrstuv";

  @Test
  void shortSecretIsRefusedWithMessageNamingTheOption() {
    String shortSecret = "twelve-bytes";

    assertThatThrownBy(() -> KeyRing.fromSecrets(List.of(NEW_SECRET, shortSecret)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keys[1] is 12 bytes; each secret must be at least 32 random bytes "
            + "(generate one with: openssl rand -base64 48)")
        .hasMessageNotContaining(shortSecret);
  }

  @Test
  void secretLengthIsCountedInUtf8Bytes() {
    String elevenEuroSigns = "€".repeat(11); // 11 characters, 33 bytes
    String tenEuroSigns = "€".repeat(10); // 10 characters, 30 bytes

    assertThat(KeyRing.fromSecrets(List.of(elevenEuroSigns)).size()).isEqualTo(1);
    assertThatThrownBy(() -> KeyRing.fromSecrets(List.of(tenEuroSigns)))
        .hasMessageStartingWith("keys[0] is 30 bytes;");
  }

  @Test
  void emptyListIsRefusedWithMessageNamingTheOption() {
    assertThatThrownBy(() -> KeyRing.fromSecrets(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("keys is empty; give at least one secret")
        .hasMessageContaining("openssl rand -base64 48");
    assertThatThrownBy(() -> KeyRing.fromBytes(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("keys is null;");
  }

  @Test
  void nullSecretIsRefusedWithItsPosition() {
    assertThatThrownBy(() -> KeyRing.fromSecrets(Arrays.asList(NEW_SECRET, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("keys[1] is null;");
    assertThatThrownBy(() -> KeyRing.fromBytes(Arrays.asList((byte[]) null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("keys[0] is null;");
  }

  @Test
  void duplicateSecretIsRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> KeyRing.fromSecrets(List.of(NEW_SECRET, OLD_SECRET, NEW_SECRET)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keys[2] repeats keys[0]; remove the duplicate (list each secret once, "
            + "newest first)")
        .hasMessageNotContaining(NEW_SECRET);
  }

  @Test
  void toStringShowsOnlyTheCountAndKeyIds() {
    KeyRing ring = KeyRing.fromSecrets(List.of(NEW_SECRET, OLD_SECRET));

    assertThat(ring.toString())
        .isEqualTo("KeyRing{2 keys, ids=[" + ring.keyIds().get(0) + ", " + ring.keyIds().get(1)
            + "]}")
        .doesNotContain(NEW_SECRET)
        .doesNotContain(OLD_SECRET);
    assertThat(ring.first().toString()).isEqualTo("Key{id=" + ring.keyIds().get(0) + "}");
  }

  @Test
  void keyIdDependsOnTheSecretNotItsPosition() {
    KeyRing before = KeyRing.fromSecrets(List.of(OLD_SECRET));
    KeyRing afterRotation = KeyRing.fromSecrets(List.of(NEW_SECRET, OLD_SECRET));

    assertThat(afterRotation.keyIds().get(1)).isEqualTo(before.keyIds().get(0));
    assertThat(afterRotation.keyIds().get(0)).isNotEqualTo(afterRotation.keyIds().get(1));
    assertThat(afterRotation.keyIds()).allSatisfy(id -> assertThat(id).hasSize(6));
  }

  @Test
  void textSecretsAreTheirUtf8Bytes() {
    KeyRing fromText = KeyRing.fromSecrets(List.of(NEW_SECRET));
    KeyRing fromBytes = KeyRing.fromBytes(List.of(NEW_SECRET.getBytes(StandardCharsets.UTF_8)));

    assertThat(fromBytes.keyIds()).isEqualTo(fromText.keyIds());
    assertThat(fromBytes.first().signingKey.getEncoded())
        .isEqualTo(fromText.first().signingKey.getEncoded());
    assertThat(fromBytes.first().encryptionKey.getEncoded())
        .isEqualTo(fromText.first().encryptionKey.getEncoded());
  }

  @Test
  void eachPurposeGetsItsOwnKeyAndNoneIsTheSecret() {
    byte[] secret = NEW_SECRET.getBytes(StandardCharsets.UTF_8);
    KeyRing.Key key = KeyRing.fromBytes(List.of(secret)).first();

    byte[] signing = key.signingKey.getEncoded();
    byte[] encryption = key.encryptionKey.getEncoded();

    assertThat(signing).hasSize(32).isNotEqualTo(encryption);
    assertThat(encryption).hasSize(32);
    assertThat(Arrays.copyOf(secret, 32)).isNotEqualTo(signing).isNotEqualTo(encryption);
    assertThat(key.signingKey.getAlgorithm()).isEqualTo("HmacSHA256");
    assertThat(key.encryptionKey.getAlgorithm()).isEqualTo("AES");
  }

  @Test
  void derivationFollowsTheDocumentedHkdfLabels() {
    byte[] secret = NEW_SECRET.getBytes(StandardCharsets.UTF_8);
    byte[] salt = "sessions4j/v1".getBytes(StandardCharsets.US_ASCII);
    KeyRing.Key key = KeyRing.fromBytes(List.of(secret)).first();

    byte[] signing = Hkdf.derive(salt, secret, ascii("sessions4j/v1 signing key HMAC-SHA256"), 32);
    byte[] encryption =
        Hkdf.derive(salt, secret, ascii("sessions4j/v1 encryption key AES-256-GCM"), 32);
    byte[] id = Hkdf.derive(salt, secret, ascii("sessions4j/v1 key id"), 4);

    assertThat(key.signingKey.getEncoded()).isEqualTo(signing);
    assertThat(key.encryptionKey.getEncoded()).isEqualTo(encryption);
    assertThat(key.idText).isEqualTo(Base64Url.encode(id));
  }

  @Test
  void ringKeepsWorkingAfterTheCallerWipesItsSecretArray() {
    byte[] secret = NEW_SECRET.getBytes(StandardCharsets.UTF_8);
    byte[] copy = secret.clone();
    CookieSealer sealer = CookieSealer.signed(KeyRing.fromBytes(List.of(secret)), 0);

    Arrays.fill(secret, (byte) 0);
    String sealed = sealer.seal("sid", new byte[] {1, 2, 3});

    CookieSealer sameSecret = CookieSealer.signed(KeyRing.fromBytes(List.of(copy)), 0);
    assertThat(sameSecret.open("sid", sealed)).isNotNull();
  }

  @Test
  void idTokenKeyAndContextFollowTheDocumentedDerivation() {
    byte[] secret = NEW_SECRET.getBytes(StandardCharsets.UTF_8);
    byte[] salt = ascii("sessions4j/v1");
    KeyRing.Key plain = KeyRing.fromBytes(List.of(secret)).first();
    KeyRing.Key shop = KeyRing.fromBytes(List.of(secret), "shop").first();
    assertThat(plain.idTokenKey.getEncoded())
        .isEqualTo(Hkdf.derive(salt, secret, ascii("sessions4j/v1 id token key HMAC-SHA256"), 32));
    assertThat(shop.signingKey.getEncoded())
        .isEqualTo(Hkdf.derive(salt, secret, ascii("sessions4j/v1 signing key HMAC-SHA256\0shop"), 32));
    assertThat(shop.idTokenKey.getEncoded())
        .isEqualTo(Hkdf.derive(salt, secret, ascii("sessions4j/v1 id token key HMAC-SHA256\0shop"), 32));
    assertThat(shop.idText).as("the key id ignores the context").isEqualTo(plain.idText);
    assertThat(KeyRing.fromBytes(List.of(secret), "").first().signingKey).isEqualTo(plain.signingKey);
  }

  @Test
  void encodedSecretsAreDecodedToTheirBytes() {
    byte[] random = new byte[48];
    new java.util.Random(7).nextBytes(random);
    KeyRing raw = KeyRing.fromBytes(List.of(random));
    assertThat(KeyRing.fromSecrets(List.of("base64:" + java.util.Base64.getEncoder().encodeToString(random))).keyIds())
        .isEqualTo(raw.keyIds());
    assertThat(KeyRing.fromSecrets(List.of("base64:" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random))).keyIds())
        .isEqualTo(raw.keyIds());
    assertThat(KeyRing.fromSecrets(List.of("hex:" + java.util.HexFormat.of().formatHex(random))).keyIds())
        .isEqualTo(raw.keyIds());
    assertThatThrownBy(() -> KeyRing.fromSecrets(List.of("hex:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "hex:zz-secret-text")))
        .hasMessageContaining("keys[1]").hasMessageContaining("hex").hasMessageNotContaining("zz-secret-text");
    assertThatThrownBy(() -> KeyRing.fromSecrets(List.of("base64:!!not-base64-secret!!")))
        .hasMessageContaining("keys[0]").hasMessageNotContaining("not-base64-secret");
    assertThatThrownBy(() -> KeyRing.fromSecrets(List.of("hex:00112233")))
        .as("decoded bytes count toward the minimum").hasMessageContaining("keys[0] is 4 bytes");
  }

  @Test
  void passphrasesAreToldFromRandomSecrets() {
    byte[] random = new byte[48];
    new java.util.Random(11).nextBytes(random);
    String base64 = java.util.Base64.getEncoder().encodeToString(random);
    KeyRing ring = KeyRing.fromSecrets(List.of(
        "base64:" + base64,                                // random bytes
        base64,                                            // random text (base64 typed in as is)
        java.util.HexFormat.of().formatHex(random),        // random hex text
        "correct horse battery staple is my password",     // words
        "Keyboard-Cat-Keyboard-Cat-Keyboard-Cat",          // words with separators
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));     // few distinct characters
    assertThat(ring.passphraseLike()).containsExactly(3, 4, 5);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
