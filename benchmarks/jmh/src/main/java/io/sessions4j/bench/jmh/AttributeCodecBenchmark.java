package io.sessions4j.bench.jmh;

import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.codec.SessionDocument;
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
 * The Jackson attribute codec alone: {@code AttributeCodec.encode} of a {@link SessionDocument}
 * (attribute values already JSON trees) to bytes, and {@code decode} of those bytes (attribute values
 * stay trees: they are decoded to Java objects only when read).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AttributeCodecBenchmark {
  @Param({"200", "2048"})
  public int size;

  private AttributeCodec codec;
  private SessionDocument document;
  private byte[] encoded;

  @Setup
  public void setup() {
    codec = new AttributeCodec(Map.of());
    document = Payloads.document(codec, Payloads.attributes(codec, size));
    encoded = codec.encode(document);
  }

  /** Document to JSON bytes. */
  @Benchmark
  public byte[] encode() {
    return codec.encode(document);
  }

  /** JSON bytes to document. */
  @Benchmark
  public SessionDocument decode() {
    return codec.decode(encoded);
  }
}
