package org.medcode.dataset;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.medcode.MedcodeException;

/** The options after {@code ?} in a dataset spec: {@code key=value&...}, keys case-insensitive, each at most once. */
final class SpecOptions {
  private SpecOptions() {}

  /**
   * The options of {@code query} (none when null or blank) by lower-case key, in the order given; {@code what} names an
   * option in the error for an unknown key ("option", "code-query option"), which {@code bad} builds.
   */
  static Map<String, String> parse(String query, List<String> keys, String what, Function<String, MedcodeException> bad) {
    Map<String, String> given = new LinkedHashMap<>();
    if (query == null || query.isBlank()) {
      return given;
    }
    for (String part : query.split("&", -1)) {
      int equals = part.indexOf('=');
      if (equals <= 0) {
        throw bad.apply("option '" + part + "' is not key=value");
      }
      String key = part.substring(0, equals).trim().toLowerCase(Locale.ROOT);
      if (!keys.contains(key)) {
        throw bad.apply("unknown " + what + " '" + key + "'; expected " + String.join(", ", keys));
      }
      if (given.put(key, part.substring(equals + 1).trim()) != null) {
        throw bad.apply("option '" + key + "' given twice");
      }
    }
    return given;
  }
}
