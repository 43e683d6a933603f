package io.sessions4j.conformance.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.core.SessionManager;
import io.sessions4j.core.store.SessionPatch;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.SessionStoreException;
import io.sessions4j.core.store.StoredSession;
import io.sessions4j.core.store.jdbc.JdbcDialect;
import io.sessions4j.core.store.jdbc.JdbcSessionStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The store suite plus the checks only a JDBC store has (BEHAVIOURS.md S7, the sweep, statement
 * counts), for one database. A subclass supplies the caller-owned {@link DataSource}, the server's
 * coordinates (for the store's own pool) and the dialect it expects; each subclass works in tables
 * of its own, dropped at the end, so parallel runs on one server do not collide.
 *
 * <p>It is long because it holds one test per JDBC-only behaviour, each short, and they share the
 * raw-SQL helpers at the end (row locks, counts, expired rows); one class per database subclass
 * keeps every database running the same checks.
 */
public abstract class JdbcStoreConformanceSuite extends StoreConformanceSuite {
  private final String tableName = uniqueTableName();
  private final Set<String> tablesToDrop = new LinkedHashSet<>(List.of(tableName));

  /** The caller's pool, open for the whole class. */
  protected abstract DataSource dataSource();

  /** Where the database is, for stores that open their own pool. */
  protected abstract RealServers.JdbcServer server();

  /** The dialect the store should detect. */
  protected abstract JdbcDialect expectedDialect();

  /** The table this class's stores use. */
  protected final String tableName() {
    return tableName;
  }

  /** A builder on the caller's DataSource and {@code table}, sweeping only when asked. */
  protected JdbcSessionStore.Builder builder(String table) {
    if (table.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      tablesToDrop.add(table); // only names that are plain identifiers ever reach DROP TABLE
    }
    return JdbcSessionStore.builder().dataSource(dataSource()).tableName(table).cleanupInterval(Duration.ZERO);
  }

  @Override
  protected SessionStore createStore() {
    return builder(tableName).build();
  }

  @Override
  protected void removeExpired(SessionStore store) throws Exception {
    await(((JdbcSessionStore) store).sweepExpired());
  }

  @Override
  protected boolean holdsRecord(SessionStore store, String id) throws SQLException {
    return rawCount(tableName, "id = ?", id) > 0;
  }

  @Override
  protected boolean reportsExpiry() {
    return expectedDialect() != JdbcDialect.MYSQL;
  }

  /** Closes the caller's pool after the tables are dropped; subclasses override (no @AfterAll of their own). */
  protected void closeDataSource() {}

  @AfterAll
  void dropTables() throws SQLException {
    if (dataSource() == null) {
      return; // the server was missing: nothing was created
    }
    try (Connection c = dataSource().getConnection(); Statement st = c.createStatement()) {
      for (String table : tablesToDrop) {
        st.execute("DROP TABLE IF EXISTS " + table);
      }
    } finally {
      closeDataSource();
    }
  }

  // ---- S7: table, names, pools ----------------------------------------------------------------

  @Test
  @DisplayName("S7 the dialect is detected from the connection")
  void dialectIsDetected() {
    assertThat(((JdbcSessionStore) store).dialect()).isEqualTo(expectedDialect());
  }

  @Test
  @DisplayName("S7 creating the table at start is idempotent and keeps existing rows")
  void createTableIsIdempotent() throws Exception {
    String table = uniqueTableName();
    StoredSession kept = record(newId(), json("{\"kept\":true}"), later(), 1, null);
    try (JdbcSessionStore first = builder(table).build()) {
      await(first.set(kept));
    }

    try (JdbcSessionStore second = builder(table).build();
        JdbcSessionStore third = builder(table).createTable(false).build()) {
      assertThat(await(second.get(kept.id()))).contains(kept);
      assertThat(await(third.get(kept.id()))).contains(kept);
    }
  }

  @Test
  @DisplayName("S7 instances starting at once on a missing table all start, on one table")
  void concurrentStartsAllSucceed() throws Exception {
    String table = uniqueTableName();
    int instances = 6;
    java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(instances);
    List<Callable<JdbcSessionStore>> starts = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      starts.add(() -> {
        together.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        return builder(table).build();
      });
    }

    List<JdbcSessionStore> started = runAll(starts);

    try {
      StoredSession s = record(newId(), json("{}"), later(), 1, null);
      await(started.get(0).set(s));
      for (JdbcSessionStore instance : started) {
        assertThat(await(instance.get(s.id()))).contains(s);
      }
    } finally {
      started.forEach(JdbcSessionStore::close);
    }
  }

  @Test
  @DisplayName("S7 table and column names are configurable, and reserved words work as names")
  void tableAndColumnNamesAreConfigurable() throws Exception {
    String table = uniqueTableName();
    StoredSession s = record(newId(), json("{\"custom\":true}"), later(), 1, "ann");
    try (JdbcSessionStore custom = builder(table)
        .idColumn("sid").dataColumn("sess").createdAtColumn("born").lastAccessedAtColumn("seen")
        .expiresAtColumn("dies").versionColumn("order").principalColumn("user").build()) {
      assertThat(await(custom.save(s, StoredSession.NEW))).isTrue();
      assertThat(await(custom.get(s.id()))).contains(s);
      assertThat(await(custom.findByPrincipal("ann"))).containsExactly(s);
    }

    assertThat(rawCount(table, "sid = ? AND dies = ?", s.id(), s.expiresAt().toEpochMilli())).isEqualTo(1);
  }

  @Test
  @DisplayName("S7 names that are not plain SQL identifiers are refused, naming the option")
  void invalidNamesAreRefused() {
    assertThatThrownBy(() -> builder("sessions; DROP TABLE x").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tableName");
    assertThatThrownBy(() -> builder(tableName).dataColumn("1data").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dataColumn").hasMessageContaining("1data");
    assertThatThrownBy(() -> builder(tableName).principalColumn("id").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("principalColumn")
        .hasMessageContaining("already used");
  }

  @Test
  @DisplayName("S7 a configured column the table lacks is refused at start, naming the column and the option")
  void missingColumnIsRefusedAtStart() {
    try (JdbcSessionStore creator = builder(tableName).build()) {
      assertThat(creator).isNotNull();
    }

    assertThatThrownBy(() -> builder(tableName).createTable(false).expiresAtColumn("expiry").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'expiry'").hasMessageContaining("expiresAtColumn");
    assertThatThrownBy(() -> builder(tableName).createTable(true).versionColumn("rev").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'rev'").hasMessageContaining("versionColumn");
  }

  @Test
  @DisplayName("S7 a missing table with createTable off is refused at start, naming the table and the option")
  void missingTableIsRefusedWhenNotCreating() {
    String table = uniqueTableName();

    assertThatThrownBy(() -> builder(table).createTable(false).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(table).hasMessageContaining("createTable");
  }

  @Test
  @DisplayName("S7 the store's own pool (from a JDBC URL) works and is closed by close()")
  void ownPoolIsReleasedByClose() throws Exception {
    String table = uniqueTableName();
    tablesToDrop.add(table);
    RealServers.JdbcServer server = server();
    JdbcSessionStore own = JdbcSessionStore.builder()
        .jdbcUrl(server.jdbcUrl()).username(server.username()).password(server.password())
        .maximumPoolSize(2).tableName(table).build();
    StoredSession s = record(newId(), json("{}"), later(), 1, null);
    await(own.set(s));
    assertThat(await(own.get(s.id()))).contains(s);
    assertThat(threadsNamed("sessions4j-jdbc-" + table)).isNotEmpty();

    own.close();

    awaitTrue("the store's pool and threads to stop", () -> threadsNamed("sessions4j-jdbc-" + table).isEmpty());
    assertThatThrownBy(() -> await(own.get(s.id()))).isInstanceOf(SessionStoreException.class)
        .hasMessageContaining("closed");
    assertThat(rawCount(table, "id = ?", s.id())).isEqualTo(1);
  }

  @Test
  @DisplayName("S7 a caller's DataSource and executor are used, and left open by close()")
  void callersPoolAndExecutorAreLeftOpen() throws Exception {
    ExecutorService callersExecutor = Executors.newFixedThreadPool(2);
    AtomicInteger ran = new AtomicInteger();
    try {
      JdbcSessionStore borrowing = builder(tableName)
          .executor(task -> {
            ran.incrementAndGet();
            callersExecutor.execute(task);
          }).build();
      String id = newId();
      await(borrowing.set(record(id, json("{}"), later(), 1, null)));
      assertThat(ran.get()).isPositive();

      borrowing.close();

      assertThat(callersExecutor.isShutdown()).isFalse();
      try (Connection c = dataSource().getConnection()) {
        assertThat(c.isValid(5)).isTrue();
      }
      assertThat(rawCount(tableName, "id = ?", id)).isEqualTo(1);
    } finally {
      callersExecutor.shutdownNow();
    }
  }

  // ---- S6 for JDBC: the periodic sweep --------------------------------------------------------

  @Test
  @DisplayName("S6 the sweep runs on its interval on a thread the store owns, which close() stops")
  void sweepRunsOnItsInterval() throws Exception {
    String table = uniqueTableName();
    try (JdbcSessionStore sweeping = builder(table).cleanupInterval(Duration.ofMillis(50)).build()) {
      for (int i = 0; i < 5; i++) {
        await(sweeping.set(record(newId(), json("{}"), now().minusSeconds(3600), 1, null)));
      }
      String live = newId();
      await(sweeping.set(record(live, json("{}"), later(), 1, null)));
      assertThat(threadsNamed("sessions4j-jdbc-" + table + "-sweeper")).hasSize(1);

      awaitTrue("the periodic sweep to delete the expired rows", () -> rawCountUnchecked(table) == 1);
      assertThat(rawCount(table, "id = ?", live)).isEqualTo(1);
    }
    awaitTrue("the sweeper thread to stop", () -> threadsNamed("sessions4j-jdbc-" + table + "-sweeper").isEmpty());
  }

  @Test
  @DisplayName("S6 the sweep can be turned off: no sweeper thread, expired rows stay until swept by hand")
  void sweepCanBeTurnedOff() throws Exception {
    String table = uniqueTableName();
    try (JdbcSessionStore idle = builder(table).cleanupInterval(null).build()) {
      String expired = newId();
      await(idle.set(record(expired, json("{}"), now().minusSeconds(3600), 1, null)));

      assertThat(threadsNamed("sessions4j-jdbc-" + table + "-sweeper")).isEmpty();
      assertThat(rawCount(table, "id = ?", expired)).isEqualTo(1);
      assertThat(await(idle.get(expired))).isEmpty();
      assertThat(await(idle.sweepExpired())).isEqualTo(1L);
      assertThat(rawCount(table, "id = ?", expired)).isZero();
    }
  }

  @Test
  @DisplayName("S6 two instances sweeping at once beside live writers: no error, no deadlock, every expired row gone, every live row intact")
  void concurrentSweepsWithLiveTrafficNeitherFailNorDeadlock() throws Exception {
    int expiredRows = 3000;
    int liveSessions = 64;
    int writeRounds = 15;
    insertExpiredRows(tableName, expiredRows);
    List<String> live = new ArrayList<>();
    for (int i = 0; i < liveSessions; i++) {
      String id = newId();
      await(admin().set(record(id, json("{\"round\":0}"), later(), 1, null)));
      live.add(id);
    }
    int writers = 8;
    java.util.concurrent.atomic.AtomicLong sweptDuringTraffic = new java.util.concurrent.atomic.AtomicLong();
    long sweptAfter;
    try (JdbcSessionStore instanceA = builder(tableName).cleanupBatchSize(25).build();
        JdbcSessionStore instanceB = builder(tableName).cleanupBatchSize(25).build()) {
      CountDownLatch start = new CountDownLatch(1);
      List<Callable<Void>> work = new ArrayList<>();
      for (JdbcSessionStore sweeper : List.of(instanceA, instanceB)) {
        work.add(() -> {
          start.await();
          // keep sweeping while the writers run, and while more expired rows keep arriving
          for (int i = 0; i < 20; i++) {
            sweptDuringTraffic.addAndGet(await(sweeper.sweepExpired()));
          }
          return null;
        });
      }
      for (int w = 0; w < writers; w++) {
        List<String> mine = live.subList(w * liveSessions / writers, (w + 1) * liveSessions / writers);
        JdbcSessionStore via = w % 2 == 0 ? instanceA : instanceB;
        work.add(() -> {
          start.await();
          for (int round = 1; round <= writeRounds; round++) {
            for (String id : mine) {
              StoredSession current = await(via.get(id)).orElseThrow();
              assertThat(current.version()).isEqualTo(round);
              StoredSession next = new StoredSession(id, json("{\"round\":" + round + "}"), current.createdAt(),
                  now(), later(), round + 1, null);
              assertThat(await(via.save(next, round))).as("versioned save of a live row").isTrue();
              assertThat(await(via.touch(id, now(), later()))).as("touch of a live row").isTrue();
            }
            // new sessions and freshly expired rows arrive while the sweep runs
            assertThat(await(via.save(record(newId(), json("{}"), later(), 1, null), StoredSession.NEW))).isTrue();
            await(via.set(record(newId(), json("{}"), now().minusSeconds(5), 1, null)));
          }
          return null;
        });
      }
      ExecutorService pool = Executors.newFixedThreadPool(work.size());
      try {
        var futures = new ArrayList<java.util.concurrent.Future<Void>>();
        for (Callable<Void> task : work) {
          futures.add(pool.submit(task));
        }
        start.countDown();
        for (var f : futures) {
          f.get(PATIENCE.toSeconds() * 2, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      sweptAfter = await(instanceA.sweepExpired());
    }

    assertThat(rawCount(tableName, "expires_at <= ?", System.currentTimeMillis())).isZero();
    assertThat(sweptDuringTraffic.get()).as("rows swept while the writers ran").isPositive();
    assertThat(sweptDuringTraffic.get() + sweptAfter).as("every expired row deleted exactly once, by one instance")
        .isEqualTo(expiredRows + (long) writers * writeRounds);
    for (String id : live) {
      StoredSession s = await(store.get(id)).orElseThrow();
      assertThat(s.version()).isEqualTo(writeRounds + 1);
    }
  }

  // ---- S9 for JDBC: update and take queue on the row lock -------------------------------------

  @Test
  @DisplayName("S9 update waits for the row lock another transaction holds, then applies its patch on top of that transaction's write")
  void updateWaitsForTheRowLockAndPatchesTheLatestRow() throws Exception {
    String id = newId();
    await(store.save(record(id, document("{\"seed\":\"x\"}"), later(), 1, null), StoredSession.NEW));
    CompletableFuture<Long> patched;
    try (Connection holder = lockRow(id)) {
      patched = store.update(SessionPatch.builder(id, now(), later()).set("patch", NODES.numberNode(1), null).build())
          .toCompletableFuture();
      awaitTrue("the patch to wait for the row lock", () -> patched.isDone() || lockWaiters() > 0);
      assertThat(patched).as("the patch while the row is locked").isNotDone();

      rawUpdate(holder, "UPDATE " + tableName + " SET data = ?, version = 2 WHERE id = ?",
          document("{\"seed\":\"x\",\"holder\":true}"), id);
      holder.commit();
    }

    assertThat(await(patched)).isEqualTo(3);
    assertThat(attributes(stored(id).orElseThrow())).isEqualTo(Map.of("seed", NODES.textNode("x"),
        "holder", NODES.booleanNode(true), "patch", NODES.numberNode(1)));
  }

  @Test
  @DisplayName("S9 update waiting for the row lock of a transaction that deletes the row writes nothing: destroy wins over an in-flight write")
  void updateWaitingOnADeleteWritesNothing() throws Exception {
    String id = newId();
    await(store.save(record(id, document("{}"), later(), 1, null), StoredSession.NEW));
    CompletableFuture<Long> patched;
    try (Connection holder = lockRow(id)) {
      patched = store.update(SessionPatch.builder(id, now(), later()).set("late", NODES.booleanNode(true), null).build())
          .toCompletableFuture();
      awaitTrue("the patch to wait for the row lock", () -> patched.isDone() || lockWaiters() > 0);
      assertThat(patched).as("the patch while the row is locked").isNotDone();

      rawUpdate(holder, "DELETE FROM " + tableName + " WHERE id = ?", id);
      holder.commit();
    }

    assertThat(await(patched)).isEqualTo(StoredSession.NEW);
    assertThat(rawCount(tableName, "id = ?", id)).isZero();
  }

  @Test
  @DisplayName("S9 take waits for the row lock another transaction holds and hands back the row as that transaction left it")
  void takeWaitsForTheRowLockAndReturnsTheLatestRow() throws Exception {
    String id = newId();
    await(store.save(record(id, document("{\"seed\":\"x\"}"), later(), 1, null), StoredSession.NEW));
    CompletableFuture<Optional<StoredSession>> taken;
    try (Connection holder = lockRow(id)) {
      taken = store.take(id).toCompletableFuture();
      awaitTrue("the take to wait for the row lock", () -> taken.isDone() || lockWaiters() > 0);
      assertThat(taken).as("the take while the row is locked").isNotDone();

      rawUpdate(holder, "UPDATE " + tableName + " SET data = ?, version = 2 WHERE id = ?",
          document("{\"holder\":true}"), id);
      holder.commit();
    }

    StoredSession row = await(taken).orElseThrow();
    assertThat(row.version()).isEqualTo(2);
    assertThat(attributes(row)).isEqualTo(Map.of("holder", NODES.booleanNode(true)));
    assertThat(rawCount(tableName, "id = ?", id)).isZero();
  }

  @Test
  @DisplayName("S9 a caller's pool running SERIALIZABLE: parallel patches still queue and all land, none refused")
  void parallelPatchesLandUnderTheStrictestIsolation() throws Exception {
    DataSource serializable = withIsolation(dataSource(), Connection.TRANSACTION_SERIALIZABLE);
    String id = newId();
    int writers = 16;
    int rounds = 3;
    try (JdbcSessionStore strict = JdbcSessionStore.builder().dataSource(serializable).tableName(tableName)
        .cleanupInterval(Duration.ZERO).createTable(false).build()) {
      await(strict.save(record(id, document("{}"), later(), 1, null), StoredSession.NEW));
      List<Callable<Void>> work = startingTogether(writers, i -> {
        String name = "writer" + i;
        return () -> {
          for (int round = 0; round < rounds; round++) {
            assertThat(await(strict.update(SessionPatch.builder(id, now(), later())
                .set(name, NODES.numberNode(round), null).build()))).isNotEqualTo(StoredSession.NEW);
          }
          return null;
        };
      });

      runAll(work);

      StoredSession after = await(strict.get(id)).orElseThrow();
      assertThat(after.version()).isEqualTo(1 + (long) writers * rounds);
      for (int i = 0; i < writers; i++) {
        assertThat(attributes(after)).containsEntry("writer" + i, NODES.numberNode(rounds - 1));
      }
    }
  }

  @Test
  @DisplayName("update and take: one short transaction each, a locking SELECT and one write (none when there is no live row)")
  void updateAndTakeRunTwoStatementsEach() throws Exception {
    CountingDataSource counting = CountingDataSource.wrap(dataSource());
    try (JdbcSessionStore counted = JdbcSessionStore.builder().dataSource(counting.dataSource())
        .tableName(tableName).cleanupInterval(Duration.ZERO).build()) {
      String id = newId();
      await(counted.save(record(id, document("{}"), later(), 1, null), StoredSession.NEW));
      String expired = newId();
      await(counted.set(record(expired, document("{}"), now().minusSeconds(1), 1, null)));

      counting.reset();
      await(counted.update(SessionPatch.builder(id, now(), later()).set("a", NODES.numberNode(1), null).build()));
      assertThat(counting.kinds()).as("update").containsExactly("SELECT", "UPDATE");
      assertThat(counting.statements().get(0)).containsIgnoringCase("FOR UPDATE");

      counting.reset();
      await(counted.update(SessionPatch.builder(expired, now(), later()).build()));
      assertThat(counting.kinds()).as("update of an expired row").containsExactly("SELECT");

      counting.reset();
      assertThat(await(counted.take(id))).isPresent();
      assertThat(counting.kinds()).as("take").containsExactly("SELECT", "DELETE");

      counting.reset();
      assertThat(await(counted.take(id))).isEmpty();
      assertThat(counting.kinds()).as("take of a missing row").containsExactly("SELECT");
    }
  }

  @Test
  @DisplayName("update and take honour custom table and column names")
  void updateAndTakeUseConfiguredNames() throws Exception {
    String table = uniqueTableName();
    String id = newId();
    try (JdbcSessionStore custom = builder(table)
        .idColumn("sid").dataColumn("sess").createdAtColumn("born").lastAccessedAtColumn("seen")
        .expiresAtColumn("dies").versionColumn("order").principalColumn("user").build()) {
      await(custom.save(record(id, document("{\"a\":1}"), later(), 1, "ann"), StoredSession.NEW));

      Instant expires = later().plusSeconds(60);
      long version = await(custom.update(SessionPatch.builder(id, now(), expires)
          .set("b", NODES.numberNode(2), null).principal("bob").build()));

      assertThat(version).isEqualTo(2);
      assertThat(await(custom.findByPrincipal("bob"))).hasSize(1);
      assertThat(await(custom.findByPrincipal("ann"))).isEmpty();
      assertThat(rawCount(table, "sid = ? AND dies = ?", id, expires.toEpochMilli())).isEqualTo(1);
      StoredSession taken = await(custom.take(id)).orElseThrow();
      assertThat(attributes(taken)).isEqualTo(Map.of("a", NODES.numberNode(1), "b", NODES.numberNode(2)));
      assertThat(taken.principal()).isEqualTo("bob");
      assertThat(rawCount(table, "sid = ?", id)).isZero();
    }
  }

  // ---- S8 for JDBC: rows the store cannot read ------------------------------------------------

  @Test
  @DisplayName("S8 a row the store cannot read (NULL data) is reported by get and skipped by all")
  void unreadableRowIsReportedByGetAndSkippedByAll() throws Exception {
    String table = uniqueTableName();
    try (JdbcSessionStore s = builder(table).build()) {
      allowNullData(table);
      String broken = newId();
      try (Connection c = dataSource().getConnection();
          PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
              + " (id, data, created_at, last_accessed_at, expires_at, version, principal) VALUES (?, NULL, 0, 0, ?, 1, NULL)")) {
        ps.setString(1, broken);
        ps.setLong(2, later().toEpochMilli());
        ps.executeUpdate();
      }
      StoredSession good = record(newId(), json("{}"), later(), 1, null);
      await(s.set(good));

      assertThatThrownBy(() -> await(s.get(broken))).isInstanceOf(SessionStoreException.class)
          .hasMessageContaining("corrupt").hasMessageContaining("data");
      assertThat(await(s.all())).containsExactly(good);
    }
  }

  // ---- statement counts -----------------------------------------------------------------------

  @Test
  @DisplayName("per request: one SELECT to read, nothing to write when unchanged, one statement to write or touch")
  void oneStatementPerRequestStep() throws Exception {
    MutableClock clock = new MutableClock(now());
    CountingDataSource counting = CountingDataSource.wrap(dataSource());
    String table = uniqueTableName();
    tablesToDrop.add(table);
    try (JdbcSessionStore counted = JdbcSessionStore.builder().dataSource(counting.dataSource()).tableName(table)
            .cleanupInterval(Duration.ZERO).clock(clock).build();
        SessionManager manager = SessionManager.create(engineConfig(counted).clock(clock).build())) {
      counting.reset();
      String id = request(manager, null, s -> s.put("user", "ann")).id();
      assertThat(counting.kinds()).as("new session with data").containsExactly("INSERT");

      counting.reset();
      request(manager, id, s -> assertThat(s.get("user")).isEqualTo("ann"));
      assertThat(counting.kinds()).as("read-only request").containsExactly("SELECT");

      counting.reset();
      request(manager, id, s -> {});
      assertThat(counting.kinds()).as("unchanged request inside the lazy-touch window").containsExactly("SELECT");

      clock.advance(Duration.ofHours(3));
      counting.reset();
      request(manager, id, s -> {});
      assertThat(counting.kinds()).as("unchanged request past the lazy-touch window").containsExactly("SELECT", "UPDATE");
      assertThat(counting.statements().get(1)).as("the touch writes no data").doesNotContainIgnoringCase("data");

      counting.reset();
      request(manager, id, s -> s.put("user", "bob"));
      assertThat(counting.kinds()).as("modifying request").containsExactly("SELECT", "UPDATE");

      counting.reset();
      request(manager, id, s -> s.destroy());
      assertThat(counting.kinds()).as("destroying request").containsExactly("SELECT", "DELETE");
    }
  }

  @Test
  @DisplayName("touch disabled: touch reports true and runs no statement")
  void disabledTouchRunsNoStatement() throws Exception {
    CountingDataSource counting = CountingDataSource.wrap(dataSource());
    try (JdbcSessionStore untouched = JdbcSessionStore.builder().dataSource(counting.dataSource())
        .tableName(tableName).cleanupInterval(Duration.ZERO).touchEnabled(false).build()) {
      String id = newId();
      Instant expires = later();
      await(untouched.set(record(id, json("{}"), expires, 1, null)));
      counting.reset();

      assertThat(await(untouched.touch(id, now(), expires.plusSeconds(3600)))).isTrue();

      assertThat(counting.statements()).isEmpty();
      assertThat(await(untouched.get(id)).orElseThrow().expiresAt()).isEqualTo(expires);
    }
  }

  @Test
  @DisplayName("a principal longer than the indexed column is stored without one instead of failing the save")
  void overlongPrincipalIsNotIndexed() throws Exception {
    String principal = "p".repeat(300);
    String id = newId();

    assertThat(await(store.save(record(id, json("{}"), later(), 1, principal), StoredSession.NEW))).isTrue();

    assertThat(await(store.get(id)).orElseThrow().principal()).isNull();
    assertThat(await(principalIndex().findByPrincipal(principal))).isEmpty();
  }

  @Test
  @DisplayName("ids that are not well formed are refused on write and absent on read, without a statement")
  void malformedIdsAreRefused() throws Exception {
    String bad = "short";

    assertThat(await(store.get(bad))).isEmpty();
    assertThatThrownBy(() -> await(admin().set(record(bad, json("{}"), later(), 1, null))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("session id");
    assertThat(await(store.touch(bad, now(), later()))).isFalse();
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** Rows of {@code table} matching {@code where} (with its parameters), expired or not. */
  protected long rawCount(String table, String where, Object... params) throws SQLException {
    try (Connection c = dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE " + where)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** A connection in an open transaction that holds the row lock of {@code id}; commit or close ends it. */
  private Connection lockRow(String id) throws SQLException {
    Connection c = dataSource().getConnection();
    try {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("SELECT version FROM " + tableName + " WHERE id = ? FOR UPDATE")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).as("the row to lock").isTrue();
        }
      }
      return c;
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private static void rawUpdate(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      ps.executeUpdate();
    }
  }

  /** Sessions of the database waiting for a lock in a statement on this class's table, as the database reports them. */
  private long lockWaiters() {
    String sql = switch (expectedDialect()) {
      // a statement on the locked row still running is waiting for the lock: InnoDB does not always
      // list the wait in innodb_trx (a primary-key lookup waits in the optimizer, state "Statistics")
      case MARIADB, MYSQL -> "SELECT COUNT(*) FROM information_schema.processlist WHERE command = 'Query' "
          + "AND id <> CONNECTION_ID() AND info LIKE ?";
      case POSTGRESQL -> "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE ?";
      case H2 -> "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL "
          + "AND LOWER(EXECUTING_STATEMENT) LIKE ?";
    };
    try (Connection c = dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, "%" + tableName + "%");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code target}, handing out connections switched to {@code isolation} (a pool resets them on return). */
  private static DataSource withIsolation(DataSource target, int isolation) {
    return (DataSource) java.lang.reflect.Proxy.newProxyInstance(DataSource.class.getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
          Object result;
          try {
            result = method.invoke(target, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
          if (result instanceof Connection c) {
            c.setTransactionIsolation(isolation);
          }
          return result;
        });
  }

  private long rawCountUnchecked(String table) {
    try {
      return rawCount(table, "1 = 1");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private void insertExpiredRows(String table, int rows) throws SQLException {
    try (Connection c = dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
            + " (id, data, created_at, last_accessed_at, expires_at, version, principal) VALUES (?, ?, ?, ?, ?, 1, NULL)")) {
      long now = System.currentTimeMillis();
      for (int i = 0; i < rows; i++) {
        ps.setString(1, newId());
        ps.setBytes(2, json("{}"));
        ps.setLong(3, now - 7_200_000);
        ps.setLong(4, now - 7_200_000);
        ps.setLong(5, now - 1_000 - ThreadLocalRandom.current().nextInt(3_600_000));
        ps.addBatch();
        if (i % 500 == 499) {
          ps.executeBatch();
        }
      }
      ps.executeBatch();
    }
  }

  private void allowNullData(String table) throws SQLException {
    String alter = switch (expectedDialect()) {
      case MARIADB, MYSQL -> "ALTER TABLE " + table + " MODIFY data MEDIUMBLOB NULL";
      case POSTGRESQL -> "ALTER TABLE " + table + " ALTER COLUMN data DROP NOT NULL";
      case H2 -> "ALTER TABLE " + table + " ALTER COLUMN data SET NULL";
    };
    try (Connection c = dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute(alter);
    }
  }

  private static List<String> threadsNamed(String prefix) {
    List<String> names = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && t.getName().startsWith(prefix)) {
        names.add(t.getName());
      }
    }
    return names;
  }

  /** A table name no other run uses: parallel runs on one server must not collide. */
  protected static String uniqueTableName() {
    byte[] random = new byte[5];
    ThreadLocalRandom.current().nextBytes(random);
    return "s4j_" + HexFormat.of().formatHex(random);
  }
}
