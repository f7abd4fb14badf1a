package org.medcode.codesystem;

import java.util.Optional;
import java.util.Set;

/**
 * The syntax and hierarchy of one code system: normalisation, format check, display form and ancestors.
 *
 * <p>Canonical form: upper case, no dots, no white space ({@code n44.8}, {@code N448} and {@code N44.8} are all
 * {@code N448}); nothing is ever truncated ({@code S72.001A} stays {@code S72001A}). Every other method takes a
 * canonical code.
 */
public interface CodeSystem {

  CodeSystemId id();

  /**
   * The canonical form of a code as written anywhere (any case, dots, surrounding white space), as {@link #written}
   * reads it: one whose dot is not where this system writes it is no code of the system.
   */
  default String normalize(String raw) {
    return written(canonical(raw), raw);
  }

  /**
   * Whether this system writes a dot after the first {@code before} characters of the canonical {@code code}
   * (ICD-10-CM after the 3rd, {@code E11.9}; ICD-10-PCS never); every place for a system without a rule (CPT, HCPCS).
   */
  default boolean dotFits(String code, int before) {
    return true;
  }

  /**
   * The code this system scores for the canonical {@code code} read from the spelling {@code raw}: {@code code}
   * itself, unless {@code raw} spells it with a dot where this system writes none ({@link #dotFits}; {@code E1.19} or
   * {@code E119.} in ICD-10-CM, any dot in ICD-10-PCS) or with two dots, when it is the spelling, trimmed and upper
   * case with its dots ({@code E1.19}), which no code of the system is: malformed, so counted as invalid, never read as
   * {@code E11.9}. A {@code raw} that is not a spelling of {@code code} leaves it as it is.
   */
  default String written(String code, String raw) {
    int dot = raw.indexOf('.');
    if (dot < 0) {
      return code;
    }
    int before = 0;
    for (int i = 0; i < dot; i++) {
      if (!isSpace(raw.charAt(i))) {
        before++;
      }
    }
    if (raw.indexOf('.', dot + 1) < 0 && dotFits(code, before) || !canonical(raw).equals(code)) {
      return code;
    }
    return raw.replace('\u00a0', ' ').strip().toUpperCase(java.util.Locale.ROOT);
  }

  /** White space as {@link #canonical} drops it. */
  private static boolean isSpace(char c) {
    return Character.isWhitespace(c) || c == '\u00a0';
  }

  /** Upper case, dots and all white space removed; never truncates. The same rule for every system. */
  static String canonical(String raw) {
    StringBuilder out = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '.' && !isSpace(c)) {
        out.append(Character.toUpperCase(c));
      }
    }
    return out.toString();
  }

  /** Whether a canonical code has the shape of a code of this system (not whether it exists). */
  boolean isWellFormed(String code);

  /** The usual written form of a canonical code, e.g. {@code N44.8}, {@code 250.00}, {@code E880.9}, {@code 0DTJ4ZZ}. */
  String display(String code);

  /** The levels this system defines; always contains {@link Granularity#EXACT}. */
  Set<Granularity> granularities();

  /** Human name of a level for this system, e.g. "root operation" for PCS {@link Granularity#CATEGORY}. */
  String levelName(Granularity granularity);

  /**
   * The key of the code's ancestor at a level: the code itself for EXACT, e.g. {@code N44} (category),
   * {@code N40-N53} (block), {@code 14} (chapter) for ICD-10-CM. Defined whenever the code's prefix for that level
   * is well formed (so a partial code such as CodiEsp's PCS {@code CT13} still has a section and body system);
   * empty when it is not, when the level is not defined for this system, or when no ancestor at that level is known.
   */
  Optional<String> ancestor(String code, Granularity granularity);

  /** A title for an ancestor key at a level (block and chapter descriptions), when known. */
  Optional<String> levelTitle(String key, Granularity granularity);

  /**
   * Which release the keys and titles of the coarser levels come from, when the system reads them from files of their
   * own ({@code blocks and chapters of the FY2021 tabular list}); every table of the system names it.
   */
  default Optional<String> levelSource() {
    return Optional.empty();
  }

  /**
   * A title for an ancestor key that a table's own rows give ({@code entries}: canonical code → entry), when the system
   * derives one from them (ICD-10-PCS body systems, from their root operations' header rows); empty otherwise.
   */
  default Optional<String> tableTitle(String key, Granularity granularity, java.util.Map<String, CodeEntry> entries) {
    return Optional.empty();
  }
}
