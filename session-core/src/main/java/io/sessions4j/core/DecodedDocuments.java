package io.sessions4j.core;

import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.codec.SessionDocument;
import io.sessions4j.core.store.StoredSession;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;

/**
 * Decoded documents of the records a store hands out unchanged until they are replaced (a store
 * whose {@link io.sessions4j.core.store.SharedRecordData#sharesRecordData()} is true, such as the memory
 * store), so that reading a session does not decode the same bytes again on every request.
 *
 * <p>One slot per session id (its {@code String} hash, which the record's id caches), holding the
 * encoded bytes last decoded for it: an entry counts only for the very same array (identity), so a
 * changed record, which is a new array, can never hit the entry of an older version, and a store
 * that builds a new array per read (JDBC, Redis) would never hit at all, which is why only stores
 * that share their records get one. Keying by id rather than by the array's identity hash keeps a
 * hot session's new versions in one slot and spares the identity hash of every fresh array. A
 * {@link DirectMappedCache}: a miss only costs the decode it would have cost anyway. The cached
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
  /** The bytes last decoded for a session id, and what they decoded to. */
  private record Decoded(byte[] data, SessionDocument document) {}

  private final DirectMappedCache<String, Decoded> cache =
      new DirectMappedCache<>(SLOTS, String::hashCode, String::equals);

  DecodedDocuments(AttributeCodec codec) {
    this.codec = codec;
  }

  /**
   * Remembers {@code document} as what {@code data}, its encoding just written as session {@code
   * id}'s record, decodes to — so the next request on a session that is written often does not
   * decode what its writer already had. Only when decoding would give the very same trees ({@link
   * AttributeCodec#decodesToItself}); else the next reader decodes, as it would have anyway. The
   * entry counts only for this very array, so it is harmless if the store kept other bytes.
   */
  void remember(String id, byte[] data, SessionDocument document) {
    if (data.length > MAX_CACHED_BYTES) {
      return;
    }
    for (JsonNode tree : document.attributes().values()) {
      if (!AttributeCodec.decodesToItself(tree)) {
        return;
      }
    }
    // copies: the writer's maps stay the writer's
    cache.put(id, new Decoded(data, shared(new SessionDocument(new LinkedHashMap<>(document.attributes()),
        new LinkedHashMap<>(document.types()), document.maxAgeMillis(), document.createdAt(),
        document.lastAccessedAt(), document.expiresAt(), document.cookieExpiresAt()))));
  }

  /** The document {@code record} holds when its very bytes were decoded (or written) before, else null. */
  SessionDocument cached(StoredSession record) {
    Decoded cached = cache.get(record.id());
    return cached != null && cached.data == record.data() ? cached.document : null;
  }

  /**
   * The document {@code record} holds, from the cache when its very bytes were decoded before.
   *
   * @throws io.sessions4j.core.codec.CorruptSessionException as {@link AttributeCodec#decode} does
   *     (a corrupt document is never cached)
   */
  SessionDocument decode(StoredSession record) {
    byte[] data = record.data();
    Decoded cached = cache.get(record.id());
    if (cached != null && cached.data == data) {
      return cached.document;
    }
    SessionDocument doc = codec.decode(data);
    if (data.length > MAX_CACHED_BYTES) {
      return doc;
    }
    SessionDocument shared = shared(doc);
    cache.put(record.id(), new Decoded(data, shared));
    return shared;
  }

  private static SessionDocument shared(SessionDocument doc) {
    return new SessionDocument(Collections.unmodifiableMap(doc.attributes()),
        Collections.unmodifiableMap(doc.types()), doc.maxAgeMillis(), doc.createdAt(),
        doc.lastAccessedAt(), doc.expiresAt(), doc.cookieExpiresAt());
  }
}
