package io.sessions4j.bench.jmh;

import io.sessions4j.core.id.SessionIdGenerator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The default id generator: 32 bytes from SecureRandom, base64url (43 characters). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SessionIdBenchmark {
  private final SessionIdGenerator generator = SessionIdGenerator.secureRandom();

  /** One new session id. */
  @Benchmark
  public String generate() {
    return generator.generate();
  }
}
