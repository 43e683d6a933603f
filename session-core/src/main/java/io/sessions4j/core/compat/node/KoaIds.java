package io.sessions4j.core.compat.node;

import io.sessions4j.core.id.SessionIdGenerator;
import java.util.UUID;

/**
 * Session ids as koa-session 7 makes its external keys (its default {@code genid}: {@code
 * crypto.randomUUID()}): a random (version 4) UUID, 36 characters, 122 random bits from a CSPRNG.
 * koa-session's {@code prefix} is part of the key it makes; sessions4j accepts such keys when the
 * prefix is made of {@code [A-Za-z0-9._~-]} (what every sessions4j store accepts in an id).
 */
public final class KoaIds implements SessionIdGenerator {
  private static final KoaIds INSTANCE = new KoaIds();

  private KoaIds() {}

  /** The generator (stateless, thread-safe). */
  public static KoaIds generator() {
    return INSTANCE;
  }

  @Override
  public String generate() {
    return UUID.randomUUID().toString();
  }
}
