package org.medcode.codesystem;

import java.util.List;
import java.util.Optional;

/**
 * ICD-10-CM: 3 to 7 characters, a letter, a digit (or, as in FY2026's {@code QA0}, a letter followed by a digit),
 * then digits or letters; the {@code X} placeholder and the 7th character are ordinary characters. Category = first
 * 3 characters, chapter from the 22 chapter ranges; the block level needs the hierarchy files ({@link Icd10cmHierarchy}).
 */
final class Icd10cm extends LeveledCodeSystem {
  /** The 22 chapters as in the CDC tabular list (ranges are category keys; titles end with the range). */
  static final List<KeyRange> CHAPTERS = List.of(
      new KeyRange("1", "A00", "B99", "Certain infectious and parasitic diseases (A00-B99)"),
      new KeyRange("2", "C00", "D49", "Neoplasms (C00-D49)"),
      new KeyRange("3", "D50", "D89",
          "Diseases of the blood and blood-forming organs and certain disorders involving the immune mechanism (D50-D89)"),
      new KeyRange("4", "E00", "E89", "Endocrine, nutritional and metabolic diseases (E00-E89)"),
      new KeyRange("5", "F01", "F99", "Mental, Behavioral and Neurodevelopmental disorders (F01-F99)"),
      new KeyRange("6", "G00", "G99", "Diseases of the nervous system (G00-G99)"),
      new KeyRange("7", "H00", "H59", "Diseases of the eye and adnexa (H00-H59)"),
      new KeyRange("8", "H60", "H95", "Diseases of the ear and mastoid process (H60-H95)"),
      new KeyRange("9", "I00", "I99", "Diseases of the circulatory system (I00-I99)"),
      new KeyRange("10", "J00", "J99", "Diseases of the respiratory system (J00-J99)"),
      new KeyRange("11", "K00", "K95", "Diseases of the digestive system (K00-K95)"),
      new KeyRange("12", "L00", "L99", "Diseases of the skin and subcutaneous tissue (L00-L99)"),
      new KeyRange("13", "M00", "M99", "Diseases of the musculoskeletal system and connective tissue (M00-M99)"),
      new KeyRange("14", "N00", "N99", "Diseases of the genitourinary system (N00-N99)"),
      new KeyRange("15", "O00", "O9A", "Pregnancy, childbirth and the puerperium (O00-O9A)"),
      new KeyRange("16", "P00", "P96", "Certain conditions originating in the perinatal period (P00-P96)"),
      new KeyRange("17", "Q00", "QA0", "Congenital malformations, deformations and chromosomal abnormalities (Q00-QA0)"),
      new KeyRange("18", "R00", "R99",
          "Symptoms, signs and abnormal clinical and laboratory findings, not elsewhere classified (R00-R99)"),
      new KeyRange("19", "S00", "T88", "Injury, poisoning and certain other consequences of external causes (S00-T88)"),
      new KeyRange("20", "V00", "Y99", "External causes of morbidity (V00-Y99)"),
      new KeyRange("21", "Z00", "Z99", "Factors influencing health status and contact with health services (Z00-Z99)"),
      new KeyRange("22", "U00", "U85", "Codes for special purposes (U00-U85)"));

  private final Icd10cmHierarchy hierarchy;
  private final Levels levels;

  @Override
  protected Levels levels() {
    return levels;
  }

  /** Without hierarchy files: category and chapter only. */
  Icd10cm() {
    this(null);
  }

  Icd10cm(Icd10cmHierarchy hierarchy) {
    this.hierarchy = hierarchy;
    this.levels = Levels.of(CodeSystemId.ICD10CM, "category", hierarchy == null ? null : "block", "chapter");
  }

  /**
   * This system for a table holding {@code codes} of the release {@code release}: its blocks' and chapters' ranges
   * fitted to the table's categories ({@link Icd10cmHierarchy#fittedTo}); this system when none changes.
   */
  Icd10cm fittedTo(java.util.Set<String> codes, String release) {
    if (hierarchy == null) {
      return this;
    }
    java.util.Set<String> categories = new java.util.HashSet<>();
    for (String code : codes) {
      if (code.length() >= 3) {
        categories.add(code.substring(0, 3));
      }
    }
    Icd10cmHierarchy fitted = hierarchy.fittedTo(categories, release);
    return fitted == hierarchy ? this : new Icd10cm(fitted);
  }

  @Override
  public CodeSystemId id() {
    return CodeSystemId.ICD10CM;
  }

  @Override
  public boolean isWellFormed(String code) {
    int length = code.length();
    if (length < 3 || length > 7 || !isCategory(code.substring(0, 3))) {
      return false;
    }
    for (int i = 3; i < length; i++) {
      if (!Chars.isDigitOrUpper(code.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** A 3-character category: letter, digit, digit-or-letter; or letter, letter, digit ({@code QA0}). */
  static boolean isCategory(String key) {
    if (key.length() != 3 || !Chars.isUpper(key.charAt(0))) {
      return false;
    }
    char second = key.charAt(1);
    char third = key.charAt(2);
    return Chars.isDigit(second) ? Chars.isDigitOrUpper(third) : Chars.isUpper(second) && Chars.isDigit(third);
  }

  /** After the 3-character category ({@code E11.9}). */
  @Override
  public boolean dotFits(String code, int before) {
    return before == 3;
  }

  @Override
  public String display(String code) {
    return code.length() > 3 && isWellFormed(code) ? code.substring(0, 3) + "." + code.substring(3) : code;
  }

  @Override
  protected Optional<String> coarseAncestor(String code, Granularity granularity) {
    if (!levels.defines(granularity) || code.length() < 3 || !isCategory(code.substring(0, 3))) {
      return Optional.empty();
    }
    String category = code.substring(0, 3);
    return switch (granularity) {
      case CATEGORY -> Optional.of(category);
      case BLOCK -> hierarchy.block(category);
      case CHAPTER -> hierarchy != null ? hierarchy.chapter(category) : KeyRange.find(CHAPTERS, category).map(KeyRange::key);
      case EXACT -> Optional.of(code);
    };
  }

  @Override
  public Optional<String> levelTitle(String key, Granularity granularity) {
    if (hierarchy != null) {
      return hierarchy.title(key, granularity);
    }
    return granularity == Granularity.CHAPTER ? KeyRange.title(CHAPTERS, key) : Optional.empty();
  }

  @Override
  public Optional<String> levelSource() {
    return hierarchy == null ? Optional.empty() : Optional.of("blocks and chapters of the " + hierarchy.edition());
  }

  @Override
  public String toString() {
    return hierarchy == null ? "ICD-10-CM (syntax only)"
        : "ICD-10-CM with the " + hierarchy.edition() + " from " + hierarchy.source();
  }
}
