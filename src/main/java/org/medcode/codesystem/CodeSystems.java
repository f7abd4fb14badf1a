package org.medcode.codesystem;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.medcode.MedcodeException;

/** The code systems: syntax-only ones that need no files, and ICD-10-CM with its chapter/block hierarchy. */
public final class CodeSystems {
  private static final Map<CodeSystemId, CodeSystem> SYNTAX = new EnumMap<>(Map.of(
      CodeSystemId.ICD10CM, new Icd10cm(),
      CodeSystemId.ICD10PCS, new Icd10pcs(),
      CodeSystemId.ICD9CM, new Icd9cm(),
      CodeSystemId.ICD9PCS, new Icd9Procedures(),
      CodeSystemId.CPT, new Cpt(),
      CodeSystemId.HCPCS, new Hcpcs()));
  private static final Map<Path, CodeSystem> HIERARCHIES = new ConcurrentHashMap<>();
  private static final Map<Path, CodeSystem> TABULAR_LISTS = new ConcurrentHashMap<>();

  private CodeSystems() {}

  /**
   * A system that needs no data files: normalisation, format check, display and every level computable without
   * files (ICD-10-CM: category and chapter, no block; the other systems: all their levels).
   */
  public static CodeSystem syntax(CodeSystemId id) {
    return SYNTAX.get(id);
  }

  /**
   * ICD-10-CM with blocks (sections) and titled chapters and categories, read from
   * {@code <root>/icd10cm-hierarchy/icd10cm-{chapters,sections,categories}-*.csv} (cached per root).
   *
   * @throws org.medcode.MedcodeException.DataMissing when a CSV is missing
   * @throws org.medcode.MedcodeException.BadInput when a CSV is malformed
   */
  public static CodeSystem icd10cmWithHierarchy(Path root) {
    return HIERARCHIES.computeIfAbsent(root.toAbsolutePath().normalize(),
        folder -> new Icd10cm(Icd10cmHierarchyFiles.read(folder)));
  }

  /**
   * ICD-10-CM with the blocks and chapters of the table's fiscal year where they are here: those of the CDC tabular list
   * of that year or, when there is none, of the nearest later one ({@code icd10cm-hierarchy/icd10cm_tabular_<Y>.xml.gz};
   * never an earlier one, which lacks the year's new categories and blocks); for a year after every tabular list here,
   * {@link #icd10cmWithHierarchy} (the CSVs, April 2026). Each names its release ({@link CodeSystem#levelSource}). A year
   * up to that of the pulled list (FY2021) without a list here is missing data, not a year for the CSVs.
   */
  public static CodeSystem icd10cmForYear(Path root, int year) {
    Path folder = root.toAbsolutePath().normalize();
    Map.Entry<Integer, Path> list = Icd10cmTabularFiles.available(folder).ceilingEntry(year);
    if (list == null && year <= Icd10cmTabularFiles.PULLED_YEAR) {
      // the pulled list is gone (a partial pull, a file deleted): the April 2026 CSVs would stand in without a word
      Path expected = folder.resolve(Icd10cmHierarchyFiles.FOLDER)
          .resolve("icd10cm_tabular_" + Icd10cmTabularFiles.PULLED_YEAR + ".xml.gz");
      throw new MedcodeException.DataMissing("ICD-10-CM FY" + Icd10cmTabularFiles.PULLED_YEAR + " tabular list (the blocks"
          + " and chapters of a FY" + year + " table)", expected, Icd10cmHierarchyFiles.PULL);
    }
    if (list == null) {
      return icd10cmWithHierarchy(folder);
    }
    return TABULAR_LISTS.computeIfAbsent(list.getValue(),
        file -> new Icd10cm(Icd10cmTabularFiles.read(file, list.getKey())));
  }

  /** A typical code of a system in its written form, for messages ({@code N44.8}, {@code 0DTJ4ZZ}, ...). */
  public static String example(CodeSystemId id) {
    return switch (id) {
      case ICD10CM -> "N44.8";
      case ICD10PCS -> "0DTJ4ZZ";
      case ICD9CM -> "250.00";
      case ICD9PCS -> "36.10";
      case CPT -> "99213";
      case HCPCS -> "J1100";
    };
  }
}
