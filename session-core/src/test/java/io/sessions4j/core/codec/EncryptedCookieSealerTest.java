package io.sessions4j.core.codec;

import static io.sessions4j.core.codec.SignedCookieSealerTest.garbage;
import static io.sessions4j.core.codec.SignedCookieSealerTest.rawDeflate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.core.SessionTooLargeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import org.junit.jupiter.api.Test;

class EncryptedCookieSealerTest {
  private static final String NEW_SECRET = "new-secret-0123456789abcdefghijklmnopqrstuv";
  private static final String OLD_SECRET = "old-secret-0123456789abcdefghijklmnopqrstuv";
  private static final KeyRing RING = KeyRing.fromSecrets(List.of(NEW_SECRET, OLD_SECRET));
  private static final byte[] PAYLOAD =
      "{\"user\":42,\"cart\":[1,2,3]}".getBytes(StandardCharsets.UTF_8);
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();

  private final CookieSealer sealer = CookieSealer.encrypted(RING, 0);

  @Test
  void sealedValueOpensToTheSamePayloadSealedWithTheNewestKey() {
    String sealed = sealer.seal("sid", PAYLOAD);

    CookieSealer.Opened opened = sealer.open("sid", sealed);

    assertThat(opened.payload()).isEqualTo(PAYLOAD);
    assertThat(opened.sealedWithOlderKey()).isFalse();
  }

  @Test
  void emptyPayloadRoundTrips() {
    String sealed = sealer.seal("sid", new byte[0]);

    assertThat(sealer.open("sid", sealed).payload()).isEmpty();
  }

  @Test
  void sealedValueIsMadeOfCookieOctetsOnly() {
    assertThat(sealer.seal("sid", PAYLOAD)).matches("[A-Za-z0-9_.-]+");
  }

  @Test
  void payloadCannotBeReadFromTheSealedValue() {
    String sealed = sealer.seal("sid", PAYLOAD);

    byte[] box = B64_DECODER.decode(sealed.split("\\.")[2]);

    assertThat(sealed).doesNotContain(B64.encodeToString(PAYLOAD).substring(0, 8));
    assertThat(new String(box, StandardCharsets.ISO_8859_1)).doesNotContain("user");
  }

  @Test
  void everySealUsesAFreshNonce() {
    Set<String> nonces = new HashSet<>();
    Set<String> sealedValues = new HashSet<>();

    for (int i = 0; i < 1000; i++) {
      String sealed = sealer.seal("sid", PAYLOAD);
      sealedValues.add(sealed);
      nonces.add(B64.encodeToString(Arrays.copyOf(B64_DECODER.decode(sealed.split("\\.")[2]), 12)));
    }

    assertThat(sealedValues).hasSize(1000);
    assertThat(nonces).hasSize(1000);
  }

  @Test
  void sealedValueFollowsTheDocumentedFormat() throws GeneralSecurityException {
    String sealed = sealer.seal("sid", PAYLOAD);

    String[] parts = sealed.split("\\.", -1);
    byte[] box = B64_DECODER.decode(parts[2]);

    assertThat(parts).hasSize(3);
    assertThat(parts[0]).isEqualTo("e1");
    assertThat(parts[1]).isEqualTo(RING.keyIds().get(0));
    assertThat(box).hasSize(12 + PAYLOAD.length + 16);
    assertThat(documentedDecrypt(RING.first(), "sid", parts[0] + "." + parts[1], box))
        .isEqualTo(PAYLOAD);
  }

  @Test
  void tamperedCiphertextIsRejected() {
    String sealed = sealer.seal("sid", PAYLOAD);
    String[] parts = sealed.split("\\.", -1);
    byte[] box = B64_DECODER.decode(parts[2]);

    box[12 + 9] ^= 0x01;
    parts[2] = B64.encodeToString(box);

    assertThat(sealer.open("sid", String.join(".", parts))).isNull();
  }

  @Test
  void valueSealedForOneCookieNameDoesNotOpenUnderAnother() {
    String sealed = sealer.seal("sid", PAYLOAD);

    assertThat(sealer.open("sid", sealed)).isNotNull();
    assertThat(sealer.open("sid2", sealed)).isNull();
    assertThat(sealer.open("SID", sealed)).isNull();
    assertThat(sealer.open("", sealed)).isNull();
    assertThat(sealer.open(null, sealed)).isNull();
  }

  @Test
  void unknownKeyIsRejected() {
    KeyRing otherRing = KeyRing.fromSecrets(List.of("another-deployment-0123456789abcdefghijkl"));
    String sealedElsewhere = CookieSealer.encrypted(otherRing, 0).seal("sid", PAYLOAD);

    assertThat(sealer.open("sid", sealedElsewhere)).isNull();
  }

  @Test
  void valueWhoseKeyIdIsSwappedToAKnownKeyIsRejected() {
    String sealed = sealer.seal("sid", PAYLOAD);
    String[] parts = sealed.split("\\.", -1);

    parts[1] = RING.keyIds().get(1);

    assertThat(sealer.open("sid", String.join(".", parts))).isNull();
  }

  @Test
  void signedAndEncryptedValuesDoNotOpenAsEachOther() {
    CookieSealer signed = CookieSealer.signed(RING, 0);

    assertThat(sealer.open("sid", signed.seal("sid", PAYLOAD))).isNull();
    assertThat(signed.open("sid", sealer.seal("sid", PAYLOAD))).isNull();
  }

  @Test
  void cookieSealedWithOlderKeyOpensAndIsReportedStale() {
    CookieSealer beforeRotation =
        CookieSealer.encrypted(KeyRing.fromSecrets(List.of(OLD_SECRET)), 0);
    String oldCookie = beforeRotation.seal("sid", PAYLOAD);

    CookieSealer.Opened opened = sealer.open("sid", oldCookie);

    assertThat(opened.payload()).isEqualTo(PAYLOAD);
    assertThat(opened.sealedWithOlderKey()).isTrue();
  }

  @Test
  void rotationReadsOldAndWritesNew() {
    CookieSealer beforeRotation =
        CookieSealer.encrypted(KeyRing.fromSecrets(List.of(OLD_SECRET)), 0);
    String oldCookie = beforeRotation.seal("sid", PAYLOAD);

    String resealed = sealer.seal("sid", sealer.open("sid", oldCookie).payload());

    assertThat(resealed.split("\\.")[1]).isEqualTo(RING.keyIds().get(0));
    assertThat(sealer.open("sid", resealed).sealedWithOlderKey()).isFalse();
    CookieSealer afterOldKeyRetired =
        CookieSealer.encrypted(KeyRing.fromSecrets(List.of(NEW_SECRET)), 0);
    assertThat(afterOldKeyRetired.open("sid", resealed).payload()).isEqualTo(PAYLOAD);
    assertThat(afterOldKeyRetired.open("sid", oldCookie)).isNull();
  }

  @Test
  void everySingleBitFlipOfAnEncryptedCookieIsRejected() {
    // 27 bytes make a 55-byte box: its last base64url character has 4 unused bits to flip.
    byte[] payload = "{\"user\":42,\"cart\":[1,2,3,4]".getBytes(StandardCharsets.UTF_8);
    String sealed = sealer.seal("sid", payload);
    String[] parts = sealed.split("\\.", -1);
    int checked = 0;

    // Every bit of the decoded key id and of nonce | ciphertext | tag, re-encoded.
    for (int part = 1; part < parts.length; part++) {
      byte[] bytes = B64_DECODER.decode(parts[part]);
      for (int bit = 0; bit < bytes.length * 8; bit++) {
        byte[] flipped = bytes.clone();
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        String[] tampered = parts.clone();
        tampered[part] = B64.encodeToString(flipped);

        assertThat(sealer.open("sid", String.join(".", tampered)))
            .as("part %d, bit %d", part, bit)
            .isNull();
        checked++;
      }
    }
    // Every bit of every character of the text form, version tag and dots included.
    for (int i = 0; i < sealed.length(); i++) {
      for (int bit = 0; bit < 16; bit++) {
        char[] chars = sealed.toCharArray();
        chars[i] ^= (char) (1 << bit);

        assertThat(sealer.open("sid", new String(chars))).as("char %d, bit %d", i, bit).isNull();
        checked++;
      }
    }

    assertThat(payload).hasSize(27);
    assertThat(checked).isEqualTo((4 + 12 + payload.length + 16) * 8 + sealed.length() * 16);
  }

  @Test
  void truncatedOrExtendedBoxIsRejected() {
    String sealed = sealer.seal("sid", PAYLOAD);
    String[] parts = sealed.split("\\.", -1);
    byte[] box = B64_DECODER.decode(parts[2]);

    for (int length = 0; length < box.length + 3; length++) {
      if (length == box.length) {
        continue;
      }
      parts[2] = B64.encodeToString(Arrays.copyOf(box, length));

      assertThat(sealer.open("sid", String.join(".", parts))).as("length %d", length).isNull();
    }
  }

  @Test
  void payloadLongerThanTheThresholdIsCompressedAndRoundTrips() {
    byte[] large =
        "{\"item\":\"the same words again\"},".repeat(100).getBytes(StandardCharsets.UTF_8);
    CookieSealer compressing = CookieSealer.encrypted(RING, 512);

    String sealed = compressing.seal("sid", large);

    assertThat(sealed).startsWith("e1z.");
    assertThat(sealed.length()).isLessThan(sealer.seal("sid", large).length() / 4);
    assertThat(compressing.open("sid", sealed).payload()).isEqualTo(large);
    assertThat(sealer.open("sid", sealed).payload()).isEqualTo(large);
  }

  @Test
  void payloadAtTheThresholdIsNotCompressed() {
    CookieSealer compressing = CookieSealer.encrypted(RING, 100);

    assertThat(compressing.seal("sid", new byte[100])).startsWith("e1.");
    assertThat(compressing.seal("sid", new byte[101])).startsWith("e1z.");
    assertThat(CookieSealer.encrypted(RING, 0).seal("sid", new byte[5000])).startsWith("e1.");
  }

  @Test
  void payloadThatDoesNotShrinkIsLeftUncompressed() {
    byte[] random = new byte[2000];
    new Random(7).nextBytes(random);

    String sealed = CookieSealer.encrypted(RING, 100).seal("sid", random);

    assertThat(sealed).startsWith("e1.");
    assertThat(sealer.open("sid", sealed).payload()).isEqualTo(random);
  }

  @Test
  void compressionFlagIsAuthenticated() {
    byte[] large = "abcabcabc".repeat(100).getBytes(StandardCharsets.UTF_8);
    String compressed = CookieSealer.encrypted(RING, 100).seal("sid", large);
    String uncompressed = sealer.seal("sid", large);

    assertThat(sealer.open("sid", "e1." + compressed.substring("e1z.".length()))).isNull();
    assertThat(sealer.open("sid", "e1z." + uncompressed.substring("e1.".length()))).isNull();
  }

  @Test
  void zipBombIsRejected() throws GeneralSecurityException {
    byte[] bomb = rawDeflate(new byte[2 << 20]); // 2 MiB of zeros in about 2 KiB
    String header = "e1z." + RING.keyIds().get(0);
    String cookie =
        header + "." + B64.encodeToString(documentedEncrypt(RING.first(), "sid", header, bomb));

    assertThat(cookie.length()).isLessThan(4096);
    assertThat(sealer.open("sid", cookie)).isNull();
  }

  @Test
  void inflatedSizeIsCappedAtOneMebibyte() throws GeneralSecurityException {
    String header = "e1z." + RING.keyIds().get(0);
    byte[] atCap = documentedEncrypt(RING.first(), "sid", header, rawDeflate(new byte[1 << 20]));
    byte[] overCap =
        documentedEncrypt(RING.first(), "sid", header, rawDeflate(new byte[(1 << 20) + 1]));

    assertThat(sealer.open("sid", header + "." + B64.encodeToString(atCap)).payload())
        .hasSize(1 << 20);
    assertThat(sealer.open("sid", header + "." + B64.encodeToString(overCap))).isNull();
  }

  @Test
  void payloadOverOneMebibyteIsRefusedAtSealTime() {
    CookieSealer compressing = CookieSealer.encrypted(RING, 1024);

    assertThat(compressing.open("sid", compressing.seal("sid", new byte[1 << 20]))).isNotNull();
    assertThatThrownBy(() -> compressing.seal("sid", new byte[(1 << 20) + 1]))
        .isInstanceOf(SessionTooLargeException.class);
  }

  @Test
  void sealedValueTooLongToBeReadBackIsRefusedAtSealTime() {
    byte[] random = new byte[30_000];
    new Random(3).nextBytes(random);

    assertThatThrownBy(() -> sealer.seal("sid", random))
        .isInstanceOf(SessionTooLargeException.class);
  }

  @Test
  void garbageReturnsNullWithoutThrowing() {
    Random random = new Random(20_240_602);
    String valid = sealer.seal("sid", PAYLOAD);
    List<String> inputs = new ArrayList<>(Arrays.asList(
        null, "", ".", "..", "...", "e1", "e1.", "e1..", "e1z..", "e1.......", "s1.a.b.c",
        "e1." + RING.keyIds().get(0) + ".", "e1." + RING.keyIds().get(0) + "." + "A".repeat(37),
        valid + ".", "." + valid, valid + "=", valid + "\0", valid.toUpperCase(),
        "e1.\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9.x", "A".repeat(10_000_000),
        valid + "A".repeat(1_000_000), "\uD800".repeat(1000)));
    for (int i = 0; i < 5000; i++) {
      inputs.add(garbage(random, valid));
    }

    for (String input : inputs) {
      assertThat(sealer.open("sid", input)).as("%.80s", input).isNull();
    }
    assertThat(sealer.open("sid", valid)).as("the valid value itself").isNotNull();
  }

  @Test
  void nonAsciiCharactersAnywhereInAValidValueAreRejected() {
    String valid = sealer.seal("sid", PAYLOAD);
    NonAsciiInput.assertRefusedAnywhere(sealer, valid);
    assertThat(sealer.open("sid", valid).payload()).isEqualTo(PAYLOAD);
  }

  @Test
  void toStringShowsNoSecret() {
    assertThat(sealer.toString()).doesNotContain(NEW_SECRET).doesNotContain(OLD_SECRET)
        .contains(RING.keyIds().get(0));
  }

  /** AES-256-GCM exactly as WIRE-FORMATS.md describes it, without the sealer's code. */
  private static byte[] documentedEncrypt(KeyRing.Key key, String cookieName, String header,
      byte[] plaintext) throws GeneralSecurityException {
    byte[] nonce = new byte[12];
    new Random(1).nextBytes(nonce);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, key.encryptionKey, new GCMParameterSpec(128, nonce));
    cipher.updateAAD(aad(cookieName, header));
    byte[] ciphertextAndTag = cipher.doFinal(plaintext);
    return ByteBuffer.allocate(12 + ciphertextAndTag.length).put(nonce).put(ciphertextAndTag)
        .array();
  }

  private static byte[] documentedDecrypt(KeyRing.Key key, String cookieName, String header,
      byte[] box) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.DECRYPT_MODE, key.encryptionKey, new GCMParameterSpec(128, box, 0, 12));
    cipher.updateAAD(aad(cookieName, header));
    return cipher.doFinal(box, 12, box.length - 12);
  }

  private static byte[] aad(String cookieName, String header) {
    byte[] name = cookieName.getBytes(StandardCharsets.UTF_8);
    byte[] text = header.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(4 + name.length + text.length).putInt(name.length).put(name)
        .put(text).array();
  }
}
