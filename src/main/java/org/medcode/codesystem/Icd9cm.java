package org.medcode.codesystem;

import java.util.List;
import java.util.Optional;

/**
 * ICD-9-CM diagnoses: {@code ddd[d[d]]}, {@code Vdd[d[d]]} or {@code Eddd[d]}, written with a dot after the category
 * ({@code 250.00}, {@code V45.81}, {@code E880.9}). Category = 3 digits, V + 2 or E + 4 characters; chapter = the 17
 * classic chapters and the two supplementary classifications, keyed by their ranges. No block level.
 */
final class Icd9cm extends LeveledCodeSystem {
  static final List<KeyRange> CHAPTERS = List.of(
      KeyRange.parse("001-139", "Infectious and parasitic diseases"),
      KeyRange.parse("140-239", "Neoplasms"),
      KeyRange.parse("240-279", "Endocrine, nutritional and metabolic diseases, and immunity disorders"),
      KeyRange.parse("280-289", "Diseases of the blood and blood-forming organs"),
      KeyRange.parse("290-319", "Mental disorders"),
      KeyRange.parse("320-389", "Diseases of the nervous system and sense organs"),
      KeyRange.parse("390-459", "Diseases of the circulatory system"),
      KeyRange.parse("460-519", "Diseases of the respiratory system"),
      KeyRange.parse("520-579", "Diseases of the digestive system"),
      KeyRange.parse("580-629", "Diseases of the genitourinary system"),
      KeyRange.parse("630-679", "Complications of pregnancy, childbirth, and the puerperium"),
      KeyRange.parse("680-709", "Diseases of the skin and subcutaneous tissue"),
      KeyRange.parse("710-739", "Diseases of the musculoskeletal system and connective tissue"),
      KeyRange.parse("740-759", "Congenital anomalies"),
      KeyRange.parse("760-779", "Certain conditions originating in the perinatal period"),
      KeyRange.parse("780-799", "Symptoms, signs, and ill-defined conditions"),
      KeyRange.parse("800-999", "Injury and poisoning"),
      KeyRange.parse("V01-V91",
          "Supplementary classification of factors influencing health status and contact with health services"),
      KeyRange.parse("E000-E999", "Supplementary classification of external causes of injury and poisoning"));

  private final Levels levels = Levels.of(CodeSystemId.ICD9CM, "category", null, "chapter");

  @Override
  protected Levels levels() {
    return levels;
  }

  @Override
  public CodeSystemId id() {
    return CodeSystemId.ICD9CM;
  }

  /** Length of the category: 4 for E codes, else 3. */
  static int categoryLength(String code) {
    return !code.isEmpty() && code.charAt(0) == 'E' ? 4 : 3;
  }

  @Override
  public boolean isWellFormed(String code) {
    int category = categoryLength(code);
    return code.length() >= category && code.length() <= 5 && isCategory(code.substring(0, category))
        && Chars.allDigits(code, category, code.length());
  }

  private static boolean isCategory(String key) {
    if (key.isEmpty()) {
      return false;
    }
    char first = key.charAt(0);
    int digitsFrom = first == 'V' || first == 'E' ? 1 : 0;
    return key.length() == categoryLength(key) && Chars.allDigits(key, digitsFrom, key.length());
  }

  /** After the category: the 3rd character, the 4th of an E code ({@code 250.00}, {@code V45.81}, {@code E880.9}). */
  @Override
  public boolean dotFits(String code, int before) {
    return before == categoryLength(code);
  }

  @Override
  public String display(String code) {
    int category = categoryLength(code);
    return code.length() > category && isWellFormed(code) ? code.substring(0, category) + "." + code.substring(category) : code;
  }

  @Override
  protected Optional<String> coarseAncestor(String code, Granularity granularity) {
    int length = categoryLength(code);
    if (code.length() < length || !isCategory(code.substring(0, length))) {
      return Optional.empty();
    }
    String category = code.substring(0, length);
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
    return "ICD-9-CM diagnoses";
  }
}
