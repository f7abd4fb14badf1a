package org.medcode.dataset.mimic;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.medcode.MedcodeException;
import org.medcode.codesystem.CanonicalCodes;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.CodeTables;
import org.medcode.dataset.Release;

/**
 * A MIMIC release's own code dictionary as a code table: {@code d_icd_diagnoses} for ICD-9-CM and ICD-10-CM,
 * {@code d_icd_procedures} for ICD-9 procedures and ICD-10-PCS (MIMIC-IV: the rows of that {@code icd_version};
 * MIMIC-III: {@code D_ICD_*}, ICD-9 only). It lists every code the release uses, with its title, whichever fiscal year
 * it was valid in, so it matches the data's own years (see {@link CodeTables#listed} for headers and billable codes).
 */
public final class MimicDictionary {
  private MimicDictionary() {}

  /**
   * Reads the dictionary of {@code system} from a MIMIC folder; {@code dataRoot} gives the ICD-10-CM hierarchy.
   *
   * @throws MimicMissing when the table is not there (exit code 3)
   */
  public static CodeTable read(Release release, Path dir, CodeSystemId system, Path dataRoot) {
    boolean diagnoses = switch (system) {
      case ICD10CM, ICD9CM -> true;
      case ICD10PCS, ICD9PCS -> false;
      default -> throw new MedcodeException(release.prefix() + " has no dictionary of " + system.label()
          + " codes; its dictionaries are d_icd_diagnoses (icd9cm, icd10cm) and d_icd_procedures (icd9pcs, icd10pcs)");
    };
    int version = system == CodeSystemId.ICD10CM || system == CodeSystemId.ICD10PCS ? 10 : 9;
    if (release == Release.MIMIC_III && version == 10) {
      throw new MedcodeException("MIMIC-III is coded in ICD-9 only: its dictionaries have no " + system.label() + " codes");
    }
    Layout layout = new Layout(release, dir, null);
    layout.checkFolder();
    Layout.Table table = layout.dictionary(diagnoses);
    Path file = layout.file(table);
    Map<String, String> titles = new LinkedHashMap<>();
    CanonicalCodes codes = new CanonicalCodes();
    try (CsvTable rows = CsvTable.open(file, table.describe(), table.required())) {
      int code = rows.column(layout.codeColumn());
      int versionColumn = layout.mimic3() ? -1 : rows.column("icd_version");
      int title = rows.column("long_title");
      while (rows.next()) {
        if (versionColumn >= 0 && rows.number(versionColumn, "icd_version", -1) != version) {
          continue;
        }
        String canonical;
        try {
          canonical = codes.of(rows.get(code)).code();
        } catch (CanonicalCodes.NotACode e) {
          throw rows.bad(e.getMessage());
        }
        if (!canonical.isEmpty()) {
          titles.putIfAbsent(canonical, rows.get(title).trim());
        }
      }
    }
    return CodeTables.listed(dataRoot, system, release.prefix() + " " + table.stem() + " (ICD-" + version + ")", titles,
        "the dataset's own dictionary");
  }
}
