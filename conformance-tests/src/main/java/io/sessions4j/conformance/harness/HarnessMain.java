package io.sessions4j.conformance.harness;

/**
 * What every harness main shares: which port to listen on and the readiness line that {@code
 * scripts/harness} and CI wait for. A harness binds 127.0.0.1 only.
 */
public final class HarnessMain {

  /** The address harnesses bind: loopback only. */
  public static final String HOST = "127.0.0.1";

  private HarnessMain() {}

  /**
   * The port to listen on: the first argument, else the {@code PORT} environment variable, else 0
   * (an ephemeral port; print the one bound).
   *
   * @throws IllegalArgumentException when the value is not a port number
   */
  public static int port(String[] args) {
    String value = args.length > 0 ? args[0] : System.getenv("PORT");
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("PORT must be a port number (0-65535), was '" + value + "'");
    }
  }

  /** The readiness line for the port actually bound: {@code READY http://127.0.0.1:PORT}. */
  public static String readyLine(int boundPort) {
    return "READY http://" + HOST + ":" + boundPort;
  }

  /** Prints {@link #readyLine} on stdout and flushes: call it once the server accepts requests. */
  public static void ready(int boundPort) {
    System.out.println(readyLine(boundPort));
    System.out.flush();
  }
}
