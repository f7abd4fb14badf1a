package org.medcode;

import com.fasterxml.jackson.core.JsonProcessingException;

/** What a JSON line's syntax error says to a user: Jackson's message without its class and feature names. */
public final class JsonErrors {
  private JsonErrors() {}

  public static String describe(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    if (message != null && message.startsWith("Trailing token")) {
      return "more JSON after the first value (each line holds exactly one JSON object)";
    }
    return message;
  }
}
