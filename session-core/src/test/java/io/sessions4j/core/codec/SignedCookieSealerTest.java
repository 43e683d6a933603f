package io.sessions4j.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.core.SessionTooLargeException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.crypto.Mac;
import org.junit.jupiter.api.Test;

class SignedCookieSealerTest {
  private static final String NEW_SECRET = "new-secret-0123456789abcdefghijklmnopqrstuv";
  private static final String OLD_SECRET = "old-secret-0123456789abcdefghijklmnopqrstuv";
  private static final KeyRing RING = KeyRing.fromSecrets(List.of(NEW_SECRET, OLD_SECRET));
  private static final byte[] PAYLOAD =
      "{\"user\":42,\"cart\":[1,2,3]}".getBytes(StandardCharsets.UTF_8);
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();

  private final CookieSealer sealer = CookieSealer.signed(RING, 0);

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
    String sealed = sealer.seal("sid", PAYLOAD);

    assertThat(sealed).matches("[A-Za-z0-9_.-]+");
  }

  @Test
  void signedPayloadIsReadableWithoutAnyKey() {
    String sealed = sealer.seal("sid", PAYLOAD);

    String[] parts = sealed.split("\\.", -1);

    assertThat(parts).hasSize(4);
    assertThat(B64_DECODER.decode(parts[2])).isEqualTo(PAYLOAD);
  }

  @Test
  void sealedValueFollowsTheDocumentedFormat() throws GeneralSecurityException {
    String sealed = sealer.seal("sid", PAYLOAD);

    String[] parts = sealed.split("\\.", -1);
    String signedText = parts[0] + "." + parts[1] + "." + parts[2];

    assertThat(parts[0]).isEqualTo("s1");
    assertThat(parts[1]).isEqualTo(RING.keyIds().get(0));
    assertThat(parts[2]).isEqualTo(B64.encodeToString(PAYLOAD));
    assertThat(parts[3])
        .isEqualTo(B64.encodeToString(documentedMac(RING.first(), "sid", signedText)));
  }

  @Test
  void tamperedPayloadIsRejected() {
    String sealed = sealer.seal("sid", "{\"admin\":false}".getBytes(StandardCharsets.UTF_8));
    String[] parts = sealed.split("\\.", -1);

    parts[2] = B64.encodeToString("{\"admin\":true}".getBytes(StandardCharsets.UTF_8));
    String tampered = String.join(".", parts);

    assertThat(sealer.open("sid", tampered)).isNull();
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
    String sealedElsewhere = CookieSealer.signed(otherRing, 0).seal("sid", PAYLOAD);

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
  void cookieSealedWithOlderKeyOpensAndIsReportedStale() {
    CookieSealer beforeRotation = CookieSealer.signed(KeyRing.fromSecrets(List.of(OLD_SECRET)), 0);
    String oldCookie = beforeRotation.seal("sid", PAYLOAD);

    CookieSealer.Opened opened = sealer.open("sid", oldCookie);

    assertThat(opened.payload()).isEqualTo(PAYLOAD);
    assertThat(opened.sealedWithOlderKey()).isTrue();
  }

  @Test
  void rotationReadsOldAndWritesNew() {
    CookieSealer beforeRotation = CookieSealer.signed(KeyRing.fromSecrets(List.of(OLD_SECRET)), 0);
    String oldCookie = beforeRotation.seal("sid", PAYLOAD);

    String resealed = sealer.seal("sid", sealer.open("sid", oldCookie).payload());

    assertThat(resealed.split("\\.")[1]).isEqualTo(RING.keyIds().get(0));
    assertThat(sealer.open("sid", resealed).sealedWithOlderKey()).isFalse();
    CookieSealer afterOldKeyRetired =
        CookieSealer.signed(KeyRing.fromSecrets(List.of(NEW_SECRET)), 0);
    assertThat(afterOldKeyRetired.open("sid", resealed).payload()).isEqualTo(PAYLOAD);
    assertThat(afterOldKeyRetired.open("sid", oldCookie)).isNull();
  }

  @Test
  void everySingleBitFlipOfASignedCookieIsRejected() {
    String sealed = sealer.seal("sid", PAYLOAD);
    String[] parts = sealed.split("\\.", -1);
    int checked = 0;

    // Every bit of the decoded key id, payload and MAC, re-encoded.
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

    assertThat(checked).isEqualTo((4 + PAYLOAD.length + 32) * 8 + sealed.length() * 16);
  }

  @Test
  void payloadLongerThanTheThresholdIsCompressedAndRoundTrips() {
    byte[] large =
        "{\"item\":\"the same words again\"},".repeat(100).getBytes(StandardCharsets.UTF_8);
    CookieSealer compressing = CookieSealer.signed(RING, 512);

    String sealed = compressing.seal("sid", large);

    assertThat(sealed).startsWith("s1z.");
    assertThat(sealed.length()).isLessThan(sealer.seal("sid", large).length() / 4);
    assertThat(compressing.open("sid", sealed).payload()).isEqualTo(large);
    assertThat(sealer.open("sid", sealed).payload())
        .as("whether to compress is the sealer's choice; every sealer reads both")
        .isEqualTo(large);
  }

  @Test
  void payloadAtTheThresholdIsNotCompressed() {
    CookieSealer compressing = CookieSealer.signed(RING, 100);

    assertThat(compressing.seal("sid", new byte[100])).startsWith("s1.");
    assertThat(compressing.seal("sid", new byte[101])).startsWith("s1z.");
  }

  @Test
  void zeroThresholdNeverCompresses() {
    assertThat(CookieSealer.signed(RING, 0).seal("sid", new byte[5000])).startsWith("s1.");
    assertThat(CookieSealer.signed(RING, -1).seal("sid", new byte[5000])).startsWith("s1.");
  }

  @Test
  void payloadThatDoesNotShrinkIsLeftUncompressed() {
    byte[] random = new byte[2000];
    new Random(7).nextBytes(random);

    String sealed = CookieSealer.signed(RING, 100).seal("sid", random);

    assertThat(sealed).startsWith("s1.");
    assertThat(sealer.open("sid", sealed).payload()).isEqualTo(random);
  }

  @Test
  void zipBombIsRejected() throws GeneralSecurityException {
    byte[] bomb = rawDeflate(new byte[2 << 20]); // 2 MiB of zeros in about 2 KiB
    String signedText = "s1z." + RING.keyIds().get(0) + "." + B64.encodeToString(bomb);
    String cookie =
        signedText + "." + B64.encodeToString(documentedMac(RING.first(), "sid", signedText));

    assertThat(cookie.length()).isLessThan(4096);
    assertThat(sealer.open("sid", cookie)).isNull();
  }

  @Test
  void inflatedSizeIsCappedAtOneMebibyte() throws GeneralSecurityException {
    byte[] atCap = rawDeflate(new byte[1 << 20]);
    byte[] overCap = rawDeflate(new byte[(1 << 20) + 1]);
    String atCapText = "s1z." + RING.keyIds().get(0) + "." + B64.encodeToString(atCap);
    String overCapText = "s1z." + RING.keyIds().get(0) + "." + B64.encodeToString(overCap);

    String atCapCookie =
        atCapText + "." + B64.encodeToString(documentedMac(RING.first(), "sid", atCapText));
    String overCapCookie =
        overCapText + "." + B64.encodeToString(documentedMac(RING.first(), "sid", overCapText));

    assertThat(sealer.open("sid", atCapCookie).payload()).hasSize(1 << 20);
    assertThat(sealer.open("sid", overCapCookie)).isNull();
  }

  @Test
  void truncatedOrTrailingDeflateDataIsRejected() throws GeneralSecurityException {
    byte[] deflated = rawDeflate(PAYLOAD);
    byte[] truncated = Arrays.copyOf(deflated, deflated.length - 1);
    byte[] trailing = Arrays.copyOf(deflated, deflated.length + 1);

    for (byte[] body : List.of(truncated, trailing)) {
      String text = "s1z." + RING.keyIds().get(0) + "." + B64.encodeToString(body);
      String cookie = text + "." + B64.encodeToString(documentedMac(RING.first(), "sid", text));

      assertThat(sealer.open("sid", cookie)).isNull();
    }
  }

  @Test
  void payloadOverOneMebibyteIsRefusedAtSealTime() {
    CookieSealer compressing = CookieSealer.signed(RING, 1024);

    assertThat(compressing.open("sid", compressing.seal("sid", new byte[1 << 20]))).isNotNull();
    assertThatThrownBy(() -> compressing.seal("sid", new byte[(1 << 20) + 1]))
        .isInstanceOf(SessionTooLargeException.class)
        .hasMessageContaining("1048577 bytes");
  }

  @Test
  void sealedValueTooLongToBeReadBackIsRefusedAtSealTime() {
    byte[] random = new byte[30_000];
    new Random(3).nextBytes(random);

    assertThatThrownBy(() -> sealer.seal("sid", random))
        .isInstanceOf(SessionTooLargeException.class)
        .hasMessageContaining("characters");
  }

  @Test
  void garbageReturnsNullWithoutThrowing() {
    Random random = new Random(20_240_601);
    String valid = sealer.seal("sid", PAYLOAD);
    List<String> inputs = new ArrayList<>(Arrays.asList(
        null, "", ".", "...", "....", "s1", "s1.", "s1...", "s1z...", "s1.......", "e1.a.b",
        "s1." + RING.keyIds().get(0) + "..", valid + ".", "." + valid, valid + "=", valid + "\0",
        valid.replace('.', ';'), valid.toUpperCase(), "s1.\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9.x.y",
        "A".repeat(10_000_000), valid + "A".repeat(1_000_000), "\uD800".repeat(1000)));
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
  }

  @Test
  void sealedValuesOfEveryPayloadLengthFollowTheDocumentedFormat() throws GeneralSecurityException {
    Random random = new Random(3);
    for (int length = 0; length < 300; length += 1 + length / 20) {
      byte[] payload = new byte[length];
      random.nextBytes(payload);
      String sealed = sealer.seal("sid", payload);
      String signedText = "s1." + RING.keyIds().get(0) + "." + B64.encodeToString(payload);

      assertThat(sealed).isEqualTo(
          signedText + "." + B64.encodeToString(documentedMac(RING.first(), "sid", signedText)));
      assertThat(sealer.open("sid", sealed).payload()).isEqualTo(payload);
    }
  }

  @Test
  void toStringShowsNoSecret() {
    assertThat(sealer.toString()).doesNotContain(NEW_SECRET).doesNotContain(OLD_SECRET)
        .contains(RING.keyIds().get(0));
  }

  /** The MAC exactly as WIRE-FORMATS.md describes it, computed without the sealer's code. */
  static byte[] documentedMac(KeyRing.Key key, String cookieName, String signedText)
      throws GeneralSecurityException {
    byte[] name = cookieName.getBytes(StandardCharsets.UTF_8);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(key.signingKey);
    mac.update(ByteBuffer.allocate(4).putInt(name.length).array());
    mac.update(name);
    mac.update(signedText.getBytes(StandardCharsets.US_ASCII));
    return mac.doFinal();
  }

  static byte[] rawDeflate(byte[] input) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    try (DeflaterOutputStream stream = new DeflaterOutputStream(out, deflater)) {
      stream.write(input);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    } finally {
      deflater.end();
    }
    return out.toByteArray();
  }

  /** Random text of five kinds: ASCII, any UTF-16, base64url-shaped, mutated, cut-off valid. */
  static String garbage(Random random, String valid) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ;\"";
    StringBuilder out = new StringBuilder();
    switch (random.nextInt(5)) {
      case 0 -> random.ints(random.nextInt(300), 0, 128).forEach(c -> out.append((char) c));
      case 1 -> random.ints(random.nextInt(300), 0, 0x10000).forEach(c -> out.append((char) c));
      case 2 -> {
        String[] parts = valid.split("\\.", -1);
        out.append(parts[0]).append('.').append(parts[1]);
        for (int i = 2; i < parts.length; i++) {
          out.append('.');
          random.ints(parts[i].length(), 0, 64).forEach(c -> out.append(alphabet.charAt(c)));
        }
      }
      case 3 -> {
        out.append(valid);
        int at = random.nextInt(valid.length());
        char replacement;
        do {
          replacement = alphabet.charAt(random.nextInt(alphabet.length()));
        } while (replacement == valid.charAt(at));
        out.setCharAt(at, replacement);
      }
      default -> out.append(valid, 0, random.nextInt(valid.length()));
    }
    return out.toString();
  }

  @Test
  void perThreadKeyedMacsNeverMixKeysOrRings() throws Exception {
    KeyRing other = KeyRing.fromSecrets(List.of(OLD_SECRET));
    CookieSealer otherSealer = CookieSealer.signed(other, 0);
    // interleaved on one thread: each sealer keeps using its own key
    for (int i = 0; i < 3; i++) {
      String mine = sealer.seal("sid", PAYLOAD);
      String theirs = otherSealer.seal("sid", PAYLOAD);
      assertThat(sealer.open("sid", mine).sealedWithOlderKey()).isFalse();
      assertThat(sealer.open("sid", theirs).sealedWithOlderKey()).isTrue(); // OLD_SECRET is second here
      assertThat(otherSealer.open("sid", mine)).isNull();
      assertThat(otherSealer.open("sid", theirs).payload()).isEqualTo(PAYLOAD);
    }
    // a rejected value (bad MAC) leaves the Mac clean for the next, valid one
    String good = sealer.seal("sid", PAYLOAD);
    String bad = good.substring(0, good.length() - 2) + (good.endsWith("AA") ? "BA" : "AA");
    assertThat(sealer.open("sid", bad)).isNull();
    assertThat(sealer.open("sid", good).payload()).isEqualTo(PAYLOAD);
    // the same value, sealed on many threads at once, is byte-for-byte the same and opens everywhere
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        results.add(pool.submit(() -> {
          for (int i = 0; i < 500; i++) {
            String sealed = sealer.seal("sid", PAYLOAD);
            if (!sealed.equals(good) || sealer.open("sid", sealed) == null
                || otherSealer.open("sid", sealed) != null) {
              return false;
            }
          }
          return true;
        }));
      }
      for (java.util.concurrent.Future<Boolean> r : results) {
        assertThat(r.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void macMatchesAFreshlyKeyedHmacAfterManyUses() throws Exception {
    String first = sealer.seal("sid", PAYLOAD);
    for (int i = 0; i < 100; i++) {
      sealer.open("sid", sealer.seal("other", new byte[i]));
    }
    assertThat(sealer.seal("sid", PAYLOAD)).isEqualTo(first);
  }
}
