package io.sessions4j.core.compat.node;

import io.sessions4j.core.id.SessionIdGenerator;
import java.util.Locale;

/**
 * The {@code compat} option: which Node package's cookie format the engine reads and writes instead
 * of its own. Off (null) by default. See {@code docs/migrating-from-node.md} for what each mode
 * maps and what it costs.
 */
public enum NodeCompat {
  /**
   * express-session's id cookie: {@code connect.sid=s:<id>.<HMAC-SHA256 base64>}, URL-encoded,
   * signed with the first of {@code compatSecrets} and verified with any of them. Store mode only;
   * new ids are made as express-session makes them (uid-safe, 24 random bytes).
   */
  EXPRESS_SESSION("express-session", true, false),
  /**
   * cookie-session's cookies: the whole session as base64 JSON in {@code session}, its keygrip
   * HMAC-SHA1 signature in {@code session.sig}. Cookie mode only; unencrypted and replayable.
   */
  COOKIE_SESSION("cookie-session", false, true),
  /**
   * koa-session's cookies. In its default cookie mode ({@code mode=cookie}): as cookie-session's,
   * named {@code koa.sess} and {@code koa.sess.sig}, the payload carrying {@code _expire} and {@code
   * _maxAge}; unencrypted and replayable until {@code _expire}. In its external-store mode ({@code
   * mode=store}): {@code koa.sess} holds only the external key (the session id, a UUID as
   * koa-session's {@code genid} makes it), signed the same way in {@code koa.sess.sig}.
   */
  KOA_SESSION("koa-session", true, true);

  private final String packageName;
  private final boolean storeMode;
  private final boolean cookieMode;

  NodeCompat(String packageName, boolean storeMode, boolean cookieMode) {
    this.packageName = packageName;
    this.storeMode = storeMode;
    this.cookieMode = cookieMode;
  }

  /** True when the package can keep only the id in the cookie and the session in a store (store mode). */
  public boolean storeMode() {
    return storeMode;
  }

  /** True when the package can keep the whole session in the cookie (cookie mode). */
  public boolean cookieMode() {
    return cookieMode;
  }

  /** Ids as the package makes them in store mode ({@code compat} makes this the default {@code idGenerator}). */
  public SessionIdGenerator storeIds() {
    return this == KOA_SESSION ? KoaIds.generator() : UidSafeIds.generator();
  }

  /** The package's default cookie name, which {@code compat} makes the default of {@code cookieName}. */
  public String defaultCookieName() {
    return switch (this) {
      case EXPRESS_SESSION -> "connect.sid";
      case COOKIE_SESSION -> "session";
      case KOA_SESSION -> "koa.sess";
    };
  }

  /**
   * Why this format cannot keep a session attribute named {@code name}, or null when it can:
   * express-session keeps its cookie object in {@code cookie}; koa-session drops every field whose
   * name starts with {@code _} when it saves a session (its own {@code _expire}, {@code _maxAge}
   * and {@code _session} among them); sessions4j keeps attribute types in {@code sessions4j:types}.
   */
  public String attributeRefusal(String name) {
    if (NodeTypeTable.FIELD.equals(name)) {
      return "sessions4j keeps attribute types in that field of the " + packageName + " format";
    }
    if (this == EXPRESS_SESSION && ExpressSessionJson.COOKIE.equals(name)) {
      return "express-session keeps its own cookie object there";
    }
    if (this == KOA_SESSION && name.startsWith("_")) {
      return "koa-session drops fields whose names start with '_' when it saves a session";
    }
    return null;
  }

  /** The npm package whose format this mode speaks, which is also its string form. */
  public String packageName() {
    return packageName;
  }

  /** The mode named by {@code value}: the npm package name ({@code express-session}) or the constant's name; {@code none} is null. */
  public static NodeCompat parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("none")) {
      return null;
    }
    for (NodeCompat c : values()) {
      if (c.packageName.equals(v) || c.name().toLowerCase(Locale.ROOT).equals(v)) {
        return c;
      }
    }
    throw new IllegalArgumentException("compat '" + value + "' is not one of: none, express-session, cookie-session, koa-session");
  }
}
