package org.medcode.run.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Edits of a record's JSON tree for the other {@code run} packages, which handle none themselves. */
public final class JsonEdits {
  private JsonEdits() {}

  /** A copy of {@code node} whose object {@code object} has {@code field} set to {@code text}; {@code node} unchanged. */
  public static JsonNode withText(JsonNode node, String object, String field, String text) {
    ObjectNode copy = node.deepCopy();
    copy.withObjectProperty(object).put(field, text);
    return copy;
  }
}
