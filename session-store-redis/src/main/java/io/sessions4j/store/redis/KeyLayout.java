package io.sessions4j.store.redis;

/**
 * Where a session lives in Redis. Every key of one session carries the session id as its hash tag
 * and every principal index key carries the principal name, so in Redis Cluster a session's key
 * always maps to one slot and a principal's index to one slot, and each script touches one slot.
 *
 * <pre>
 *   {prefix}s:{&lt;id&gt;}          hash: the session record (fields in {@link RecordFormat})
 *   {prefix}p:{&lt;principal&gt;}   sorted set: ids of sessions indexed under that principal
 * </pre>
 */
final class KeyLayout {
  private final String prefix;
  private final String sessionPrefix;
  private final String indexPrefix;

  KeyLayout(String prefix) {
    this.prefix = prefix;
    this.sessionPrefix = prefix + "s:{";
    this.indexPrefix = prefix + "p:{";
  }

  String prefix() {
    return prefix;
  }

  String sessionKey(String id) {
    return sessionPrefix + id + "}";
  }

  String indexKey(String principal) {
    return indexPrefix + principal + "}";
  }

  /** The id inside a session key, or null when {@code key} is not one of ours. */
  String idOf(String key) {
    if (key == null || !key.startsWith(sessionPrefix) || !key.endsWith("}")
        || key.length() <= sessionPrefix.length() + 1) {
      return null;
    }
    return key.substring(sessionPrefix.length(), key.length() - 1);
  }

  /** SCAN MATCH pattern for every session key. */
  String sessionPattern() {
    return escapeGlob(sessionPrefix) + "*";
  }

  /** SCAN MATCH pattern for every key of this store (sessions and indexes). */
  String everythingPattern() {
    return escapeGlob(prefix) + "*";
  }

  /** Escapes the glob characters SCAN MATCH understands, so a prefix is matched literally. */
  static String escapeGlob(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }
}
