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
 * "sessions4j/v1"}) into an HMAC-SHA256 signing key (cookie-mode payloads), an AES-256 encryption
 * key, an HMAC-SHA256 id-token key (store-mode ids) and a 4-byte key id, each under its own {@code
 * info} label so they are independent. An optional application {@code context} is bound into every
 * key but the id, so two applications that share a secret (and a cookie name) still do not accept
 * each other's cookies. The key id depends only on the secret, not its position or the context, so a
 * cookie names the key that sealed it across rotations.
 *
 * <p>Text secrets may carry random bytes in an encoded form: {@code base64:<standard or url-safe
 * base64>} or {@code hex:<hex digits>} ({@link #secretBytes}); any other text is used as its UTF-8
 * bytes. Secrets are refused when shorter than 32 bytes, repeated, or missing. Neither the secrets
 * nor the derived keys appear in {@link #toString()} or in any exception message.
 */
public final class KeyRing {
  /** The shortest secret accepted, in bytes. */
  public static final int MIN_SECRET_BYTES = 32;

  static final int KEY_ID_BYTES = 4;
  private static final String GENERATE_HINT = "(generate one with: openssl rand -base64 48)";
  private static final byte[] SALT = ascii("sessions4j/v1");
  private static final byte[] INFO_SIGNING = ascii("sessions4j/v1 signing key HMAC-SHA256");
  private static final byte[] INFO_ENCRYPTION = ascii("sessions4j/v1 encryption key AES-256-GCM");
  private static final byte[] INFO_ID_TOKEN = ascii("sessions4j/v1 id token key HMAC-SHA256");
  private static final byte[] INFO_KEY_ID = ascii("sessions4j/v1 key id");
  /** The prefix of a secret given as base64 (standard or url-safe alphabet, padding optional). */
  public static final String BASE64_PREFIX = "base64:";
  /** The prefix of a secret given as hex digits. */
  public static final String HEX_PREFIX = "hex:";

  private final Key[] keys;
  private final boolean hasContext;
  /** The indexes of secrets that look like a human passphrase (see {@link #passphraseLike}). */
  private final List<Integer> passphraseLike;

  private KeyRing(Key[] keys, boolean hasContext, List<Integer> passphraseLike) {
    this.keys = keys;
    this.hasContext = hasContext;
    this.passphraseLike = passphraseLike;
  }

  /**
   * The bytes of a text secret: {@code base64:…} and {@code hex:…} decoded, any other text as UTF-8.
   *
   * @param index the secret's position, named in the error message (which never holds the secret)
   * @throws IllegalArgumentException when an encoded secret does not decode
   */
  public static byte[] secretBytes(int index, String secret) {
    if (secret == null) {
      return null;
    }
    if (secret.startsWith(BASE64_PREFIX)) {
      String text = secret.substring(BASE64_PREFIX.length()).trim();
      try {
        return text.indexOf('-') >= 0 || text.indexOf('_') >= 0
            ? java.util.Base64.getUrlDecoder().decode(text)
            : java.util.Base64.getDecoder().decode(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("keys[" + index + "] starts with '" + BASE64_PREFIX
            + "' but the rest is not base64; give the output of: openssl rand -base64 48");
      }
    }
    if (secret.startsWith(HEX_PREFIX)) {
      String text = secret.substring(HEX_PREFIX.length()).trim();
      try {
        return java.util.HexFormat.of().parseHex(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("keys[" + index + "] starts with '" + HEX_PREFIX
            + "' but the rest is not an even number of hex digits; give the output of: openssl rand -hex 32");
      }
    }
    return secret.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Secrets as text, encoded as UTF-8; each must be at least {@value #MIN_SECRET_BYTES} bytes,
   * newest first.
   *
   * @throws IllegalArgumentException naming the offending {@code keys[i]} when the list is empty,
   *     or a secret is null, too short, or repeated
   */
  public static KeyRing fromSecrets(List<String> secrets) {
    return fromSecrets(secrets, null);
  }

  /**
   * Text secrets ({@link #secretBytes}: UTF-8, or {@code base64:}/{@code hex:} encoded bytes), newest
   * first, with an application context bound into the derived keys (null or empty: none).
   *
   * @throws IllegalArgumentException as {@link #fromBytes(List, String)}, or when an encoded secret
   *     does not decode
   */
  public static KeyRing fromSecrets(List<String> secrets, String context) {
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
      bytes.add(secretBytes(i, secret));
    }
    try {
      return fromBytes(bytes, context);
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
    return fromBytes(secrets, null);
  }

  /**
   * Raw secrets, newest first, with an application context bound into the derived signing,
   * encryption and id-token keys (null or empty: none, which derives exactly the keys of a ring
   * without a context). The arrays are not kept.
   *
   * @throws IllegalArgumentException naming the offending {@code keys[i]} when the list is empty,
   *     or a secret is null, too short, or repeated
   */
  public static KeyRing fromBytes(List<byte[]> secrets, String context) {
    byte[] contextBytes = context == null || context.isEmpty() ? null : context.getBytes(StandardCharsets.UTF_8);
    if (secrets == null || secrets.isEmpty()) {
      throw new IllegalArgumentException("keys is " + (secrets == null ? "null" : "empty")
          + "; " + needOne());
    }
    Key[] keys = new Key[secrets.size()];
    List<Integer> passphraseLike = new ArrayList<>();
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
      keys[i] = Key.derive(secret, contextBytes);
      if (SecretStrength.looksLikePassphrase(secret)) {
        passphraseLike.add(i);
      }
      for (int j = 0; j < i; j++) {
        if (keys[j].id == keys[i].id) {
          // Two distinct secrets with one 32-bit id: about a 1 in 4 billion chance per pair.
          throw new IllegalArgumentException("keys[" + i + "] and keys[" + j + "] derive the same "
              + "key id; replace keys[" + i + "] with a new secret " + GENERATE_HINT);
        }
      }
    }
    return new KeyRing(keys, contextBytes != null, List.copyOf(passphraseLike));
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

  /** Whether an application context is bound into the keys. */
  public boolean hasContext() {
    return hasContext;
  }

  /**
   * The positions of secrets that look typed by a person (printable text of few distinct characters
   * or mostly words) rather than random: HKDF does no stretching, so such a secret is only as strong
   * as it is unguessable. For a startup warning; the secrets themselves are never exposed.
   */
  public List<Integer> passphraseLike() {
    return passphraseLike;
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
    final SecretKey idTokenKey;
    /**
     * Per thread, a Mac initialised once with {@link #signingKey}: Mac instances are not
     * thread-safe, and looking one up or re-keying it on every use showed in profiles (see
     * benchmarks/jmh/PROFILING.md). {@code doFinal} leaves a Mac ready for the next message.
     */
    private final ThreadLocal<Mac> hmac;
    /** Per thread, a Mac initialised once with {@link #idTokenKey}. */
    private final ThreadLocal<Mac> idTokenHmac;

    private Key(byte[] id, SecretKey signingKey, SecretKey encryptionKey, SecretKey idTokenKey) {
      this.id = idOf(id);
      this.idText = Base64Url.encode(id);
      this.signingKey = signingKey;
      this.encryptionKey = encryptionKey;
      this.idTokenKey = idTokenKey;
      this.hmac = ThreadLocal.withInitial(() -> keyedMac(signingKey));
      this.idTokenHmac = ThreadLocal.withInitial(() -> keyedMac(idTokenKey));
    }

    private static Mac keyedMac(SecretKey key) {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(key);
        return mac;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is not available or refused a derived key", e);
      }
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

    /** This thread's HMAC-SHA256 keyed with the id-token key, reset (see {@link #hmac()}). */
    Mac idTokenHmac() {
      Mac mac = idTokenHmac.get();
      mac.reset();
      return mac;
    }

    static Key derive(byte[] secret) {
      return derive(secret, null);
    }

    /**
     * The keys of {@code secret}; {@code context}, when not null, is bound into the signing,
     * encryption and id-token keys ({@code info || 0x00 || context}), not into the key id.
     */
    static Key derive(byte[] secret, byte[] context) {
      byte[] prk = Hkdf.extract(SALT, secret);
      byte[] signing = Hkdf.expand(prk, withContext(INFO_SIGNING, context), 32);
      byte[] encryption = Hkdf.expand(prk, withContext(INFO_ENCRYPTION, context), 32);
      byte[] idToken = Hkdf.expand(prk, withContext(INFO_ID_TOKEN, context), 32);
      byte[] id = Hkdf.expand(prk, INFO_KEY_ID, KEY_ID_BYTES);
      Arrays.fill(prk, (byte) 0);
      Key key = new Key(id, new SecretKeySpec(signing, "HmacSHA256"),
          new SecretKeySpec(encryption, "AES"), new SecretKeySpec(idToken, "HmacSHA256"));
      Arrays.fill(signing, (byte) 0); // SecretKeySpec keeps its own copy
      Arrays.fill(encryption, (byte) 0);
      Arrays.fill(idToken, (byte) 0);
      return key;
    }

    private static byte[] withContext(byte[] info, byte[] context) {
      if (context == null) {
        return info;
      }
      byte[] out = Arrays.copyOf(info, info.length + 1 + context.length);
      System.arraycopy(context, 0, out, info.length + 1, context.length); // out[info.length] stays 0x00
      return out;
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
