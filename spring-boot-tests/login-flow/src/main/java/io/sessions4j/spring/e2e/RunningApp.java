package io.sessions4j.spring.e2e;

import java.net.URI;

/** An app under test, started; closing it stops it. */
public interface RunningApp extends AutoCloseable {
  /** Where it listens: {@code http://127.0.0.1:PORT}. */
  URI uri();

  @Override
  void close();
}
