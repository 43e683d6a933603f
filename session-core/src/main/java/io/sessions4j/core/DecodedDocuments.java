package io.sessions4j.core;

import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.codec.SessionDocument;
import java.util.Collections;

/**
 * Decoded documents of the records a store hands out unchanged until they are replaced (a store
 * whose {@link io.sessions4j.core.store.SessionStore#sharesRecordData()} is true, such as the memory
 * store), so that reading a session does not decode the same bytes again on every request.
 *
 * <p>Keyed by the <em>identity</em> of the encoded bytes: a changed record is a new array, so it
 * can never hit the entry of an older version, and a store that builds a new array per read (JDBC,
 * Redis) would never hit at all, which is why only stores that share their records get one. A {@link
 * DirectMappedCache}: a miss only costs the decode it would have cost anyway. The cached
 * document's maps are unmodifiable, and the engine only ever copies from them (JSON trees are
 * never mutated), so one document can back many concurrent requests.
 *
 * <p>Bounded: {@value #SLOTS} entries, of documents up to {@value #MAX_CACHED_BYTES} encoded bytes
 * (bigger ones are decoded every time), so it holds a few MiB at most beside the store.
 */
final class DecodedDocuments {
  static final int SLOTS = 2048;
  static final int MAX_CACHED_BYTES = 4096;

  private final AttributeCodec codec;
  private final DirectMappedCache<byte[], SessionDocument> cache =
      new DirectMappedCache<>(SLOTS, System::identityHashCode, (cached, data) -> cached == data);

  DecodedDocuments(AttributeCodec codec) {
    this.codec = codec;
  }

  /**
   * The document {@code data} encodes, from the cache when these very bytes were decoded before.
   *
   * @throws io.sessions4j.core.codec.CorruptSessionException as {@link AttributeCodec#decode} does
   *     (a corrupt document is never cached)
   */
  SessionDocument decode(byte[] data) {
    SessionDocument cached = cache.get(data);
    if (cached != null) {
      return cached;
    }
    SessionDocument doc = codec.decode(data);
    if (data.length > MAX_CACHED_BYTES) {
      return doc;
    }
    SessionDocument shared = new SessionDocument(Collections.unmodifiableMap(doc.attributes()),
        Collections.unmodifiableMap(doc.types()), doc.maxAgeMillis(), doc.createdAt(),
        doc.lastAccessedAt(), doc.expiresAt(), doc.cookieExpiresAt());
    cache.put(data, shared);
    return shared;
  }
}
