package io.sessions4j.bench.jmh;

import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.codec.CookieSealer;
import io.sessions4j.core.codec.KeyRing;
import io.sessions4j.core.codec.SessionDocument;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.sstore.cookie.CookieSessionStore;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * A whole cookie session, sessions4j against Vert.x Web's {@code CookieSessionStore} (what Quarkus 3
 * offers), on the same attributes (see {@link Payloads}), for a 200 B and a 2 KB session.
 *
 * <ul>
 *   <li>{@code seal}: attributes (Java values) to the cookie value. sessions4j: attribute values to
 *       JSON trees, {@code AttributeCodec.encode}, then the sealer. Vert.x: {@code Session.value()},
 *       which serializes the data and HMAC-signs it (what its SessionHandler puts in Set-Cookie).
 *   <li>{@code open}: cookie value to a session, then one attribute read. sessions4j: sealer open,
 *       {@code AttributeCodec.decode}, decode the {@code user} attribute. Vert.x: {@code
 *       CookieSessionStore.get(value)} (a future that is already complete), {@code get("user")}.
 *   <li>{@code sealOpen}: both, as one response then the next request.
 * </ul>
 *
 * <p>Vert.x only signs (HMAC-SHA256, one shared {@code Mac}); the fair peer of its numbers is
 * {@code sessions4j-signed}. {@code sessions4j-encrypted} (AES-256-GCM) is listed for reference.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CookieSessionBenchmark {
  @Param({"sessions4j-signed", "sessions4j-encrypted", "vertx"})
  public String impl;

  @Param({"200", "2048"})
  public int size;

  private AttributeCodec codec;
  private CookieSealer sealer;
  private Map<String, Object> attributes;
  private String cookieValue;

  private Vertx vertx;
  private CookieSessionStore vertxStore;
  private Session vertxSession;

  @Setup
  public void setup() {
    codec = new AttributeCodec(Map.of());
    attributes = Payloads.attributes(codec, size);
    if (impl.equals("vertx")) {
      vertx = Vertx.vertx();
      vertxStore = CookieSessionStore.create(vertx, Payloads.SECRET);
      vertxSession = vertxStore.createSession(30 * 60 * 1000L);
      attributes.forEach(vertxSession::put);
      cookieValue = vertxSession.value();
    } else {
      KeyRing keys = KeyRing.fromSecrets(List.of(Payloads.SECRET));
      sealer = impl.equals("sessions4j-signed") ? CookieSealer.signed(keys, 0)
          : CookieSealer.encrypted(keys, 0);
      cookieValue = sealS4j();
    }
    if (!"alice@example.com".equals(open())) {
      throw new IllegalStateException(impl + ": the sealed session does not open");
    }
  }

  @TearDown
  public void tearDown() {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  private String sealS4j() {
    return sealer.seal(Payloads.COOKIE, codec.encode(Payloads.document(codec, attributes)));
  }

  private String openS4j(String value) {
    CookieSealer.Opened opened = sealer.open(Payloads.COOKIE, value);
    SessionDocument doc = codec.decode(opened.payload());
    return (String) codec.fromTree(doc.attributes().get("user"), doc.types().get("user"));
  }

  private String openVertx(String value) {
    Session s = vertxStore.get(value).result();
    return s.get("user");
  }

  /** Attributes to cookie value. */
  @Benchmark
  public String seal() {
    return vertxSession != null ? vertxSession.value() : sealS4j();
  }

  /** Cookie value to session, reading one attribute. */
  @Benchmark
  public String open() {
    return vertxSession != null ? openVertx(cookieValue) : openS4j(cookieValue);
  }

  /** Seal then open. */
  @Benchmark
  public String sealOpen() {
    return vertxSession != null ? openVertx(vertxSession.value()) : openS4j(sealS4j());
  }
}
