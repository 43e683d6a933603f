package io.sessions4j.conformance.store;

/**
 * The store-level conformance checks (BEHAVIOURS.md, family S), run identically against every
 * store. A store's test extends this class and supplies {@link #createStore()} plus the two hooks
 * that observe physical expiry ({@link #removeExpired}, {@link #holdsRecord}); every check of every
 * family then runs against it. Checks that drive the real engine ({@link
 * io.sessions4j.core.SessionManager}) against the store use an in-memory exchange carrying the id in
 * a header, so no server is involved.
 *
 * <p>The checks live in one class per family, each extending the one before, so this class holds
 * them all: {@link RecordChecks} (S1–S4, S8), {@link OptionalOperationChecks} (S5), {@link
 * ExpiryChecks} (S6), {@link VersionedWriteChecks}, {@link PatchAndTakeChecks}, {@link
 * ConcurrencyChecks} (S9) and {@link EngineChecks}, over {@link StoreCheckSupport} (hooks and
 * helpers).
 *
 * <p>Times are whole milliseconds: that is the precision every store must keep.
 */
public abstract class StoreConformanceSuite extends EngineChecks {}
