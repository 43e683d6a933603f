package io.sessions4j.core.store;

/**
 * A {@link SessionStore} capability that is a performance hint: {@link SessionStore#get} hands out
 * the very {@code data} array it holds, the same one for as long as the record is unchanged, and
 * never modifies an array it has handed out (a write stores a new array), as {@link
 * io.sessions4j.core.store.memory.MemoryStore} does. The engine then decodes each stored version
 * once instead of on every read, keyed by the array's identity. A store that reads a new array each
 * time (over a network) does not implement it; a decorator implements it and answers its
 * delegate's {@link #sharedBy(SessionStore)}.
 */
public interface SharedRecordData {

  /** True when the store works as described; implementing stores answer true unless they decorate. */
  default boolean sharesRecordData() {
    return true;
  }

  /** Whether {@code store} shares its records' data arrays (false for null and for stores without the capability). */
  static boolean sharedBy(SessionStore store) {
    return store instanceof SharedRecordData s && s.sharesRecordData();
  }
}
