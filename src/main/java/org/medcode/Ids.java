package org.medcode;

import java.text.Normalizer;

/**
 * The one rule for admission and patient ids, applied alike by the dataset loaders and the predictions readers, so an
 * id is matched the same way on both sides: white space around an id is not part of it ({@code " A1 "} is {@code A1}),
 * and accents are composed (NFC);
 * an id with a control character (a new line, a tab, NUL, ...) anywhere in it is refused where it is read, with file
 * and line. {@link #show} keeps ids of any length fit for a message.
 */
public final class Ids {
  /** Characters of an id shown in a message before it is cut. */
  public static final int SHOWN = 80;

  private Ids() {}

  /**
   * The id as compared and stored: without surrounding white space, and with its accents composed (Unicode NFC), so
   * that {@code café} written with a combining accent (NFD, as macOS file names and some exports have it) is the same id as
   * {@code café} written with the one character {@code é}: the two look alike in every message.
   */
  public static String clean(String raw) {
    String id = raw.strip();
    return composed(id) ? id : Normalizer.normalize(id, Normalizer.Form.NFC);
  }

  /**
   * Whether {@code id} is in NFC already: at once for characters below U+0300 (where the combining marks begin; such
   * characters never compose with one another), as nearly every id is, which is read once per predicted code.
   */
  private static boolean composed(String id) {
    for (int i = 0; i < id.length(); i++) {
      if (id.charAt(i) >= '\u0300') {
        return Normalizer.isNormalized(id, Normalizer.Form.NFC);
      }
    }
    return true;
  }

  /** Why an id (already {@link #clean}ed) cannot be used, or null when it can. */
  public static String problem(String id) {
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        return "the id " + show(id) + " holds a control character (U+" + String.format("%04X", (int) c) + ") at position "
            + (i + 1) + "; ids must be printable text on one line" + (c == 0 ? " (NUL characters between the others: the"
            + " file is probably UTF-16; save it as UTF-8)" : "");
      }
    }
    return null;
  }

  /**
   * An id (or any user text) for a message, quoted: control characters written as escapes (a new line as a backslash
   * and n), and anything longer than {@value #SHOWN} characters cut, with its length.
   */
  public static String show(String id) {
    if (id == null) {
      return "null";
    }
    return "'" + escaped(id) + "'" + (id.length() > SHOWN ? length(id) : "");
  }

  /** As {@link #show}, without the quotes. */
  public static String cut(String id) {
    return escaped(id) + (id.length() > SHOWN ? length(id) : "");
  }

  private static String length(String id) {
    return "… (" + String.format(java.util.Locale.ROOT, "%,d", id.length()) + " characters)";
  }

  private static String escaped(String id) {
    StringBuilder out = new StringBuilder();
    int end = Math.min(id.length(), SHOWN);
    for (int i = 0; i < end; i++) {
      char c = id.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || Character.getType(c) == Character.FORMAT) {
            out.append(String.format("\\u%04x", (int) c)); // invisible characters too (a zero-width space, a soft hyphen)
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
