package io.sessions4j.conformance.logs;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures all log output of this JVM while it is open: everything written to {@code System.out}
 * and {@code System.err} (still passed through; SLF4J simple, Logback and Log4j console appenders
 * write there) and every record published to the root {@code java.util.logging} logger (JUL, and
 * {@code System.Logger} when it is backed by JUL), with the sessions4j loggers opened to every
 * level so that even their debug messages are scanned. Other libraries' loggers keep their
 * configured levels: what is scanned is what they would print.
 *
 * <pre>{@code
 * try (LogCapture logs = LogCapture.start()) {
 *   ... run the server and the kit ...
 *   assertThat(LogScan.leaks(logs.text(), SeenSecrets.all())).isEmpty();
 * }
 * }</pre>
 */
public final class LogCapture implements AutoCloseable {

  /** The level SLF4J simple gives sessions4j loggers created after {@link #start()}. */
  private static final String SLF4J_SIMPLE_LEVEL = "org.slf4j.simpleLogger.log.io.sessions4j";

  private final ByteArrayOutputStream streams = new ByteArrayOutputStream();
  private final StringBuilder records = new StringBuilder();
  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;
  private final Logger root = Logger.getLogger("");
  private final Logger ours = Logger.getLogger("io.sessions4j");
  private final Level oursBefore = ours.getLevel();
  private final Handler handler = new Handler() {
    private final SimpleFormatter format = new SimpleFormatter();

    @Override
    public void publish(LogRecord record) {
      String line;
      try {
        line = format.format(record);
      } catch (RuntimeException e) {
        line = record.getLoggerName() + " " + record.getMessage() + "\n";
      }
      StringBuilder b = new StringBuilder(line);
      if (record.getThrown() != null) {
        StringWriter trace = new StringWriter();
        record.getThrown().printStackTrace(new PrintWriter(trace));
        b.append(trace);
      }
      synchronized (records) {
        records.append(b);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private boolean closed;
  private boolean setSlf4jLevel;

  private LogCapture() {}

  /** Starts capturing. */
  public static LogCapture start() {
    LogCapture capture = new LogCapture();
    if (System.getProperty(SLF4J_SIMPLE_LEVEL) == null) {
      System.setProperty(SLF4J_SIMPLE_LEVEL, "debug");
      capture.setSlf4jLevel = true;
    }
    Charset charset = Charset.defaultCharset();
    System.setOut(new PrintStream(new Tee(capture.originalOut, capture.streams), true, charset));
    System.setErr(new PrintStream(new Tee(capture.originalErr, capture.streams), true, charset));
    capture.handler.setLevel(Level.ALL);
    capture.root.addHandler(capture.handler);
    capture.ours.setLevel(Level.ALL);
    return capture;
  }

  /** Everything captured so far: the console streams, then the JUL records. */
  public String text() {
    String console;
    synchronized (streams) {
      console = streams.toString(Charset.defaultCharset());
    }
    synchronized (records) {
      return console + "\n" + records;
    }
  }

  /** Stops capturing and restores the console streams and levels. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    System.out.flush();
    System.err.flush();
    System.setOut(originalOut);
    System.setErr(originalErr);
    root.removeHandler(handler);
    ours.setLevel(oursBefore);
    if (setSlf4jLevel) {
      System.clearProperty(SLF4J_SIMPLE_LEVEL);
    }
  }

  /** Writes to the original stream and into the capture. */
  private static final class Tee extends OutputStream {
    private final OutputStream original;
    private final ByteArrayOutputStream copy;

    Tee(OutputStream original, ByteArrayOutputStream copy) {
      this.original = original;
      this.copy = copy;
    }

    @Override
    public void write(int b) {
      synchronized (copy) {
        copy.write(b);
      }
      try {
        original.write(b);
      } catch (java.io.IOException ignored) {
        // the console is gone; the copy is what matters
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      synchronized (copy) {
        copy.write(b, off, len);
      }
      try {
        original.write(b, off, len);
      } catch (java.io.IOException ignored) {
        // as above
      }
    }

    @Override
    public void flush() {
      try {
        original.flush();
      } catch (java.io.IOException ignored) {
        // as above
      }
    }
  }
}
