package io.sessions4j.admin;

import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionSummary;
import io.sessions4j.core.id.SessionIds;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.compat.node.ExpressMysqlSessionStore;
import io.sessions4j.core.store.jdbc.JdbcSessionStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code scripts/sessions}: an operator's tool for a JDBC or Redis session store, from outside the
 * application — a user's sessions, ending one or all of them, counting, sweeping expired rows. It
 * uses the same administration API as the framework endpoints ({@link SessionManager#findSessions},
 * {@link SessionManager#destroySession}, {@link SessionManager#destroyAll}, {@link
 * SessionManager#countSessions}), so sessions are named by their handle, never their id.
 *
 * <p>Exit status: 0 done; 1 nothing matched (revoke of a handle the user has no session with); 2 a
 * usage error (the message says what to change); 3 the store failed.
 */
@Command(name = "sessions", mixinStandardHelpOptions = true, version = "sessions4j admin 0.1.0-SNAPSHOT",
    description = "List, end and count the sessions of a sessions4j JDBC or Redis store.",
    subcommands = {SessionsCli.ListSessions.class, SessionsCli.Revoke.class, SessionsCli.RevokeAll.class,
        SessionsCli.Count.class, SessionsCli.Sweep.class},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:done", "1:nothing matched", "2:usage error", "3:the store failed"})
public final class SessionsCli implements Runnable {
  /** Nothing matched (a revoke of an unknown handle). */
  public static final int NOT_FOUND = 1;
  /** The store failed. */
  public static final int STORE_FAILED = 3;

  @Spec
  CommandSpec spec;

  private SessionsCli() {}

  /** Kept so that its level holds: the stores' start-up lines are noise on a command line. */
  private static final java.util.logging.Logger SESSIONS4J_LOG = java.util.logging.Logger.getLogger("io.sessions4j");

  /** Runs the command line and exits with its status; logs only warnings and errors. */
  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    SESSIONS4J_LOG.setLevel(java.util.logging.Level.WARNING);
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the command line, writing to {@code out} and {@code err}; the exit status. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine line = new CommandLine(new SessionsCli()).setOut(out).setErr(err)
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
          cmd.getErr().println("sessions: the store failed: " + cause);
          return STORE_FAILED;
        });
    int status = line.execute(args);
    out.flush();
    err.flush();
    return status;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "name a command: list, revoke, revoke-all, count or sweep");
  }

  /**
   * Opens the store, runs {@code body} with an engine over it, closes both. The engine never issues
   * an id, so its key is a throwaway random one (it only keeps the engine's startup warning about
   * unsigned ids off an operator's screen); client hints are read when the application recorded them.
   */
  static int withManager(StoreOptions options, ManagerCall body) throws Exception {
    byte[] throwaway = new byte[32];
    new java.security.SecureRandom().nextBytes(throwaway);
    try (SessionStore store = options.open();
        SessionManager manager = SessionManager.create(SessionConfig.builder().store(store)
            .keys("base64:" + java.util.Base64.getEncoder().encodeToString(throwaway))
            .storeTimeout(options.timeout).storeBreaker(false).clientHints(true).build())) {
      return body.call(manager, store);
    } finally {
      options.release();
    }
  }

  /** What a command does with the engine and its store. */
  @FunctionalInterface
  interface ManagerCall {
    int call(SessionManager manager, SessionStore store) throws Exception;
  }

  /** A client hint, or "-" when none was recorded (clientHints off). */
  static String orDash(String hint) {
    return hint == null ? "-" : hint;
  }

  static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  /** {@code list --principal P}: one line per session. */
  @Command(name = "list", description = "List a user's live sessions: handle, id (redacted), created, last access, expiry.")
  static final class ListSessions implements Callable<Integer> {
    @Mixin StoreOptions store;
    @Spec CommandSpec spec;

    @Option(names = "--principal", required = true, description = "the user (the principal the application indexes sessions by)")
    String principal;

    @Override
    public Integer call() throws Exception {
      return withManager(store, (manager, s) -> {
        List<SessionSummary> sessions = join(manager.findSessions(principal));
        PrintWriter out = spec.commandLine().getOut();
        out.println("HANDLE\tID\tCREATED\tLAST_ACCESS\tEXPIRES\tCLIENT_ADDRESS\tUSER_AGENT");
        for (SessionSummary session : sessions) {
          out.println(session.handle() + "\t" + SessionIds.redact(session.id()) + "\t" + session.createdAt() + "\t"
              + session.lastAccessedAt() + "\t" + session.expiresAt() + "\t" + orDash(session.clientAddress()) + "\t"
              + orDash(session.userAgent()));
        }
        return 0;
      });
    }
  }

  /** {@code revoke --principal P HANDLE}: ends one session. */
  @Command(name = "revoke", description = "End one of a user's sessions, named by the handle 'list' shows.")
  static final class Revoke implements Callable<Integer> {
    @Mixin StoreOptions store;
    @Spec CommandSpec spec;

    @Option(names = "--principal", required = true, description = "the user whose session it is")
    String principal;

    @Parameters(paramLabel = "HANDLE", description = "the session's handle, from 'list'")
    String handle;

    @Override
    public Integer call() throws Exception {
      return withManager(store, (manager, s) -> {
        if (join(manager.destroySession(principal, handle))) {
          spec.commandLine().getOut().println("ended session " + handle + " of " + principal);
          return 0;
        }
        spec.commandLine().getErr().println("sessions: " + principal + " has no live session with handle " + handle);
        return NOT_FOUND;
      });
    }
  }

  /** {@code revoke-all --principal P}: ends every session of a user. */
  @Command(name = "revoke-all", description = "End every session of a user (log out everywhere).")
  static final class RevokeAll implements Callable<Integer> {
    @Mixin StoreOptions store;
    @Spec CommandSpec spec;

    @Option(names = "--principal", required = true, description = "the user")
    String principal;

    @Override
    public Integer call() throws Exception {
      return withManager(store, (manager, s) -> {
        int ended = join(manager.destroyAll(principal));
        spec.commandLine().getOut().println("ended " + ended + " session" + (ended == 1 ? "" : "s") + " of " + principal);
        return 0;
      });
    }
  }

  /** {@code count}: the number of live sessions. */
  @Command(name = "count", description = "Count the live sessions in the store (a count query or a key scan).")
  static final class Count implements Callable<Integer> {
    @Mixin StoreOptions store;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      return withManager(store, (manager, s) -> {
        spec.commandLine().getOut().println(join(manager.countSessions()));
        return 0;
      });
    }
  }

  /** {@code sweep}: deletes expired rows now (JDBC). */
  @Command(name = "sweep", description = "Delete the expired rows of a JDBC store (sessions4j's or "
      + "express-mysql-session's) now (Redis expires keys itself).")
  static final class Sweep implements Callable<Integer> {
    @Mixin StoreOptions store;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (!store.isJdbc()) {
        throw new ParameterException(spec.commandLine(),
            "sweep is for JDBC stores (--jdbc-url): Redis expires session keys by itself");
      }
      try (SessionStore opened = store.open()) {
        long deleted = opened instanceof ExpressMysqlSessionStore node ? node.clearExpired()
            : join(((JdbcSessionStore) opened).sweepExpired());
        spec.commandLine().getOut().println("deleted " + deleted + " expired session" + (deleted == 1 ? "" : "s"));
        return 0;
      } finally {
        store.release();
      }
    }
  }
}
