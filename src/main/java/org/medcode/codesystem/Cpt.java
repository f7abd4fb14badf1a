package org.medcode.codesystem;

import java.util.List;
import java.util.Optional;

/**
 * CPT: 4 digits then a digit (Category I), {@code F} (Category II), {@code T} (Category III), {@code U} (Proprietary
 * Laboratory Analyses), {@code M} (Multianalyte Assays with Algorithmic Analyses, administrative codes) or {@code A}
 * (vaccine-specific immunization administration, {@code 0001A} on, Category I codes of the Medicine section). The only
 * level is the section, keyed by its range; section names and ranges are public, code descriptions are the AMA's and
 * come only from a user-supplied table. Medicine has two ranges, hence two keys.
 */
final class Cpt extends LeveledCodeSystem {
  static final List<KeyRange> SECTIONS = List.of(
      KeyRange.parse("00100-01999", "Anesthesia"),
      KeyRange.parse("10004-69990", "Surgery"),
      KeyRange.parse("70010-79999", "Radiology"),
      KeyRange.parse("80047-89398", "Pathology and Laboratory"),
      KeyRange.parse("90281-99199", "Medicine"),
      KeyRange.parse("99201-99499", "Evaluation and Management"),
      KeyRange.parse("99500-99607", "Medicine"),
      KeyRange.parse("0001F-9999F", "Category II (performance measurement)"),
      KeyRange.parse("0001T-9999T", "Category III (emerging technology)"),
      KeyRange.parse("0001U-9999U", "Proprietary Laboratory Analyses (PLA)"),
      KeyRange.parse("0001M-9999M", "Multianalyte Assays with Algorithmic Analyses (MAAA)"),
      KeyRange.parse("0001A-9999A", "Medicine: vaccine-specific immunization administration"));

  private final Levels levels = Levels.of(CodeSystemId.CPT, "section", null, null);

  @Override
  protected Levels levels() {
    return levels;
  }

  @Override
  public CodeSystemId id() {
    return CodeSystemId.CPT;
  }

  @Override
  public boolean isWellFormed(String code) {
    if (code.length() != 5 || !Chars.allDigits(code, 0, 4)) {
      return false;
    }
    char last = code.charAt(4);
    return Chars.isDigit(last) || last == 'F' || last == 'T' || last == 'U' || last == 'M' || last == 'A';
  }

  @Override
  protected Optional<String> coarseAncestor(String code, Granularity granularity) {
    if (granularity != Granularity.CATEGORY || !isWellFormed(code)) {
      return Optional.empty();
    }
    char kind = code.charAt(4);
    for (KeyRange section : SECTIONS) {
      // a range holds only codes of its own kind: 12345 lies between 0001F and 9999F as text, but is Category I
      char sectionKind = section.low().charAt(4);
      if (section.contains(code) && (sectionKind == kind || Chars.isDigit(sectionKind) && Chars.isDigit(kind))) {
        return Optional.of(section.key());
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<String> levelTitle(String key, Granularity granularity) {
    return granularity == Granularity.CATEGORY ? KeyRange.title(SECTIONS, key) : Optional.empty();
  }

  @Override
  public String toString() {
    return "CPT";
  }
}
