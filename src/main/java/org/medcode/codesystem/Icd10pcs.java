package org.medcode.codesystem;

import java.util.Map;
import java.util.Optional;

/**
 * ICD-10-PCS: 7 characters of {@code 0-9} and {@code A-Z} without {@code I} and {@code O}. The 3-character rows of the
 * CMS order file (section + body system + root operation headers) are members of the table too, so 3 characters are
 * well formed as well; any other length (such as CodiEsp's partial {@code CT13}) is not a code, though its prefixes
 * still have a section, body system and root operation. Levels: chapter = section (1st character), block = body system
 * (first 2), category = root operation (first 3).
 */
final class Icd10pcs extends LeveledCodeSystem {
  /** Section titles (1st character), as in the order file's header rows. */
  static final Map<String, String> SECTIONS = Map.ofEntries(
      Map.entry("0", "Medical and Surgical"),
      Map.entry("1", "Obstetrics"),
      Map.entry("2", "Placement"),
      Map.entry("3", "Administration"),
      Map.entry("4", "Measurement and Monitoring"),
      Map.entry("5", "Extracorporeal or Systemic Assistance and Performance"),
      Map.entry("6", "Extracorporeal or Systemic Therapies"),
      Map.entry("7", "Osteopathic"),
      Map.entry("8", "Other Procedures"),
      Map.entry("9", "Chiropractic"),
      Map.entry("B", "Imaging"),
      Map.entry("C", "Nuclear Medicine"),
      Map.entry("D", "Radiation Therapy"),
      Map.entry("F", "Physical Rehabilitation and Diagnostic Audiology"),
      Map.entry("G", "Mental Health"),
      Map.entry("H", "Substance Abuse Treatment"),
      Map.entry("X", "New Technology"));

  private final Levels levels = Levels.of(CodeSystemId.ICD10PCS, "root operation", "body system", "section");

  @Override
  protected Levels levels() {
    return levels;
  }

  @Override
  public CodeSystemId id() {
    return CodeSystemId.ICD10PCS;
  }

  /** ICD-10-PCS writes no dot. */
  @Override
  public boolean dotFits(String code, int before) {
    return false;
  }

  @Override
  public boolean isWellFormed(String code) {
    return (code.length() == 7 || code.length() == 3) && validPrefix(code, code.length());
  }

  /** Whether the first {@code length} characters are PCS characters. */
  private static boolean validPrefix(String code, int length) {
    if (code.length() < length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = code.charAt(i);
      if (!Chars.isDigitOrUpper(c) || c == 'I' || c == 'O') {
        return false;
      }
    }
    return true;
  }

  @Override
  protected Optional<String> coarseAncestor(String code, Granularity granularity) {
    int length = switch (granularity) {
      case CHAPTER -> 1;
      case BLOCK -> 2;
      default -> 3;
    };
    return validPrefix(code, length) ? Optional.of(code.substring(0, length)) : Optional.empty();
  }

  /** Section titles only; root operation titles are the table's 3-character header rows. */
  @Override
  public Optional<String> levelTitle(String key, Granularity granularity) {
    return granularity == Granularity.CHAPTER ? Optional.ofNullable(SECTIONS.get(key)) : Optional.empty();
  }

  /** The characters of a PCS code position. */
  private static final String CHARACTERS = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

  /**
   * A body system's title (block {@code 0D}) from the header rows of its root operations, which CMS titles "body system,
   * root operation" ({@code 0DT}: Gastrointestinal System, Resection), in most sections after the section's title
   * ({@code BT0}: Imaging, Urinary System, Plain Radiography): the part before the last comma, less the section's
   * title. Only when every root operation that gives one gives the same (FY2018 and FY2026: all 109 and 115 body
   * systems; in FY2026 X0Z is titled "New Technology, Nervous System", the section and body system alone, and is skipped).
   */
  @Override
  public Optional<String> tableTitle(String key, Granularity granularity, Map<String, CodeEntry> entries) {
    if (granularity != Granularity.BLOCK || key.length() != 2 || entries.isEmpty()) {
      return Optional.empty();
    }
    String section = SECTIONS.get(key.substring(0, 1));
    String found = null;
    for (int i = 0; i < CHARACTERS.length(); i++) {
      CodeEntry root = entries.get(key + CHARACTERS.charAt(i));
      int comma = root == null ? -1 : root.longTitle().lastIndexOf(", ");
      if (comma <= 0) {
        continue;
      }
      String title = root.longTitle().substring(0, comma);
      if (section != null && title.startsWith(section + ", ")) {
        title = title.substring(section.length() + 2);
      } else if (title.equals(section)) {
        continue;
      }
      if (found != null && !found.equals(title)) {
        return Optional.empty();
      }
      found = title;
    }
    return Optional.ofNullable(found);
  }

  @Override
  public String toString() {
    return "ICD-10-PCS";
  }
}
