package org.medcode.codesystem;

import java.util.List;
import java.util.Optional;

/**
 * ICD-9-CM procedures (volume 3): 2 to 4 digits, written with a dot after the first two ({@code 36.10}). Category =
 * the first 2 digits; chapter = the 18 procedure chapters keyed by their ranges ({@code 00}, {@code 01-05}, ...).
 */
final class Icd9Procedures extends LeveledCodeSystem {
  static final List<KeyRange> CHAPTERS = List.of(
      KeyRange.parse("00", "Procedures and interventions, not elsewhere classified"),
      KeyRange.parse("01-05", "Operations on the nervous system"),
      KeyRange.parse("06-07", "Operations on the endocrine system"),
      KeyRange.parse("08-16", "Operations on the eye"),
      KeyRange.parse("17", "Other miscellaneous diagnostic and therapeutic procedures"),
      KeyRange.parse("18-20", "Operations on the ear"),
      KeyRange.parse("21-29", "Operations on the nose, mouth, and pharynx"),
      KeyRange.parse("30-34", "Operations on the respiratory system"),
      KeyRange.parse("35-39", "Operations on the cardiovascular system"),
      KeyRange.parse("40-41", "Operations on the hemic and lymphatic system"),
      KeyRange.parse("42-54", "Operations on the digestive system"),
      KeyRange.parse("55-59", "Operations on the urinary system"),
      KeyRange.parse("60-64", "Operations on the male genital organs"),
      KeyRange.parse("65-71", "Operations on the female genital organs"),
      KeyRange.parse("72-75", "Obstetrical procedures"),
      KeyRange.parse("76-84", "Operations on the musculoskeletal system"),
      KeyRange.parse("85-86", "Operations on the integumentary system"),
      KeyRange.parse("87-99", "Miscellaneous diagnostic and therapeutic procedures"));

  private final Levels levels = Levels.of(CodeSystemId.ICD9PCS, "category", null, "chapter");

  @Override
  protected Levels levels() {
    return levels;
  }

  @Override
  public CodeSystemId id() {
    return CodeSystemId.ICD9PCS;
  }

  @Override
  public boolean isWellFormed(String code) {
    return code.length() >= 2 && code.length() <= 4 && Chars.allDigits(code, 0, code.length());
  }

  /** After the 2-digit category ({@code 36.10}). */
  @Override
  public boolean dotFits(String code, int before) {
    return before == 2;
  }

  @Override
  public String display(String code) {
    return code.length() > 2 && isWellFormed(code) ? code.substring(0, 2) + "." + code.substring(2) : code;
  }

  @Override
  protected Optional<String> coarseAncestor(String code, Granularity granularity) {
    if (code.length() < 2 || !Chars.allDigits(code, 0, 2)) {
      return Optional.empty();
    }
    String category = code.substring(0, 2);
    return switch (granularity) {
      case CATEGORY -> Optional.of(category);
      case CHAPTER -> KeyRange.find(CHAPTERS, category).map(KeyRange::key);
      default -> Optional.empty();
    };
  }

  @Override
  public Optional<String> levelTitle(String key, Granularity granularity) {
    return granularity == Granularity.CHAPTER ? KeyRange.title(CHAPTERS, key) : Optional.empty();
  }

  @Override
  public String toString() {
    return "ICD-9-CM procedures";
  }
}
