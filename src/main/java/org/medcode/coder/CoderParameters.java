package org.medcode.coder;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.medcode.MedcodeException;

/** Validates the parameters given to a coder against what its factory declares, in one place for every coder. */
public final class CoderParameters {
  private CoderParameters() {}

  /**
   * Checks given parameters against the factory's declaration: unknown names and values of the wrong type are errors
   * naming the coder and the parameter; missing ones get their defaults. A parameter without default is required.
   */
  public static Map<String, String> resolve(CoderFactory factory, Map<String, String> given) {
    Map<String, CoderParameter> declared = new LinkedHashMap<>();
    factory.parameters().forEach(p -> declared.put(p.name(), p));
    for (String name : given.keySet()) {
      if (!declared.containsKey(name)) {
        throw new MedcodeException("coder " + factory.name() + ": unknown parameter '" + name + "'; it accepts "
            + (declared.isEmpty() ? "no parameters" : String.join(", ", declared.keySet())));
      }
    }
    Map<String, String> resolved = new LinkedHashMap<>();
    for (CoderParameter parameter : declared.values()) {
      String value = given.containsKey(parameter.name()) ? given.get(parameter.name()) : parameter.defaultValue();
      if (value == null) {
        throw new MedcodeException("coder " + factory.name() + ": parameter '" + parameter.name() + "' is required ("
            + parameter.description() + ")");
      }
      check(factory, parameter, value);
      resolved.put(parameter.name(), value);
    }
    return resolved;
  }

  private static void check(CoderFactory factory, CoderParameter parameter, String value) {
    String problem = switch (parameter.type()) {
      case INTEGER -> isInt(value.trim()) ? null : "a whole number (at most " + Integer.MAX_VALUE + ")";
      case DECIMAL -> isDecimal(value) ? null : "a number";
      case BOOLEAN -> value.trim().toLowerCase(Locale.ROOT).matches("true|false") ? null : "true or false";
      case PATH -> value.isBlank() ? "a file path" : structured(value) ? "one file path, not a list or mapping" : null;
      case TEXT, CHOICE -> null;
    };
    if (problem != null) {
      throw new MedcodeException("coder " + factory.name() + ": parameter '" + parameter.name() + "' must be " + problem
          + ", got '" + value + "'");
    }
  }

  /** A YAML list or mapping as the config hands it over (as JSON text): never a path, though a file could be so named. */
  private static boolean structured(String value) {
    String text = value.trim();
    if (!(text.startsWith("[") && text.endsWith("]")) && !(text.startsWith("{") && text.endsWith("}"))) {
      return false;
    }
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text).isContainerNode();
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static boolean isDecimal(String value) {
    try {
      new BigDecimal(value.trim());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * The most admissions a coder may code at once (requests in flight, worker processes): each is a thread of the run,
   * and a worker a process too; as the run's own {@code threads}.
   */
  public static final int MAX_CONCURRENCY = 1024;

  /** A resolved whole-number parameter from {@code min} to {@code max}; else an error naming the coder and the parameter. */
  public static int between(String coder, Map<String, String> resolved, String name, int min, int max) {
    int value = atLeast(coder, resolved, name, min);
    if (value > max) {
      throw new MedcodeException("coder " + coder + ": parameter '" + name + "' must be at most " + max + ", got " + value);
    }
    return value;
  }

  /** A resolved whole-number parameter, at least {@code min}; else an error naming the coder and the parameter. */
  public static int atLeast(String coder, Map<String, String> resolved, String name, int min) {
    int value = Integer.parseInt(resolved.get(name).trim());
    if (value < min) {
      throw new MedcodeException("coder " + coder + ": parameter '" + name + "' must be at least " + min + ", got "
          + value);
    }
    return value;
  }

  private static boolean isInt(String value) {
    try {
      Integer.parseInt(value);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
