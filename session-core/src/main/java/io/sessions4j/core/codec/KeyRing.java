package io.sessions4j.core.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ordered secrets a deployment signs and encrypts with: the first seals, all open. Rotate by
 * putting a new secret first and keeping the old ones until the cookies they sealed have expired.
 *
 * <p>No secret is used directly. Each one is stretched with HKDF-SHA256 (RFC 5869, salt {@code
 * "sessions4j/v1"}) into an HMAC-SHA256 signing key, an AES-256 encryption key and a 4-byte key
 * id, each under its own {@code info} label so they are independent. The key id depends only on
 * the secret, not its position, so a cookie names the key that sealed it across rotations.
 *
 * <p>Secrets are refused when shorter than 32 bytes, repeated, or missing. Neither the secrets nor
 * the derived keys appear in {@link #toString()} or in any exception message.
 */
public final class KeyRing {
  /** The shortest secret accepted, in bytes. */
  public static final int MIN_SECRET_BYTES = 32;

  static final int KEY_ID_BYTES = 4;
  private static final String GENERATE_HINT = "(generate one with: openssl rand -base64 48)";
  private static final byte[] SALT = ascii("sessions4j/v1");
  private static final byte[] INFO_SIGNING = ascii("sessions4j/v1 signing key HMAC-SHA256");
  private static final byte[] INFO_ENCRYPTION = ascii("sessions4j/v1 encryption key AES-256-GCM");
  private static final byte[] INFO_KEY_ID = ascii("sessions4j/v1 key id");

  private final Key[] keys;

  private KeyRing(Key[] keys) {
    this.keys = keys;
  }

  /**
   * Secrets as text, encoded as UTF-8; each must be at least {@value #MIN_SECRET_BYTES} bytes,
   * newest first.
   *
   * @throws IllegalArgumentException naming the offending {@code keys[i]} when the list is empty,
   *     or a secret is null, too short, or repeated
   */
  public static KeyRing fromSecrets(List<String> secrets) {
    if (secrets == null) {
      throw new IllegalArgumentException("keys is null; " + needOne());
    }
    List<byte[]> bytes = new ArrayList<>(secrets.size());
    for (int i = 0; i < secrets.size(); i++) {
      String secret = secrets.get(i);
      if (secret == null) {
        throw new IllegalArgumentException("keys[" + i + "] is null; remove it or give a secret "
            + "of at least " + MIN_SECRET_BYTES + " random bytes " + GENERATE_HINT);
      }
      bytes.add(secret.getBytes(StandardCharsets.UTF_8));
    }
    try {
      return fromBytes(bytes);
    } finally {
      bytes.forEach(b -> Arrays.fill(b, (byte) 0));
    }
  }

  /**
   * Raw secrets; each must be at least {@value #MIN_SECRET_BYTES} bytes, newest first. The arrays
   * are not kept.
   *
   * @throws IllegalArgumentException naming the offending {@code keys[i]} when the list is empty,
   *     or a secret is null, too short, or repeated
   */
  public static KeyRing fromBytes(List<byte[]> secrets) {
    if (secrets == null || secrets.isEmpty()) {
      throw new IllegalArgumentException("keys is " + (secrets == null ? "null" : "empty")
          + "; " + needOne());
    }
    Key[] keys = new Key[secrets.size()];
    for (int i = 0; i < keys.length; i++) {
      byte[] secret = secrets.get(i);
      if (secret == null) {
        throw new IllegalArgumentException("keys[" + i + "] is null; remove it or give a secret "
            + "of at least " + MIN_SECRET_BYTES + " random bytes " + GENERATE_HINT);
      }
      if (secret.length < MIN_SECRET_BYTES) {
        throw new IllegalArgumentException("keys[" + i + "] is " + secret.length + " bytes; each "
            + "secret must be at least " + MIN_SECRET_BYTES + " random bytes " + GENERATE_HINT);
      }
      for (int j = 0; j < i; j++) {
        if (Arrays.equals(secret, secrets.get(j))) {
          throw new IllegalArgumentException("keys[" + i + "] repeats keys[" + j + "]; remove the "
              + "duplicate (list each secret once, newest first)");
        }
      }
      keys[i] = Key.derive(secret);
      for (int j = 0; j < i; j++) {
        if (keys[j].id == keys[i].id) {
          // Two distinct secrets with one 32-bit id: about a 1 in 4 billion chance per pair.
          throw new IllegalArgumentException("keys[" + i + "] and keys[" + j + "] derive the same "
              + "key id; replace keys[" + i + "] with a new secret " + GENERATE_HINT);
        }
      }
    }
    return new KeyRing(keys);
  }

  /** How many secrets the ring holds. */
  public int size() {
    return keys.length;
  }

  /** The key ids, newest first, as they appear in sealed cookies (base64url). */
  public List<String> keyIds() {
    List<String> ids = new ArrayList<>(keys.length);
    for (Key key : keys) {
      ids.add(key.idText);
    }
    return List.copyOf(ids);
  }

  /** The count and key ids only: never the secrets or derived keys. */
  @Override
  public String toString() {
    StringJoiner ids = new StringJoiner(", ", "[", "]");
    for (Key key : keys) {
      ids.add(key.idText);
    }
    return "KeyRing{" + keys.length + (keys.length == 1 ? " key" : " keys") + ", ids=" + ids + "}";
  }

  /** The key that seals. */
  Key first() {
    return keys[0];
  }

  /** The key with this id, or null when the ring has none. */
  Key byId(int id) {
    for (Key key : keys) {
      if (key.id == id) {
        return key;
      }
    }
    return null;
  }

  private static String needOne() {
    return "give at least one secret of " + MIN_SECRET_BYTES + " or more random bytes "
        + GENERATE_HINT;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** The keys derived from one secret. */
  static final class Key {
    final int id;
    /** The id as written in cookies: base64url of the 4 id bytes, 6 characters. */
    final String idText;
    final SecretKey signingKey;
    final SecretKey encryptionKey;
    /**
     * Per thread, a Mac initialised once with {@link #signingKey}: Mac instances are not
     * thread-safe, and looking one up or re-keying it on every use showed in profiles (see
     * benchmarks/jmh/PROFILING.md). {@code doFinal} leaves a Mac ready for the next message.
     */
    private final ThreadLocal<Mac> hmac;

    private Key(byte[] id, SecretKey signingKey, SecretKey encryptionKey) {
      this.id = idOf(id);
      this.idText = Base64Url.encode(id);
      this.signingKey = signingKey;
      this.encryptionKey = encryptionKey;
      this.hmac = ThreadLocal.withInitial(() -> {
        try {
          Mac mac = Mac.getInstance("HmacSHA256");
          mac.init(signingKey);
          return mac;
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("HmacSHA256 is not available or refused a derived key", e);
        }
      });
    }

    /**
     * This thread's HMAC-SHA256 keyed with the signing key, reset: ready for update/doFinal. Use it
     * within one call and finish with {@code doFinal}.
     */
    Mac hmac() {
      Mac mac = hmac.get();
      mac.reset(); // a no-op after doFinal; clears what an interrupted earlier use left
      return mac;
    }

    static Key derive(byte[] secret) {
      byte[] prk = Hkdf.extract(SALT, secret);
      byte[] signing = Hkdf.expand(prk, INFO_SIGNING, 32);
      byte[] encryption = Hkdf.expand(prk, INFO_ENCRYPTION, 32);
      byte[] id = Hkdf.expand(prk, INFO_KEY_ID, KEY_ID_BYTES);
      Arrays.fill(prk, (byte) 0);
      Key key = new Key(id, new SecretKeySpec(signing, "HmacSHA256"),
          new SecretKeySpec(encryption, "AES"));
      Arrays.fill(signing, (byte) 0); // SecretKeySpec keeps its own copy
      Arrays.fill(encryption, (byte) 0);
      return key;
    }

    /** The 4 id bytes, big-endian. */
    static int idOf(byte[] idBytes) {
      return (idBytes[0] & 0xFF) << 24 | (idBytes[1] & 0xFF) << 16 | (idBytes[2] & 0xFF) << 8
          | (idBytes[3] & 0xFF);
    }

    @Override
    public String toString() {
      return "Key{id=" + idText + "}";
    }
  }
}
