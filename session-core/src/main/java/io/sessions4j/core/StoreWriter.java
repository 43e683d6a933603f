package io.sessions4j.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.codec.CorruptSessionException;
import io.sessions4j.core.codec.SessionDocument;
import io.sessions4j.core.event.StoreOperation;
import io.sessions4j.core.event.WriteConflict;
import io.sessions4j.core.id.SessionIds;
import io.sessions4j.core.store.SessionPatch;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.StoredSession;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The engine's every change to the store (store mode): create a new record, patch an existing one,
 * take a retired id, delete retired ids, touch. Each call is one store operation the store applies
 * atomically, so requests of one session queue in the store instead of reading back and retrying;
 * a session destroyed or retired meanwhile is never written back (a patch never creates a record).
 */
final class StoreWriter {
  private static final System.Logger LOG = System.getLogger("io.sessions4j.core.SessionManager");

  private final SessionStore store;
  private final AttributeCodec codec;
  private final StoreCalls calls;
  /** The loader's decoded documents (null unless the store shares its records): a write it took as is is remembered. */
  private final DecodedDocuments decodedDocuments;
  private final ExpiryPolicy expiry;
  private final SessionEvents events;
  private final String principalAttribute;
  private final Function<Object, String> principalName;
  private final Supplier<Instant> clock;
  private final boolean clientHints;
  private final java.util.function.Predicate<String> trustProxy;

  StoreWriter(SessionConfig config, SessionStore store, AttributeCodec codec, StoreCalls calls,
      ExpiryPolicy expiry, SessionEvents events, DecodedDocuments decodedDocuments) {
    this.store = store;
    this.decodedDocuments = decodedDocuments;
    this.codec = codec;
    this.calls = calls;
    this.expiry = expiry;
    this.events = events;
    this.principalAttribute = config.principalAttribute();
    this.principalName = config.principalName();
    this.clock = config.clock()::instant;
    this.clientHints = config.clientHints();
    this.trustProxy = config.trustProxy();
  }

  /**
   * Takes the id being retired by regenerate / change-id out of the store, atomically: of two
   * requests retiring one id at once exactly one gets the record, so a session never ends up with
   * two live ids, and writers still in flight on the old id find nothing to patch. Change-id keeps
   * the data: the taken record (with whatever other requests wrote meanwhile) plus this request's
   * own changes moves to the new id.
   *
   * @return false when the session was destroyed or retired by another request meanwhile
   */
  CompletionStage<Boolean> takeRetiredId(DefaultSession s) {
    long versionRead = s.claimedVersion();
    return calls.call(s.storeBudget(), StoreOperation.TAKE, () -> store.take(s.claimedId())).thenApply(taken -> {
      if (taken.isEmpty()) {
        events.writeConflict(WriteConflict.SESSION_GONE);
        return false;
      }
      if (!s.isNew() && taken.get().version() != versionRead) {
        events.writeConflict(WriteConflict.MERGED);
        // change-id keeps the data: take concurrent writers' changes along to the new id
        Instant now = clock.get();
        SessionPatch ours = patchOf(s, s.claimedId(), now, now).build();
        try {
          s.adopt(ours.applyTo(codec.decode(taken.get().data())));
        } catch (CorruptSessionException e) {
          LOG.log(Level.WARNING, "stored session " + SessionIds.redact(s.claimedId())
              + " is corrupt; its new id keeps only this request's data");
        }
      }
      return true;
    });
  }

  /**
   * Writes the session record: a new one is created (it must not exist yet); an existing one is
   * patched with this request's changes, which the store applies atomically to the record as it
   * stands, so concurrent requests queue instead of retrying and keep each other's changes.
   *
   * @param issuesCookie the write issues a fresh cookie: with renew, the document records its expiry
   * @return false when the session was destroyed or retired by another request meanwhile
   */
  CompletionStage<Boolean> write(DefaultSession s, Instant now, boolean issuesCookie) {
    if (clientHints && !s.isInStore()) {
      ClientHints.record(s, trustProxy); // a new record: the request that creates it
    }
    Instant deadline = expiry.expiry(s.createdAt(), s.effectiveMaxAge(), now);
    Instant cookieExpiry = expiry.cookieExpiry(s.createdAt(), s.effectiveMaxAge(), now);
    long cookieExpiresAt = expiry.renews() && issuesCookie && cookieExpiry != null
        ? cookieExpiry.toEpochMilli() : s.cookieExpiresAt();
    SessionDocument doc = s.document(SessionDocument.UNSET, SessionDocument.UNSET, SessionDocument.UNSET,
        cookieExpiresAt);
    String id = s.id();
    CompletionStage<Long> written;
    if (!s.isInStore()) {
      long version = 1;
      StoredSession record = new StoredSession(id, codec.encode(doc), s.createdAt(), now, deadline, version,
          principalOf(s));
      events.documentWritten(record.data().length);
      written = calls.call(s.storeBudget(), StoreOperation.SAVE, () -> store.save(record, StoredSession.NEW)).thenApply(created -> {
        if (!created) {
          // another session already holds this id: only a broken custom idGenerator gets here
          throw new StoreCalls.SessionStoreException(
              "new session id collided with an existing session; check idGenerator");
        }
        if (s.idChangedFrom() == null) {
          events.created(id); // a change-id's new id is reported as the change, by retire
        }
        s.inserted(version);
        return version;
      });
    } else {
      byte[][] encoded = new byte[1][];
      SessionPatch patch = patchOf(s, id, now, deadline).cookieExpiresAt(cookieExpiresAt)
          .base(s.baseVersion(), () -> encoded[0] = codec.encode(doc)).build();
      long base = s.baseVersion();
      written = calls.call(s.storeBudget(), StoreOperation.UPDATE, () -> store.update(patch)).thenApply(version -> {
        s.patched(base, version);
        if (version != StoredSession.NEW && base != StoredSession.NEW && version != base + 1) {
          events.writeConflict(WriteConflict.MERGED); // other requests' patches came between
        }
        // the store took this writer's document as it is only if no other patch came between
        if (encoded[0] != null && base != StoredSession.NEW && version == base + 1) {
          events.documentWritten(encoded[0].length);
          if (decodedDocuments != null) {
            decodedDocuments.remember(id, encoded[0], doc); // the next request need not decode it
          }
        }
        return version;
      });
    }
    return written.thenApply(version -> {
      if (version == StoredSession.NEW) {
        // destroyed or regenerated by a concurrent request: never bring it back
        events.writeConflict(WriteConflict.SESSION_GONE);
        LOG.log(Level.DEBUG, "session " + SessionIds.redact(id) + " was destroyed concurrently; not saved");
        return false;
      }
      s.written(doc, version, now, deadline);
      return true;
    });
  }

  /**
   * Moves the record's expiry forward without writing its data.
   *
   * @return false when the record no longer exists
   */
  CompletionStage<Boolean> touch(DefaultSession s, Instant now) {
    Instant deadline = expiry.expiry(s.createdAt(), s.effectiveMaxAge(), now);
    return calls.call(s.storeBudget(), StoreOperation.TOUCH, () -> store.touch(s.idIfAssigned(), now, deadline)).thenApply(touched -> {
      if (touched) {
        s.touched(now, deadline);
      }
      return touched;
    });
  }

  /**
   * Deletes the ids the session retired (regenerate, change-id), one after the other. The id a
   * change-id retired, once its data is stored under the new id, is reported as changed; every
   * other retired id as destroyed.
   */
  CompletionStage<Void> retire(DefaultSession s) {
    String changedFrom = s.isInStore() ? s.idChangedFrom() : null;
    String newId = s.idIfAssigned();
    List<String> ids = s.takeRetiredIds();
    if (ids.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
    for (String old : ids) {
      Runnable event = old.equals(changedFrom) ? () -> events.idChanged(old, newId) : () -> events.destroyed(old);
      chain = chain.thenCompose(v -> calls.call(s.storeBudget(), StoreOperation.DESTROY, () -> store.destroy(old))).thenRun(event);
    }
    return chain;
  }

  /** Deletes the session's record and every id it retired. */
  CompletionStage<Void> delete(DefaultSession s) {
    s.retireStoredId();
    return retire(s).thenRun(s::removedFromStore);
  }

  /** This request's changes to session {@code s}, as a patch of the record {@code id}. */
  private SessionPatch.Builder patchOf(DefaultSession s, String id, Instant now, Instant deadline) {
    SessionPatch.Builder patch = SessionPatch.builder(id, now, deadline);
    SessionAttributes attributes = s.attributeState();
    Set<String> changed = attributes.changedNames();
    for (String name : changed) {
      JsonNode tree = attributes.treeOf(name);
      if (tree == null) {
        patch.remove(name);
      } else {
        patch.set(name, tree, attributes.aliasOf(name));
      }
    }
    if (s.maxAgeChanged()) {
      patch.maxAgeMillis(s.maxAgeMillisToStore());
    }
    if (principalAttribute != null && changed.contains(principalAttribute)) {
      patch.principal(principalOf(s));
    }
    return patch;
  }

  /** The principal name stores index {@code s} by: {@code principalName} of the principal attribute's value. */
  private String principalOf(DefaultSession s) {
    if (principalAttribute == null) {
      return null;
    }
    Object value;
    try {
      value = s.attributeState().peek(principalAttribute);
    } catch (CorruptSessionException e) {
      return null;
    }
    if (value == null) {
      return null;
    }
    try {
      return principalName.apply(value);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "principalAttribute's nameOf threw; the session is not indexed: " + e);
      return null;
    }
  }
}
