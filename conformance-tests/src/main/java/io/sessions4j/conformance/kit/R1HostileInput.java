package io.sessions4j.conformance.kit;

import static io.sessions4j.conformance.kit.CheckContext.route;
import static io.sessions4j.conformance.kit.Checks.http;

import io.sessions4j.conformance.client.RawHttp;
import io.sessions4j.conformance.client.Reply;
import io.sessions4j.conformance.client.SessionJson;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * R1. Hostile input over HTTP (issue 6): {@code Cookie} headers no browser sends, written byte for
 * byte on a raw socket ({@link RawHttp}) so no client library tidies them. For every request:
 *
 * <ul>
 *   <li>never a 5xx, and an answer within {@link RawHttp#READ_TIMEOUT} (a hang fails);
 *   <li>a 200 carries the protocol's JSON, and the application saw either a fresh session or the
 *       real one untouched (same id, same attributes);
 *   <li>a 4xx, or a connection closed without an answer, only where the server's HTTP layer may
 *       rightly refuse the request before the application: headers past {@value #SAFE_HEADER_BYTES}
 *       bytes or {@value #SAFE_COOKIE_COUNT} cookies, or bytes that are not visible ASCII
 *       (controls, DEL, non-ASCII) — never for a well-formed header;
 *   <li>the harness's {@code _exceptions} count of the profile is unchanged: no input reached the
 *       application as an exception;
 *   <li>afterwards the real session still loads with its attributes.
 * </ul>
 *
 * <p>Runs on {@code store}, {@code cookie} (encrypted) and {@code cookie-signed}. The random cases
 * come from a fixed seed, so a failure repeats.
 */
final class R1HostileInput {

  /** Profiles every case runs on. */
  static final List<String> PROFILES = List.of("store", "cookie", "cookie-signed");
  /** The seed of the random cases (the number). */
  static final long SEED = 6;
  /** Random mutations of a valid cookie, per profile. */
  static final int MUTATIONS = 100;
  /** Random printable and random garbage headers, each, per profile. */
  static final int RANDOM_HEADERS = 25;
  /** Header sizes up to this are well under every server's limit and must reach the application. */
  static final int SAFE_HEADER_BYTES = 7_000;
  /**
   * Headers with up to this many cookies must reach the application; more may be refused (Tomcat
   * answers 400 past its {@code maxCookieCount}, 200 by default).
   */
  static final int SAFE_COOKIE_COUNT = 150;

  private static final System.Logger LOG = System.getLogger(R1HostileInput.class.getName());

  private R1HostileInput() {}

  static List<Check> checks() {
    return List.of(
        http("R1.1a", "huge Cookie headers (4 KB to 1 MB): a 200, or a 4xx/close from the server past its limit; never a 5xx or a hang",
            c -> run(c, "R1.1a", R1HostileInput::hugeHeaders)),
        http("R1.1b", "many duplicated session cookies (up to 1 000): a fresh session or the real one, never an error",
            c -> run(c, "R1.1b", R1HostileInput::duplicatedCookies)),
        http("R1.1c", "non-ASCII (UTF-8, raw Latin-1) and control bytes (NUL, TAB, DEL, C0) in Cookie headers",
            c -> run(c, "R1.1c", R1HostileInput::oddBytes)),
        http("R1.1d", "broken quoting, percent-encoding and base64, empty names and values, ';;;' in Cookie headers",
            c -> run(c, "R1.1d", R1HostileInput::brokenSyntax)),
        http("R1.1e", "seeded random mutations of a valid session cookie (bit flips, truncations, insertions, case changes)",
            c -> run(c, "R1.1e", R1HostileInput::mutations)),
        http("R1.1f", "seeded random printable and garbage Cookie headers",
            c -> run(c, "R1.1f", R1HostileInput::randomHeaders)));
  }

  /** One hostile request: the Cookie header's bytes, and a label for evidence. */
  record Case(String label, byte[] cookie) {
    static Case of(String label, String ascii) {
      return new Case(label, ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The server's HTTP layer may refuse this before any application sees it. */
    boolean mayBeRefused() {
      if (cookie.length > SAFE_HEADER_BYTES) {
        return true;
      }
      int cookies = 1;
      for (byte b : cookie) {
        int v = b & 0xff;
        if (v < 0x20 || v >= 0x7f) {
          return true;
        }
        if (v == ';') {
          cookies++;
        }
      }
      return cookies > SAFE_COOKIE_COUNT;
    }
  }

  /** The real session of one profile: its cookie, id (store mode) and attributes. */
  record Real(String profile, String cookie, String id, Map<String, Object> attributes) {}

  private static void run(CheckContext c, String id, Function<Real, List<Case>> cases) {
    Map<String, Integer> outcomes = new TreeMap<>();
    for (String profile : PROFILES) {
      Reply created = c.get(profile, route("set", "a", "1", "r1", "hostile ✓"));
      SessionJson s = c.ok(created);
      Real real = new Real(profile, c.issuedCookie(created), s.id(), s.attributes());
      Long before = c.exceptions(profile);
      for (Case hostile : cases.apply(real)) {
        judge(c, real, hostile, outcomes);
      }
      SessionJson after = c.ok(c.get(profile, "view", real.cookie()));
      c.expect(!after.isNew() && after.attributes().equals(real.attributes()),
          profile + ": after the hostile requests the real session still loads with " + real.attributes());
      Long afterCount = c.exceptions(profile);
      if (before != null && afterCount != null) {
        c.expectEquals(before, afterCount, profile + ": exceptions the routes got from the session during the hostile requests ("
            + "_exceptions before and after)");
      }
    }
    LOG.log(System.Logger.Level.INFO, () -> id + " hostile input: " + PROFILES.size() + " profiles, " + requests(outcomes)
        + " requests, outcomes " + outcomes);
  }

  private static int requests(Map<String, Integer> outcomes) {
    return outcomes.values().stream().mapToInt(Integer::intValue).sum();
  }

  private static void judge(CheckContext c, Real real, Case hostile, Map<String, Integer> outcomes) {
    Reply r = c.raw(real.profile(), "view", hostile.cookie());
    String what = real.profile() + ", " + hostile.label() + " [Cookie: " + RawHttp.printable(hostile.cookie(), 80) + "]";
    if (r.status() == 0) {
      outcomes.merge("closed", 1, Integer::sum);
      c.expect(hostile.mayBeRefused(), what + ": the connection was closed without an answer for a request a server must accept: "
          + r.body());
      return;
    }
    outcomes.merge(String.valueOf(r.status()), 1, Integer::sum);
    c.expect(r.status() < 500, what + ": a " + r.status() + " answer");
    if (r.status() != 200) {
      c.expect(r.status() >= 400 && hostile.mayBeRefused(),
          what + ": expected 200 for a request every server accepts, got " + r.status());
      return;
    }
    SessionJson s = c.ok(r);
    boolean fresh = s.isNew() && s.attributes().isEmpty();
    boolean untouched = !s.isNew() && s.attributes().equals(real.attributes())
        && (real.id() == null || real.id().equals(s.id()));
    c.expect(fresh || untouched, what + ": expected a fresh session or the real one untouched (" + real.attributes()
        + "), got new=" + s.isNew() + " attributes=" + s.attributes());
    if (fresh && real.id() != null) {
      c.expect(!real.id().equals(s.id()), what + ": a fresh session with the real session's id");
    }
  }

  // ---------------------------------------------------------------- the cases

  static List<Case> hugeHeaders(Real real) {
    List<Case> cases = new ArrayList<>();
    for (int size : new int[] {4_000, 6_900, 8_300, 12_000, 16_500, 33_000, 70_000, 1_000_000}) {
      String prefix = "sid=" + real.cookie() + "; pad=";
      cases.add(Case.of("the real cookie then padding to " + size + " bytes", prefix + "p".repeat(Math.max(0, size - prefix.length()))));
      cases.add(Case.of("a " + size + "-byte sid value", "sid=" + "A".repeat(size - 4)));
    }
    cases.add(Case.of("400 small cookies then the real one", "c=1; ".repeat(400) + "sid=" + real.cookie()));
    return cases;
  }

  static List<Case> duplicatedCookies(Real real) {
    String v = real.cookie();
    return List.of(
        Case.of("the real cookie 50 times", ("sid=" + v + "; ").repeat(49) + "sid=" + v),
        Case.of("50 garbage sid cookies then the real one", "sid=garbage; ".repeat(50) + "sid=" + v),
        Case.of("the real cookie then 50 garbage sid cookies", "sid=" + v + "; sid=garbage".repeat(50)),
        Case.of("1 000 sid=x cookies", "sid=x; ".repeat(999) + "sid=x"),
        Case.of("3 truncated copies then the real one", "sid=" + v.substring(0, v.length() / 2) + "; sid="
            + v.substring(1) + "; sid=" + v + "x; sid=" + v),
        Case.of("the real cookie under names differing in case", "SID=" + v + "; Sid=" + v + "; sId=" + v),
        Case.of("the real cookie twice in two Cookie-style lists", "sid=" + v + ", sid=" + v));
  }

  static List<Case> oddBytes(Real real) {
    String v = real.cookie();
    int mid = v.length() / 2;
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("UTF-8 text as the value", utf8("sid=héllo ✓ 中文 😀")));
    cases.add(new Case("the real cookie with UTF-8 appended", utf8("sid=" + v + "é")));
    cases.add(new Case("the real cookie then a UTF-8 cookie", utf8("sid=" + v + "; other=wörld😀")));
    cases.add(new Case("a UTF-8 cookie name", utf8("sïd=" + v)));
    cases.add(new Case("raw Latin-1 bytes as the value", bytes("sid=", new byte[] {(byte) 0xe9, (byte) 0xff, (byte) 0xa0, (byte) 0x80})));
    cases.add(new Case("the real cookie with raw Latin-1 inside", bytes("sid=" + v.substring(0, mid), new byte[] {(byte) 0xe9}, v.substring(mid))));
    cases.add(new Case("the real cookie then raw Latin-1 cookie", bytes("sid=" + v + "; o=", new byte[] {(byte) 0xfe, (byte) 0xff})));
    cases.add(new Case("invalid UTF-8 (lone continuation, overlong)", bytes("sid=", new byte[] {(byte) 0x80, (byte) 0xc0, (byte) 0xaf, (byte) 0xed, (byte) 0xa0, (byte) 0x80})));
    for (int control : new int[] {0x00, 0x01, 0x07, 0x08, 0x09, 0x0b, 0x0c, 0x1b, 0x1f, 0x7f}) {
      String name = String.format("0x%02x", control);
      byte[] one = {(byte) control};
      cases.add(new Case(name + " inside the real cookie", bytes("sid=" + v.substring(0, mid), one, v.substring(mid))));
      cases.add(new Case(name + " after the real cookie", bytes("sid=" + v, one)));
      cases.add(new Case(name + " as the whole value", bytes("sid=", one)));
    }
    cases.add(new Case("TAB around the real cookie", bytes("\tsid=\t" + v + "\t")));
    cases.add(new Case("NUL in the cookie name", bytes("s", new byte[] {0}, "id=" + v)));
    return cases;
  }

  static List<Case> brokenSyntax(Real real) {
    String v = real.cookie();
    List<String> values = List.of(
        "sid=\"abc", "sid=a\"b\"", "sid=\"", "sid=\"\"", "sid=\"" + v, "sid=" + v + "\"", "sid=\"" + v + "\"",
        "sid=\\\"\\", "sid=" + v + "\\",
        "sid=%", "sid=%zz", "sid=%E9", "sid=%00", "sid=%0D%0A", "sid=" + v + "%", "sid=" + percentEncode(v),
        "sid=====", "sid=A", "sid=" + v.replace('-', '+').replace('_', '/'), "sid=" + v + "==",
        "sid=" + java.util.Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, (byte) 0xff, 0, 9, 8}),
        "sid=" + v.replace(".", ".."), "sid=.", "sid=..", "sid=v1.", "sid=" + v.replace('.', '!'),
        "=" + v, "=", "sid=", "sid", " = ", "=; =; =", "sid=; sid=" + v, "; sid=" + v, "sid=" + v + ";",
        ";;;", ";", " ", "", ";;sid=" + v + ";;", "sid=" + v + ";;;", ",,,", "sid=" + v + ", sid=x",
        "$Version=1; sid=" + v + "; $Path=/", "$Version=\"1\"; sid=\"" + v + "\"; $Path=\"/p\"",
        "sid=" + v + "; sid", "sid==" + v, "sid = " + v, "sid=" + v + " ; other = x y z");
    List<Case> cases = new ArrayList<>();
    for (String value : values) {
      cases.add(Case.of("'" + Reply.shorten(value.replace(v, "<real>"), 40) + "'", value));
    }
    return cases;
  }

  static List<Case> mutations(Real real) {
    Random random = new Random(SEED ^ real.profile().hashCode());
    byte[] valid = real.cookie().getBytes(StandardCharsets.US_ASCII);
    List<Case> cases = new ArrayList<>();
    for (int i = 0; i < MUTATIONS; i++) {
      byte[] m = valid.clone();
      String kind;
      switch (i % 6) {
        case 0 -> {
          int at = random.nextInt(m.length);
          m[at] ^= (byte) (1 << random.nextInt(8));
          kind = "bit flip at " + at;
        }
        case 1 -> {
          int length = random.nextInt(m.length);
          m = java.util.Arrays.copyOf(m, length);
          kind = "truncated to " + length;
        }
        case 2 -> {
          int at = random.nextInt(m.length + 1);
          byte inserted = (byte) random.nextInt(256);
          m = concat(java.util.Arrays.copyOf(m, at), new byte[] {inserted}, java.util.Arrays.copyOfRange(valid, at, valid.length));
          kind = String.format("0x%02x inserted at %d", inserted & 0xff, at);
        }
        case 3 -> {
          int changed = 0;
          for (int j = 0; j < m.length; j++) {
            if (Character.isLetter(m[j]) && random.nextInt(8) == 0) {
              m[j] = (byte) (Character.isUpperCase(m[j]) ? Character.toLowerCase(m[j]) : Character.toUpperCase(m[j]));
              changed++;
            }
          }
          kind = changed + " letters changed case";
        }
        case 4 -> {
          int at = random.nextInt(m.length);
          m = concat(java.util.Arrays.copyOf(m, at), java.util.Arrays.copyOfRange(valid, at + 1, valid.length));
          kind = "byte " + at + " deleted";
        }
        default -> {
          int from = random.nextInt(m.length);
          int to = Math.min(m.length, from + 1 + random.nextInt(12));
          m = concat(java.util.Arrays.copyOf(m, to), java.util.Arrays.copyOfRange(valid, from, valid.length));
          kind = "bytes " + from + ".." + to + " repeated";
        }
      }
      cases.add(new Case("mutation " + i + " (" + kind + ")", bytes("sid=", withoutLineBreaks(m))));
    }
    return cases;
  }

  static List<Case> randomHeaders(Real real) {
    Random random = new Random(SEED * 31 + real.profile().hashCode());
    String printable = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789=;,.\"\\ %+/-_!$&'()*:<>?@[]^`{|}~";
    List<Case> cases = new ArrayList<>();
    for (int i = 0; i < RANDOM_HEADERS; i++) {
      StringBuilder b = new StringBuilder(random.nextBoolean() ? "sid=" : "");
      int length = random.nextInt(400);
      for (int j = 0; j < length; j++) {
        b.append(printable.charAt(random.nextInt(printable.length())));
      }
      cases.add(Case.of("random printable header " + i, b.toString()));
    }
    for (int i = 0; i < RANDOM_HEADERS; i++) {
      byte[] garbage = new byte[random.nextInt(400)];
      random.nextBytes(garbage);
      cases.add(new Case("random garbage header " + i, bytes(random.nextBoolean() ? "sid=" : "", withoutLineBreaks(garbage))));
    }
    return cases;
  }

  // ---------------------------------------------------------------- bytes

  /** CR and LF would end the header (request smuggling is not what these cases test): made spaces. */
  private static byte[] withoutLineBreaks(byte[] b) {
    byte[] copy = b.clone();
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] == '\r' || copy[i] == '\n') {
        copy[i] = ' ';
      }
    }
    return copy;
  }

  private static String percentEncode(String s) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.US_ASCII)) {
      b.append(String.format("%%%02X", x & 0xff));
    }
    return b.toString();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      out.writeBytes(part instanceof byte[] b ? b : ((String) part).getBytes(StandardCharsets.ISO_8859_1));
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
