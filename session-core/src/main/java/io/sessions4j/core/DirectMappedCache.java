package io.sessions4j.core;

import java.util.function.BiPredicate;
import java.util.function.ToIntFunction;

/**
 * A small, fixed-size, lock-free cache for the engine's per-request hot path: each key has one
 * slot (its hash modulo the size), holding one immutable entry; a put overwrites whatever was
 * there, and concurrent writers simply overwrite each other. A miss only costs the work the
 * caller would have done anyway, so losing entries to collisions or races is harmless. How keys
 * are hashed and compared is the caller's (identity, or a comparison in constant time).
 */
final class DirectMappedCache<K, V> {
  private record Entry<K, V>(K key, V value) {}

  private final Entry<K, V>[] slots;
  private final ToIntFunction<K> hash;
  private final BiPredicate<K, K> same;

  /**
   * @param size a power of two
   * @param hash the slot hash of a key
   * @param same whether a cached key ({@code first}) is the key looked up ({@code second})
   */
  @SuppressWarnings("unchecked")
  DirectMappedCache(int size, ToIntFunction<K> hash, BiPredicate<K, K> same) {
    if (Integer.bitCount(size) != 1) {
      throw new IllegalArgumentException("size must be a power of two: " + size);
    }
    this.slots = (Entry<K, V>[]) new Entry<?, ?>[size];
    this.hash = hash;
    this.same = same;
  }

  int size() {
    return slots.length;
  }

  /** The value cached for {@code key}, or null. */
  V get(K key) {
    Entry<K, V> e = slots[slot(key)];
    return e != null && same.test(e.key, key) ? e.value : null;
  }

  void put(K key, V value) {
    slots[slot(key)] = new Entry<>(key, value);
  }

  private int slot(K key) {
    int h = hash.applyAsInt(key);
    return (h ^ (h >>> 16)) & (slots.length - 1);
  }
}
