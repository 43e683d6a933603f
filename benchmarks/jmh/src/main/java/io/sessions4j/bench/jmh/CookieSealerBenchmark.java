package io.sessions4j.bench.jmh;

import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.codec.CookieSealer;
import io.sessions4j.core.codec.KeyRing;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cookie sealers alone, on the encoded session document's bytes: HMAC-SHA256 signing ({@code
 * SIGNED}) and AES-256-GCM ({@code ENCRYPTED}), for a 200 B and a 2 KB document, through the public
 * {@link CookieSealer} factories the engine uses. No compression (the default).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CookieSealerBenchmark {
  @Param({"SIGNED", "ENCRYPTED"})
  public String protection;

  @Param({"200", "2048"})
  public int size;

  private CookieSealer sealer;
  private byte[] payload;
  private String sealed;

  @Setup
  public void setup() {
    KeyRing keys = KeyRing.fromSecrets(List.of(Payloads.SECRET));
    sealer = protection.equals("SIGNED") ? CookieSealer.signed(keys, 0) : CookieSealer.encrypted(keys, 0);
    AttributeCodec codec = new AttributeCodec(Map.of());
    payload = codec.encode(Payloads.document(codec, Payloads.attributes(codec, size)));
    sealed = sealer.seal(Payloads.COOKIE, payload);
    if (sealer.open(Payloads.COOKIE, sealed) == null) {
      throw new IllegalStateException("sealed value does not open");
    }
  }

  /** Seal the document bytes into a cookie value. */
  @Benchmark
  public String seal() {
    return sealer.seal(Payloads.COOKIE, payload);
  }

  /** Verify/decrypt a cookie value back into the document bytes. */
  @Benchmark
  public CookieSealer.Opened open() {
    return sealer.open(Payloads.COOKIE, sealed);
  }

  /** One response's seal followed by the next request's open. */
  @Benchmark
  public CookieSealer.Opened sealOpen() {
    return sealer.open(Payloads.COOKIE, sealer.seal(Payloads.COOKIE, payload));
  }
}
