package io.sessions4j.conformance.store;

import io.sessions4j.core.store.PrincipalIndex;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.SharedRecordData;
import io.sessions4j.core.store.StoreAdministration;
import io.sessions4j.core.store.StoredSession;
import io.sessions4j.core.store.memory.MemoryStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** The store suite against the in-process memory store. */
class MemoryStoreConformanceTest extends StoreConformanceSuite {

  @Override
  protected SessionStore createStore() {
    return new Observed(MemoryStore.builder().build());
  }

  @Override
  protected void removeExpired(SessionStore store) {
    ((Observed) store).memory.cleanUp();
  }

  @Override
  protected boolean holdsRecord(SessionStore store, String id) {
    return ((Observed) store).held.contains(id);
  }

  /**
   * The memory store has no raw view that shows expired entries, so this wrapper keeps the set of
   * ids it holds: added by writes, dropped by destroy/clear and by the store's own eviction
   * notices — which are the evidence that expired records are physically removed. The memory
   * store completes synchronously, so each write and its bookkeeping run under one lock: otherwise
   * a destroy could run between a save and its {@code held.add}, and the set would claim a record
   * the store no longer holds.
   */
  private static final class Observed
      implements SessionStore, PrincipalIndex, StoreAdministration, SharedRecordData {
    final MemoryStore memory;
    final Set<String> held = ConcurrentHashMap.newKeySet();
    private volatile ExpiryListener downstream = id -> {};

    Observed(MemoryStore memory) {
      this.memory = memory;
      memory.setExpiryListener(id -> {
        held.remove(id);
        downstream.expired(id);
      });
    }

    @Override
    public boolean sharesRecordData() {
      return memory.sharesRecordData();
    }

    @Override
    public CompletionStage<Optional<StoredSession>> get(String id) {
      return memory.get(id);
    }

    @Override
    public synchronized CompletionStage<Boolean> save(StoredSession session, long expectedVersion) {
      // recorded before the write: a record born expired is evicted (and its notice removes it) at once
      boolean heldBefore = !held.add(session.id());
      boolean written = memory.save(session, expectedVersion).toCompletableFuture().join();
      if (!written && !heldBefore) {
        held.remove(session.id());
      }
      return CompletableFuture.completedFuture(written);
    }

    @Override
    public synchronized CompletionStage<Void> set(StoredSession session) {
      held.add(session.id());
      memory.set(session).toCompletableFuture().join();
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Boolean> touch(String id, Instant accessedAt, Instant expiresAt) {
      return memory.touch(id, accessedAt, expiresAt);
    }

    @Override
    public synchronized CompletionStage<Void> destroy(String id) {
      memory.destroy(id).toCompletableFuture().join();
      held.remove(id);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Long> length() {
      return memory.length();
    }

    @Override
    public CompletionStage<List<StoredSession>> all() {
      return memory.all();
    }

    @Override
    public synchronized CompletionStage<Void> clear() {
      memory.clear().toCompletableFuture().join();
      held.clear();
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<List<StoredSession>> findByPrincipal(String principal) {
      return memory.findByPrincipal(principal);
    }

    @Override
    public void setExpiryListener(ExpiryListener listener) {
      downstream = listener == null ? id -> {} : listener;
    }

    @Override
    public void close() {
      memory.close();
    }
  }
}
