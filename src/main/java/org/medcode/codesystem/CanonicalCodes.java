package org.medcode.codesystem;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.medcode.Ids;
import org.medcode.MedcodeException;

/**
 * {@link CodeSystem#canonical} with a memory, for readers of large files: each distinct spelling is normalised once, and
 * equal spellings and equal canonical codes come back as one shared {@code String} (a MIMIC-sized file has millions of
 * rows but tens of thousands of distinct codes). Values are exactly those of {@code CodeSystem.canonical} and
 * {@code String.trim}. One instance per read; not thread-safe. Past {@link #LIMIT} distinct spellings new ones are
 * normalised without being remembered, so a file of all-distinct strings costs no more than without it.
 *
 * <p>Every reader of codes from a file (datasets, predictions, code lists) normalises through here, so this is where a
 * code with white space or a control character inside it is refused ({@link NotACode}): {@code CodeSystem.canonical}
 * drops white space, so {@code "R50 .9"} would otherwise become the valid code {@code R509} and {@code "I10 E11.9"} or
 * {@code "E11.9\nI10"} (two codes in one field or JSON string) the one code {@code I10E119}, without a word.
 */
public final class CanonicalCodes {
  public static final int LIMIT = 1 << 18;

  /** A spelling as written, trimmed ({@code raw}), and its canonical form ({@code code}); the same object when equal. */
  public record Code(String raw, String code) {}

  private final Map<String, Code> bySpelling = new HashMap<>();
  private final Map<String, String> shared = new HashMap<>();

  /**
   * A code as written with white space or a control character (a space, a new line, a tab, NUL, U+2028 ...) inside it,
   * or an invisible character anywhere in it, which is no code; its message names the code, the character and its
   * position. Readers add their file and line with {@link #at}.
   */
  public static final class NotACode extends MedcodeException {
    private static final long serialVersionUID = 1L;
    private final String spelling;
    private final int position;

    NotACode(String spelling, int position) {
      super(message(spelling, position, ""));
      this.spelling = spelling;
      this.position = position;
    }

    private static String message(String spelling, int position, String owner) {
      char c = spelling.charAt(position);
      return "the code " + Ids.show(spelling) + owner + (c == '.'
          ? " holds a dot at position " + (position + 1) + ", where no code system writes one; a code has at most one"
              + " dot, after its 2nd, 3rd or 4th character (36.10, E11.9, E880.9): write it as the code system does"
          : c >= ' ' && isSpace(c)
          ? " holds white space (U+" + String.format("%04X", (int) c) + ") at position " + (position + 1)
              + "; a code has none inside it (two codes in one field? give each its own row or list entry; one code"
              + " with a stray space? write it without)"
          : c == ',' || c == ';' || c == '|'
          ? " holds a list separator ('" + c + "') at position " + (position + 1) + "; no code system writes one in a"
              + " code (two codes in one field? give each its own row or list entry)"
          : Character.getType(c) == Character.FORMAT
          ? " holds an invisible character (U+" + String.format("%04X", (int) c) + ") at position " + (position + 1)
              + "; a code is printable text (a zero-width space, soft hyphen or byte order mark copied in with it? type"
              + " the code again)"
          : " holds a control character (U+" + String.format("%04X", (int) c) + ") at position " + (position + 1)
              + "; a code is printable text on one line" + (c == 0 ? " (NUL characters between the others: the file is"
              + " probably UTF-16; save it as UTF-8)" : " (two codes in one quoted field or JSON string? give each its"
              + " own row or list entry)"));
    }

    /** This error at a line of a file. */
    public MedcodeException.BadInput at(Path file, long line) {
      return new MedcodeException.BadInput(file, line, getMessage());
    }

    /** This error at a line of a file, naming the admission (or case) the code was given for. */
    public MedcodeException.BadInput at(Path file, long line, String admission) {
      return new MedcodeException.BadInput(file, line, message(spelling, position, " of admission " + Ids.show(admission)));
    }
  }

  /**
   * The trimmed spelling and canonical form of {@code spelling} (which may have surrounding white space).
   *
   * @throws NotACode when white space or a control character is inside the spelling (white space around it is not
   *     part of it)
   */
  public Code of(String spelling) {
    Code known = bySpelling.get(spelling);
    if (known != null) {
      return known;
    }
    check(spelling);
    String code = CodeSystem.canonical(spelling);
    String raw = spelling.trim();
    if (bySpelling.size() >= LIMIT) {
      return new Code(raw, code);
    }
    code = share(code);
    raw = share(raw);
    Code entry = new Code(raw, code);
    bySpelling.put(spelling, entry);
    return entry;
  }

  private String share(String text) {
    String first = shared.putIfAbsent(text, text);
    return first == null ? text : first;
  }

  /**
   * Refuses a spelling with white space (as {@link CodeSystem#canonical} drops it) or a control character inside it, an
   * invisible format character (a zero-width space, a soft hyphen, a byte order mark) anywhere in it, a list separator
   * ({@code ,} {@code ;} {@code |}: {@code I10,E11.9} is two codes in one field, which no system writes), or a dot where no
   * code system writes one (a second dot, or one not after the 2nd, 3rd or 4th character: {@code R.50.9}, {@code .I10})
   * ({@link NotACode}): the code would silently be another code, or two codes one. White space around it (a line's
   * carriage return, a tab before the next field, a no-break space) is not part of the code and passes. Whether a dot
   * stands where the code's own system writes it ({@code E1.19} for E11.9) is not checked here, where the system is
   * not known: {@link CodeSystem#written} makes such a code malformed where it is scored.
   */
  public static void check(String spelling) {
    int first = 0;
    int end = spelling.length();
    while (first < end && isSpace(spelling.charAt(first))) {
      first++;
    }
    while (end > first && isSpace(spelling.charAt(end - 1))) {
      end--;
    }
    for (int i = 0; i < spelling.length(); i++) {
      char c = spelling.charAt(i);
      boolean inside = i >= first && i < end;
      if (Character.getType(c) == Character.FORMAT || inside && (c < ' ' || isSpace(c) || Character.isISOControl(c)
          || c == '\u2028' || c == '\u2029' || c == ',' || c == ';' || c == '|')) {
        throw new NotACode(spelling, i);
      }
    }
    int dot = spelling.indexOf('.', first);
    if (dot >= 0 && dot < end) {
      if (dot - first < 2 || dot - first > 4) {
        throw new NotACode(spelling, dot);
      }
      int second = spelling.indexOf('.', dot + 1);
      if (second >= 0 && second < end) {
        throw new NotACode(spelling, second);
      }
    }
  }

  /** White space as {@link CodeSystem#canonical} drops it. */
  private static boolean isSpace(char c) {
    return Character.isWhitespace(c) || c == '\u00a0';
  }
}
