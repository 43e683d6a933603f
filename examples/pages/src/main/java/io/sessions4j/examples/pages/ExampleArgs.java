package io.sessions4j.examples.pages;

import io.sessions4j.core.SessionMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command line every example takes ({@code scripts/example NAME}): {@code --mode store|cookie}
 * (default store) and {@code --port N} (default 8080; 0: any free port). Arguments it does not know
 * are kept in {@link #others} for the examples whose framework takes more (Micronaut's and Spring
 * Boot's {@code --name=value} properties); the others call {@link #requireNoOthers}.
 *
 * @param givenMode the session mode given with {@code --mode}, or null (see {@link #mode()})
 * @param port the HTTP port
 * @param others the arguments not taken, in order
 */
public record ExampleArgs(SessionMode givenMode, int port, List<String> others) {

  /** The session mode: as given, else store. */
  public SessionMode mode() {
    return givenMode != null ? givenMode : SessionMode.STORE;
  }

  /** The arguments parsed; a {@code --mode} or {@code --port} without a valid value ends the program with usage. */
  public static ExampleArgs parse(String[] args) {
    SessionMode mode = null;
    int port = 8080;
    List<String> others = new ArrayList<>();
    try {
      for (int i = 0; i < args.length; i++) {
        if (args[i].equals("--mode") && i + 1 < args.length) {
          mode = SessionMode.valueOf(args[++i].toUpperCase(Locale.ROOT));
        } else if (args[i].equals("--port") && i + 1 < args.length) {
          port = Integer.parseInt(args[++i]);
        } else {
          others.add(args[i]);
        }
      }
    } catch (IllegalArgumentException e) {
      usage("");
    }
    return new ExampleArgs(mode, port, List.copyOf(others));
  }

  /** Ends the program with usage when arguments were left over. */
  public ExampleArgs requireNoOthers() {
    if (!others.isEmpty()) {
      usage("");
    }
    return this;
  }

  /** Prints the usage (with {@code more}, what this example takes beyond the common options) and exits with 2. */
  public static void usage(String more) {
    System.err.println("usage: ExampleApp [--mode store|cookie] [--port N]" + more);
    System.exit(2);
  }
}
