package io.sessions4j.core.compat.node;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code .sig} cookie of cookie-session and koa-session, as keygrip 1.1 (their default) makes
 * it: HMAC-SHA1 of {@code "name=value"} under a key, base64 with {@code /}→{@code _}, {@code
 * +}→{@code -} and no {@code =}. The first key signs; any key verifies ({@link #index}).
 */
public final class Keygrip {
  private Keygrip() {}

  /** The signature of {@code data} (for a cookie: {@code name + "=" + value}) under {@code key}. */
  public static String sign(String data, String key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA1 is not available", e);
    }
  }

  /** Which of {@code keys} signed {@code data} with {@code digest} (0 = the first), or -1 for none; constant time per key. */
  public static int index(String data, String digest, List<String> keys) {
    byte[] presented = digest.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < keys.size(); i++) {
      if (MessageDigest.isEqual(sign(data, keys.get(i)).getBytes(StandardCharsets.UTF_8), presented)) {
        return i;
      }
    }
    return -1;
  }
}
