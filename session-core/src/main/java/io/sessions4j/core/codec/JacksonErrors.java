package io.sessions4j.core.codec;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.sessions4j.core.ScrubbedException;

/**
 * What a Jackson failure may say in sessions4j's messages: the kind of failure, the type and the
 * path within the value — never the value itself, which Jackson quotes ("Cannot deserialize value
 * of type `int` from String "…"") and which is session data.
 */
final class JacksonErrors {
  private JacksonErrors() {}

  /** A one-line description of {@code e} without the data it quotes. */
  static String describe(Exception e) {
    String kind = e.getClass().getSimpleName();
    if (e instanceof InvalidDefinitionException definition) {
      // about a class that cannot be (de)serialized: names types, holds no values
      return kind + ": " + firstLine(definition.getOriginalMessage());
    }
    if (e instanceof JsonMappingException mapping) {
      String target = mapping instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
          ? " reading a " + mismatch.getTargetType().getName() : "";
      return kind + target + " at " + ScrubbedException.scrub(mapping.getPathReference());
    }
    return kind + ": " + ScrubbedException.scrub(e.getMessage());
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    int newline = message.indexOf('\n');
    return newline >= 0 ? message.substring(0, newline) : message;
  }
}
