package org.medcode.dataset.mimic;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.medcode.dataset.MimicCohort.NoteType;
import org.medcode.dataset.Release;

/**
 * Where a MIMIC release keeps its tables and what their columns are called. MIMIC-IV: {@code hosp/admissions},
 * {@code hosp/diagnoses_icd}, {@code hosp/procedures_icd}, {@code icu/icustays} under the release folder and
 * {@code note/discharge}, {@code note/radiology} under the MIMIC-IV-Note folder (by default the same folder; a
 * {@code notes=DIR} may name the MIMIC-IV-Note folder or its {@code note/} folder). MIMIC-III: upper-case file and
 * column names, all in one folder. Each table may be {@code .csv.gz} (as PhysioNet ships it) or {@code .csv}.
 * Column names are given in lower case and matched case-insensitively.
 */
final class Layout {
  /** One table: its MIMIC module ({@code hosp}, {@code icu}, {@code note}, or null for MIMIC-III), file stem and columns. */
  record Table(String module, String stem, List<String> required, String describe) {}

  private final Release release;
  private final Path dir;
  private final Path notesDir;

  Layout(Release release, Path dir, Path notesDir) {
    this.release = release;
    this.dir = dir;
    this.notesDir = notesDir;
  }

  Release release() {
    return release;
  }

  boolean mimic3() {
    return release == Release.MIMIC_III;
  }

  Table admissions() {
    return mimic3() ? table(null, "ADMISSIONS", "subject_id", "hadm_id")
        : table("hosp", "admissions", "subject_id", "hadm_id");
  }

  Table diagnoses() {
    return mimic3() ? table(null, "DIAGNOSES_ICD", "subject_id", "hadm_id", "seq_num", "icd9_code")
        : table("hosp", "diagnoses_icd", "subject_id", "hadm_id", "seq_num", "icd_code", "icd_version");
  }

  Table procedures() {
    return mimic3() ? table(null, "PROCEDURES_ICD", "subject_id", "hadm_id", "seq_num", "icd9_code")
        : table("hosp", "procedures_icd", "subject_id", "hadm_id", "seq_num", "icd_code", "icd_version");
  }

  Table icustays() {
    return mimic3() ? table(null, "ICUSTAYS", "subject_id", "hadm_id", "icustay_id")
        : table("icu", "icustays", "subject_id", "hadm_id", "stay_id");
  }

  /** The code dictionary of diagnoses ({@code d_icd_diagnoses}) or of procedures ({@code d_icd_procedures}). */
  Table dictionary(boolean diagnoses) {
    String stem = diagnoses ? "d_icd_diagnoses" : "d_icd_procedures";
    return mimic3() ? table(null, stem.toUpperCase(Locale.ROOT), "icd9_code", "long_title")
        : table("hosp", stem, "icd_code", "icd_version", "long_title");
  }

  /** MIMIC-IV: the file of one note type; MIMIC-III: NOTEEVENTS (all types, told apart by CATEGORY). */
  Table notes(NoteType type) {
    return mimic3() ? table(null, "NOTEEVENTS", "row_id", "subject_id", "hadm_id", "chartdate", "category", "iserror", "text")
        : table("note", type.label(), "note_id", "subject_id", "hadm_id", "note_seq", "charttime", "text");
  }

  /** The code column: {@code icd_code} (MIMIC-IV) or {@code icd9_code} (MIMIC-III). */
  String codeColumn() {
    return mimic3() ? "icd9_code" : "icd_code";
  }

  private Table table(String module, String stem, String... columns) {
    String describe = (mimic3() ? "MIMIC-III table " + stem : "MIMIC-IV" + (module.equals("note") ? "-Note" : "") + " module "
        + module + ", table " + stem);
    return new Table(module, stem, List.of(columns), describe);
  }

  /** What {@code notes=} takes, for a message about a notes folder that is not it. */
  private static final String NOTES_FOLDER = "give notes= the MIMIC-IV-Note release folder (e.g. mimic-iv-note/2.2/,"
      + " holding note/discharge.csv.gz) or its note/ folder";

  /** The folder a table's module lives in. */
  private Path folder(Table table) {
    if (mimic3()) {
      return dir;
    }
    if (table.module().equals("note") && notesDir != null) {
      return Files.isDirectory(notesDir.resolve("note")) ? notesDir.resolve("note") : notesDir;
    }
    return dir.resolve(table.module());
  }

  /** The file of a table ({@code .csv.gz} preferred, else {@code .csv}); a missing one is an error naming it and its module. */
  Path file(Table table) {
    boolean givenNotes = !mimic3() && table.module().equals("note") && notesDir != null;
    if (givenNotes && !Files.isDirectory(notesDir)) {
      throw new MimicMissing("notes=" + notesDir.toAbsolutePath() + (Files.exists(notesDir) ? " is a file, not a folder"
          : " does not exist (relative paths are read from the current directory " + Path.of("").toAbsolutePath() + ")")
          + "; " + NOTES_FOLDER);
    }
    Path folder = folder(table);
    Path gz = folder.resolve(table.stem() + ".csv.gz");
    if (Files.isRegularFile(gz)) {
      return gz;
    }
    Path csv = folder.resolve(table.stem() + ".csv");
    if (Files.isRegularFile(csv)) {
      return csv;
    }
    String hint;
    if (mimic3()) {
      hint = "MIMIC-III 1.4 from PhysioNet (physionet.org/content/mimiciii/1.4/) has all tables in one folder";
    } else if (givenNotes) {
      List<Path> releases = children(notesDir).stream().filter(p -> Files.isDirectory(p.resolve("note"))).toList();
      hint = releases.isEmpty() ? NOTES_FOLDER + ", or note=none to load codes without notes"
          : "notes=" + notesDir + " holds release folders; did you mean notes=" + releases.get(releases.size() - 1)
              + "? (found: " + listing(notesDir) + ")";
    } else if (table.module().equals("note")) {
      hint = "MIMIC-IV-Note is a separate PhysioNet project (physionet.org/content/mimic-iv-note/); give its folder with "
          + "notes=DIR, or note=none to load codes without notes";
    } else {
      hint = "the MIMIC-IV " + table.module() + " module (physionet.org/content/mimiciv/) belongs in " + dir.resolve(table.module());
    }
    throw new MimicMissing(table.describe() + " not found: expected " + gz + " (or " + csv.getFileName() + "); " + hint);
  }

  /**
   * Checks that the folder looks like the release: it exists and (MIMIC-IV) has {@code hosp/}, (MIMIC-III) has
   * {@code ADMISSIONS}. A wrong folder is reported with what it holds and, when recognisable, the right spec.
   */
  void checkFolder() {
    if (Files.isRegularFile(dir)) { // the release's zip as PhysioNet offers it, or one of its tables
      String hint = dir.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")
          ? "unzip it and give the release folder it holds ("
              + (mimic3() ? "with ADMISSIONS.csv.gz, ..." : "with hosp/ and icu/ inside") + ")"
          : mimic3() ? "expected the MIMIC-III 1.4 folder with ADMISSIONS.csv.gz, DIAGNOSES_ICD.csv.gz, NOTEEVENTS.csv.gz, ..."
          : "expected the folder of a MIMIC-IV release (e.g. mimiciv/3.1/ from PhysioNet) with hosp/ and icu/ inside";
      throw new MimicMissing(release.prefix() + " folder " + dir.toAbsolutePath() + " is a file, not a folder; " + hint);
    }
    if (!Files.isDirectory(dir)) {
      throw new MimicMissing(release.prefix() + " folder " + dir.toAbsolutePath() + " does not exist (relative paths are read "
          + "from the current directory " + Path.of("").toAbsolutePath() + ")");
    }
    if (!mimic3() && !Files.isDirectory(dir.resolve("hosp"))) {
      String hint;
      List<Path> versions = children(dir).stream().filter(p -> Files.isDirectory(p.resolve("hosp"))).toList();
      if (!versions.isEmpty()) {
        hint = "it holds release folders; did you mean " + versions.get(versions.size() - 1) + "?";
      } else if (hasTable(dir, "ADMISSIONS")) {
        hint = "it looks like MIMIC-III; use mimic-iii:" + dir;
      } else {
        hint = "expected the folder of a MIMIC-IV release (e.g. mimiciv/3.1/ from PhysioNet) with hosp/ and icu/ inside";
      }
      throw new MimicMissing(dir + " is not a MIMIC-IV folder: it has no hosp/ module; " + hint + " (found: " + listing(dir) + ")");
    }
    if (mimic3() && !hasTable(dir, "ADMISSIONS")) {
      String hint = Files.isDirectory(dir.resolve("hosp")) ? "it looks like MIMIC-IV; use mimic-iv:" + dir
          : "expected the MIMIC-III 1.4 folder with ADMISSIONS.csv.gz, DIAGNOSES_ICD.csv.gz, NOTEEVENTS.csv.gz, ...";
      throw new MimicMissing(dir + " is not a MIMIC-III folder: it has no ADMISSIONS.csv.gz or ADMISSIONS.csv; " + hint
          + " (found: " + listing(dir) + ")");
    }
  }

  private static boolean hasTable(Path folder, String stem) {
    return Files.isRegularFile(folder.resolve(stem + ".csv.gz")) || Files.isRegularFile(folder.resolve(stem + ".csv"));
  }

  private static List<Path> children(Path folder) {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      entries.forEach(children::add);
    } catch (IOException e) {
      return List.of();
    }
    children.sort(null);
    return children;
  }

  private static String listing(Path folder) {
    List<String> names = children(folder).stream()
        .map(p -> p.getFileName().toString() + (Files.isDirectory(p) ? "/" : "")).toList();
    if (names.isEmpty()) {
      return "nothing";
    }
    return String.join(", ", names.subList(0, Math.min(12, names.size()))) + (names.size() > 12 ? ", ..." : "");
  }

  @Override
  public String toString() {
    return release.prefix().toUpperCase(Locale.ROOT) + " " + dir;
  }
}
