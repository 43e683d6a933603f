package io.sessions4j.core;

/** What {@link Session#unset()} does: destroy the session or keep it (the {@code unset} option). */
public enum Unset {
  /** The session is destroyed: its record is deleted. The default. */
  DESTROY,
  /** This request's changes are discarded; the stored session is left as it was. */
  KEEP
}
