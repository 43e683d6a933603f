package io.sessions4j.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessions4j.core.codec.SessionDocument;
import io.sessions4j.core.http.HttpExchange;
import java.util.function.Predicate;

/**
 * The client hints a new store-mode session records when {@code clientHints} is on: the request's
 * {@code User-Agent} and the client's address (the peer's, or behind a proxy {@code trustProxy}
 * trusts the first {@code X-Forwarded-For} hop), as two string attributes of the session, so that
 * administration can tell a user's sessions apart ("Firefox on 203.0.113.7"). They are written
 * with the session's first store write and then kept like any attribute; the application sees them
 * among the attribute names. Both are personal data: the option is off by default.
 */
public final class ClientHints {
  /** The attribute holding the User-Agent of the request that created the session (at most 256 characters). */
  public static final String USER_AGENT = "sessions4j.userAgent";
  /** The attribute holding the client address of the request that created the session. */
  public static final String CLIENT_ADDRESS = "sessions4j.clientAddress";

  private static final int MAX_LENGTH = 256;

  private ClientHints() {}

  /** Puts the hints of the session's request into {@code session} (absent ones left out), before its first store write. */
  static void record(DefaultSession session, Predicate<String> trustProxy) {
    HttpExchange exchange = session.exchange();
    String userAgent = exchange.requestHeader("User-Agent");
    if (userAgent != null && !userAgent.isBlank()) {
      session.put(USER_AGENT, bounded(userAgent.trim()));
    }
    String address = clientAddress(exchange, trustProxy);
    if (address != null) {
      session.put(CLIENT_ADDRESS, bounded(address));
    }
  }

  /** The peer's address, or the first X-Forwarded-For hop when the peer is a trusted proxy. */
  static String clientAddress(HttpExchange exchange, Predicate<String> trustProxy) {
    String peer = exchange.remoteAddress();
    if (peer != null && trustProxy.test(peer)) {
      String forwarded = exchange.requestHeader("X-Forwarded-For");
      if (forwarded != null) {
        String first = forwarded.split(",", 2)[0].trim();
        if (!first.isEmpty()) {
          return first;
        }
      }
    }
    return peer;
  }

  /** The hint {@code name} of a stored document, or null. */
  static String of(SessionDocument doc, String name) {
    JsonNode value = doc.attributes().get(name);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  private static String bounded(String value) {
    return value.length() <= MAX_LENGTH ? value : value.substring(0, MAX_LENGTH);
  }
}
