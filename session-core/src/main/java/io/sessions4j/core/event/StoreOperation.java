package io.sessions4j.core.event;

/** A call the engine makes to its session store, as {@link SessionListener#storeCalled} reports it. */
public enum StoreOperation {
  /** Reading a session ({@code SessionStore.get}): a request's first use of its session, or a reload. */
  GET,
  /** Creating a new session's record ({@code SessionStore.save} with {@code NEW}). */
  SAVE,
  /** Applying a request's changes to an existing record ({@code SessionStore.update}). */
  UPDATE,
  /** Moving a record's expiry without writing its data ({@code SessionStore.touch}). */
  TOUCH,
  /** Taking the old id of a session that changes id ({@code SessionStore.take}). */
  TAKE,
  /** Deleting a record ({@code SessionStore.destroy}): a destroyed session, a retired id, administration. */
  DESTROY,
  /** Administration: finding a principal's sessions ({@code PrincipalIndex.findByPrincipal}). */
  FIND,
  /** Administration: counting the stored sessions ({@code StoreAdministration.length}). */
  COUNT
}
