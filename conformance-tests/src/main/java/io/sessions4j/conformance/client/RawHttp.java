package io.sessions4j.conformance.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests no client library would send: the {@code Cookie}
 * header goes out byte for byte (NUL, DEL, raw Latin-1, 100 KB, …), one request per connection
 * ({@code Connection: close}). It reads one response: its status line, headers and body
 * ({@code Content-Length}, chunked, or up to the close).
 */
public final class RawHttp {

  /** Longest a request may wait for its answer before it counts as a hang. */
  public static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  private RawHttp() {}

  /** Thrown when the server does not answer within {@link #READ_TIMEOUT}: a hang. */
  public static final class HangException extends IOException {
    private static final long serialVersionUID = 1L;

    HangException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * What came back: a status with headers and body, or {@code status == 0} when the server closed
   * (or reset) the connection without an answer.
   */
  public record Answer(int status, Map<String, List<String>> headers, String body, String closedBecause) {
    /** True when the server closed the connection without a status line. */
    public boolean closedWithoutAnswer() {
      return status == 0;
    }
  }

  /**
   * Sends {@code GET path} to the server of {@code base} with {@code cookieHeader} as the value of
   * one {@code Cookie} header (none when null) and reads the answer.
   *
   * @throws HangException when nothing (or not all of the answer) arrives within {@link #READ_TIMEOUT}
   * @throws IOException when the server cannot be reached at all
   */
  public static Answer get(URI base, String path, byte[] cookieHeader) throws IOException {
    return get(base, path, cookieHeader, READ_TIMEOUT);
  }

  /** {@link #get(URI, String, byte[])} with another read timeout. */
  public static Answer get(URI base, String path, byte[] cookieHeader, Duration readTimeout) throws IOException {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    String host = base.getHost() + ":" + base.getPort();
    request.writeBytes(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n").getBytes(StandardCharsets.US_ASCII));
    if (cookieHeader != null) {
      request.writeBytes("Cookie: ".getBytes(StandardCharsets.US_ASCII));
      request.writeBytes(cookieHeader);
      request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    request.writeBytes("Connection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
      socket.setSoTimeout((int) readTimeout.toMillis());
      String writeFailure = null;
      try {
        OutputStream out = socket.getOutputStream();
        out.write(request.toByteArray());
        out.flush();
      } catch (IOException e) {
        // a server may answer (431, 400) and close while a huge header is still being sent
        writeFailure = e.toString();
      }
      return read(socket.getInputStream(), writeFailure);
    } catch (SocketTimeoutException e) {
      throw new HangException("no complete answer within " + readTimeout.toMillis() + " ms to GET " + path, e);
    }
  }

  private static Answer read(InputStream in, String writeFailure) throws IOException {
    String statusLine;
    try {
      statusLine = line(in);
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (IOException reset) {
      return closed("connection reset before a status line (" + reset + ")" + also(writeFailure));
    }
    if (statusLine == null) {
      return closed("connection closed before a status line" + also(writeFailure));
    }
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new IOException("not an HTTP status line: " + Reply.shorten(statusLine, 100));
    }
    int status = Integer.parseInt(parts[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
      int colon = header.indexOf(':');
      if (colon > 0) {
        headers.computeIfAbsent(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(header.substring(colon + 1).trim());
      }
    }
    byte[] body;
    String encoding = first(headers, "transfer-encoding");
    String length = first(headers, "content-length");
    if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
      body = chunked(in);
    } else if (length != null) {
      body = in.readNBytes(Integer.parseInt(length.trim()));
    } else {
      body = readToClose(in);
    }
    headers.replaceAll((k, v) -> List.copyOf(v));
    return new Answer(status, headers, new String(body, StandardCharsets.UTF_8), null);
  }

  private static byte[] readToClose(InputStream in) throws IOException {
    try {
      return in.readAllBytes();
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (IOException reset) {
      return new byte[0];
    }
  }

  private static byte[] chunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line(in);
      if (size == null) {
        return body.toByteArray();
      }
      int semicolon = size.indexOf(';');
      int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
      if (n == 0) {
        for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
          // trailers are ignored
        }
        return body.toByteArray();
      }
      body.writeBytes(in.readNBytes(n));
      line(in);
    }
  }

  /** One line without its CRLF (ISO-8859-1), or null at the end of the stream. */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static Answer closed(String why) {
    return new Answer(0, Map.of(), "", why);
  }

  private static String also(String writeFailure) {
    return writeFailure == null ? "" : "; writing the request failed: " + writeFailure;
  }

  /**
   * The bytes as printable text for evidence: ASCII as is, everything else as {@code \xNN},
   * shortened to {@code max} characters.
   */
  public static String printable(byte[] bytes, int max) {
    StringBuilder b = new StringBuilder();
    for (byte x : bytes) {
      int v = x & 0xff;
      if (v >= 0x20 && v < 0x7f && v != '\\') {
        b.append((char) v);
      } else {
        b.append(String.format("\\x%02x", v));
      }
      if (b.length() > max) {
        break;
      }
    }
    return b.length() > max ? b.substring(0, max) + "…(" + bytes.length + " bytes)" : b.toString();
  }
}
