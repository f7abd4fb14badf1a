package org.medcode.codesystem;

import java.util.HashMap;
import java.util.Map;

/**
 * {@link CodeSystem#canonical} with a memory, for readers of large files: each distinct spelling is normalised once, and
 * equal spellings and equal canonical codes come back as one shared {@code String} (a MIMIC-sized file has millions of
 * rows but tens of thousands of distinct codes). Values are exactly those of {@code CodeSystem.canonical} and
 * {@code String.trim}. One instance per read; not thread-safe. Past {@link #LIMIT} distinct spellings new ones are
 * normalised without being remembered, so a file of all-distinct strings costs no more than without it.
 */
public final class CanonicalCodes {
  public static final int LIMIT = 1 << 18;

  /** A spelling as written, trimmed ({@code raw}), and its canonical form ({@code code}); the same object when equal. */
  public record Code(String raw, String code) {}

  private final Map<String, Code> bySpelling = new HashMap<>();
  private final Map<String, String> shared = new HashMap<>();

  /** The trimmed spelling and canonical form of {@code spelling} (which may have surrounding white space). */
  public Code of(String spelling) {
    Code known = bySpelling.get(spelling);
    if (known != null) {
      return known;
    }
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
}
