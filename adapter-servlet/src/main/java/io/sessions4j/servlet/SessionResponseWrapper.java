package io.sessions4j.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The response the application sees. It commits the session just before the container would
 * commit the response, on the first of: {@code flushBuffer()}, a flush or close of the output
 * stream or writer, {@code sendRedirect}, {@code sendError}, a write that reaches the declared
 * Content-Length, or a write that fills the response buffer. The filter commits at the end of the
 * request when none of these happened.
 *
 * <p>If that commit fails, the response is replaced by a short error answer and everything the
 * application writes afterwards is discarded.
 */
final class SessionResponseWrapper extends HttpServletResponseWrapper {
  private final RequestState state;
  private long contentLength = -1;
  private long written;
  private TrackingOutputStream out;
  private TrackingWriter writer;

  SessionResponseWrapper(HttpServletResponse response, RequestState state) {
    super(response);
    this.state = state;
  }

  RequestState state() {
    return state;
  }

  /** False once a failed session commit replaced the response: the application's output is dropped. */
  private boolean live() {
    return !state.failed();
  }

  /**
   * Called before {@code bytes} of body go to the container: commits the session when they would
   * complete the declared length or fill the buffer (either makes the container commit). Returns
   * whether to pass them on.
   */
  private boolean beforeWrite(long bytes) {
    if (bytes <= 0 || state.isCommitted()) {
      return live();
    }
    long after = written + bytes;
    if (contentLength >= 0 && after >= contentLength) {
      return state.commit("Content-Length reached");
    }
    if (after >= getBufferSize()) {
      return state.commit("response buffer full");
    }
    return true;
  }

  // ---- commit points --------------------------------------------------------------------------

  @Override
  public void flushBuffer() throws IOException {
    if (state.commit("flushBuffer()")) {
      super.flushBuffer();
    }
  }

  @Override
  public void sendError(int sc, String msg) throws IOException {
    if (state.commit("sendError()")) {
      super.sendError(sc, msg);
    }
  }

  @Override
  public void sendError(int sc) throws IOException {
    if (state.commit("sendError()")) {
      super.sendError(sc);
    }
  }

  @Override
  public void sendRedirect(String location) throws IOException {
    if (state.commit("sendRedirect()")) {
      super.sendRedirect(location);
    }
  }

  @Override
  public void sendRedirect(String location, boolean clearBuffer) throws IOException {
    if (state.commit("sendRedirect()")) {
      super.sendRedirect(location, clearBuffer);
    }
  }

  @Override
  public void sendRedirect(String location, int sc) throws IOException {
    if (state.commit("sendRedirect()")) {
      super.sendRedirect(location, sc);
    }
  }

  @Override
  public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
    if (state.commit("sendRedirect()")) {
      super.sendRedirect(location, sc, clearBuffer);
    }
  }

  // ---- no URL rewriting: the container's session id must never end up in links ---------------

  @Override
  public String encodeURL(String url) {
    return url;
  }

  @Override
  public String encodeRedirectURL(String url) {
    return url;
  }

  // ---- body -----------------------------------------------------------------------------------

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    if (!live()) {
      return new DiscardingOutputStream();
    }
    if (out == null) {
      out = new TrackingOutputStream(super.getOutputStream());
    }
    return out;
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    if (!live()) {
      return new PrintWriter(Writer.nullWriter());
    }
    if (writer == null) {
      PrintWriter delegate = super.getWriter();
      writer = new TrackingWriter(delegate, charsetOf(getCharacterEncoding()));
    }
    return writer;
  }

  private static Charset charsetOf(String name) {
    try {
      return name == null ? StandardCharsets.ISO_8859_1 : Charset.forName(name);
    } catch (RuntimeException unknown) {
      return null;
    }
  }

  @Override
  public void resetBuffer() {
    if (live()) {
      super.resetBuffer();
      written = 0;
    }
  }

  @Override
  public void reset() {
    if (live()) {
      super.reset();
      written = 0;
      contentLength = -1;
    }
  }

  @Override
  public void setBufferSize(int size) {
    if (live()) {
      super.setBufferSize(size);
    }
  }

  // ---- headers: Content-Length is tracked, everything is dropped after a failed commit ---------

  @Override
  public void setContentLength(int len) {
    if (live()) {
      super.setContentLength(len);
      contentLength = len;
    }
  }

  @Override
  public void setContentLengthLong(long len) {
    if (live()) {
      super.setContentLengthLong(len);
      contentLength = len;
    }
  }

  @Override
  public void setHeader(String name, String value) {
    if (live()) {
      super.setHeader(name, value);
      trackContentLength(name, value);
    }
  }

  @Override
  public void addHeader(String name, String value) {
    if (live()) {
      super.addHeader(name, value);
      trackContentLength(name, value);
    }
  }

  @Override
  public void setIntHeader(String name, int value) {
    if (live()) {
      super.setIntHeader(name, value);
      trackContentLength(name, Integer.toString(value));
    }
  }

  @Override
  public void addIntHeader(String name, int value) {
    if (live()) {
      super.addIntHeader(name, value);
      trackContentLength(name, Integer.toString(value));
    }
  }

  private void trackContentLength(String name, String value) {
    if (name != null && name.equalsIgnoreCase("Content-Length")) {
      try {
        contentLength = value == null ? -1 : Long.parseLong(value.trim());
      } catch (NumberFormatException ignored) {
        contentLength = -1;
      }
    }
  }

  @Override
  public void setDateHeader(String name, long date) {
    if (live()) {
      super.setDateHeader(name, date);
    }
  }

  @Override
  public void addDateHeader(String name, long date) {
    if (live()) {
      super.addDateHeader(name, date);
    }
  }

  @Override
  public void addCookie(Cookie cookie) {
    if (live()) {
      super.addCookie(cookie);
    }
  }

  @Override
  public void setStatus(int sc) {
    if (live()) {
      super.setStatus(sc);
    }
  }

  @Override
  public void setContentType(String type) {
    if (live()) {
      super.setContentType(type);
    }
  }

  @Override
  public void setCharacterEncoding(String charset) {
    if (live()) {
      super.setCharacterEncoding(charset);
    }
  }

  @Override
  public void setCharacterEncoding(Charset charset) {
    if (live()) {
      super.setCharacterEncoding(charset);
    }
  }

  @Override
  public void setLocale(Locale loc) {
    if (live()) {
      super.setLocale(loc);
    }
  }

  @Override
  public void setTrailerFields(Supplier<Map<String, String>> supplier) {
    if (live()) {
      super.setTrailerFields(supplier);
    }
  }

  // ---- streams --------------------------------------------------------------------------------

  /** The container's output stream, counting bytes and committing the session at its commit points. */
  private final class TrackingOutputStream extends ServletOutputStream {
    private final ServletOutputStream delegate;

    TrackingOutputStream(ServletOutputStream delegate) {
      this.delegate = delegate;
    }

    @Override
    public void write(int b) throws IOException {
      if (beforeWrite(1)) {
        delegate.write(b);
        written++;
      }
    }

    @Override
    public void write(byte[] b) throws IOException {
      write(b, 0, b.length);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (beforeWrite(len)) {
        delegate.write(b, off, len);
        written += len;
      }
    }

    @Override
    public void write(ByteBuffer buffer) throws IOException {
      int len = buffer.remaining();
      if (beforeWrite(len)) {
        delegate.write(buffer);
        written += len;
      } else {
        buffer.position(buffer.limit());
      }
    }

    @Override
    public void flush() throws IOException {
      if (state.commit("flush of the output stream")) {
        delegate.flush();
      }
    }

    @Override
    public void close() throws IOException {
      if (state.commit("close of the output stream")) {
        delegate.close();
      }
    }

    @Override
    public boolean isReady() {
      return !live() || delegate.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      delegate.setWriteListener(listener);
    }
  }

  /**
   * The container's writer, counting encoded bytes (exactly for UTF-8 and single-byte charsets, as
   * an upper bound otherwise) and committing the session at its commit points.
   */
  private final class TrackingWriter extends PrintWriter {
    private final PrintWriter delegate;
    private final boolean utf8;
    private final float bytesPerChar;

    TrackingWriter(PrintWriter delegate, Charset charset) {
      super(delegate);
      this.delegate = delegate;
      this.utf8 = StandardCharsets.UTF_8.equals(charset);
      float max;
      try {
        max = charset == null ? 4f : charset.newEncoder().maxBytesPerChar();
      } catch (UnsupportedOperationException decodeOnly) {
        max = 4f;
      }
      this.bytesPerChar = max;
    }

    private long bytes(CharSequence s, int off, int len) {
      if (bytesPerChar <= 1f) {
        return len;
      }
      if (!utf8) {
        return (long) Math.ceil(len * (double) bytesPerChar);
      }
      long n = 0;
      for (int i = off; i < off + len; i++) {
        char c = s.charAt(i);
        // a surrogate pair is 4 bytes: 2 per half
        n += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
      }
      return n;
    }

    private boolean pass(long bytes) {
      if (beforeWrite(bytes)) {
        written += bytes;
        return true;
      }
      return false;
    }

    @Override
    public void write(int c) {
      if (pass(bytes(String.valueOf((char) c), 0, 1))) {
        delegate.write(c);
      }
    }

    @Override
    public void write(char[] buf, int off, int len) {
      if (pass(bytes(java.nio.CharBuffer.wrap(buf), off, len))) {
        delegate.write(buf, off, len);
      }
    }

    @Override
    public void write(char[] buf) {
      write(buf, 0, buf.length);
    }

    @Override
    public void write(String s, int off, int len) {
      if (pass(bytes(s, off, len))) {
        delegate.write(s, off, len);
      }
    }

    @Override
    public void write(String s) {
      write(s, 0, s.length());
    }

    @Override
    public void println() {
      if (pass(bytes(System.lineSeparator(), 0, System.lineSeparator().length()))) {
        delegate.println();
      }
    }

    @Override
    public void flush() {
      if (state.commit("flush of the writer")) {
        delegate.flush();
      }
    }

    @Override
    public void close() {
      if (state.commit("close of the writer")) {
        delegate.close();
      }
    }

    @Override
    public boolean checkError() {
      return live() && delegate.checkError();
    }
  }

  /** Where output goes after a failed session commit replaced the response. */
  private static final class DiscardingOutputStream extends ServletOutputStream {
    @Override
    public void write(int b) {
    }

    @Override
    public void write(byte[] b, int off, int len) {
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setWriteListener(WriteListener listener) {
    }
  }
}
