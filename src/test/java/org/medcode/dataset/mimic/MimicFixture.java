package org.medcode.dataset.mimic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.medcode.TestData;

/**
 * A MIMIC-IV folder for tests: {@code hosp/} holds hard links to the MIMIC-IV demo's coding tables (read in place; a
 * temporary copy only across file systems; never copied into the repository), {@code icu/icustays.csv.gz} and {@code note/discharge.csv.gz} are synthetic, written here in
 * the exact MIMIC layout. The rules, by {@code hadm_id} of the demo's 275 admissions:
 * <ul>
 *   <li>ICU stay: {@code hadm_id % 5} is 0 or 1 (116 admissions); {@code % 5 == 0} has two stays.
 *   <li>discharge note: {@code hadm_id % 7 != 0} (230 admissions), of exactly {@link #noteLength} characters; when also
 *       {@code hadm_id % 11 == 0} (21 admissions) a second note (note_seq 2, 500 characters) is written <em>before</em>
 *       the first in the file. Texts contain quotes, commas and line breaks.
 * </ul>
 */
public final class MimicFixture {
  public static final String DEMO = "mimic-iv-demo";

  private MimicFixture() {}

  /** The demo folder (with {@code hosp/}). */
  public static Path demo() {
    return TestData.require(DEMO + "/hosp/diagnoses_icd.csv.gz").resolve(DEMO);
  }

  /** Length of an admission's first note: 1,000 to 10,000 characters by {@code hadm_id % 10}. */
  public static int noteLength(long hadm) {
    return 1000 + (int) (hadm % 10) * 1000;
  }

  /** Writes the folder under {@code dir} ({@code dir/hosp}, {@code dir/icu}, {@code dir/note}) and returns {@code dir}. */
  public static Path write(Path dir) {
    return write(dir, dir);
  }

  /** As {@link #write(Path)}, with {@code note/} under {@code notesDir} (a separate MIMIC-IV-Note folder). */
  public static Path write(Path dir, Path notesDir) {
    try {
      Path demo = demo();
      Files.createDirectories(dir.resolve("hosp"));
      for (String table : List.of("admissions", "diagnoses_icd", "procedures_icd")) {
        link(demo.resolve("hosp").resolve(table + ".csv.gz"), dir.resolve("hosp").resolve(table + ".csv.gz"));
      }
      List<long[]> admissions = admissions(demo.resolve("hosp/admissions.csv.gz"));
      Files.createDirectories(dir.resolve("icu"));
      try (Writer out = gzip(dir.resolve("icu/icustays.csv.gz"))) {
        out.write("subject_id,hadm_id,stay_id,first_careunit,last_careunit,intime,outtime,los\n");
        long stay = 30000000;
        for (long[] a : admissions) {
          if (a[1] % 5 == 0) {
            out.write(a[0] + "," + a[1] + "," + (stay++) + ",Trauma SICU (TSICU),Trauma SICU (TSICU),2150-01-03 10:00:00,"
                + "2150-01-04 10:00:00,1.0\n");
          }
          if (a[1] % 5 <= 1) {
            out.write(a[0] + "," + a[1] + "," + (stay++) + ",Medical Intensive Care Unit (MICU),Medical Intensive Care Unit (MICU),"
                + "2150-01-01 10:00:00,2150-01-02 12:00:00,1.08\n");
          }
        }
      }
      Files.createDirectories(notesDir.resolve("note"));
      try (Writer out = gzip(notesDir.resolve("note/discharge.csv.gz"))) {
        out.write("note_id,subject_id,hadm_id,note_type,note_seq,charttime,storetime,text\n");
        for (long[] a : admissions) {
          if (a[1] % 7 == 0) {
            continue;
          }
          if (a[1] % 11 == 0) {
            out.write(row(a, 2, text(a[1], 2, 500)));
          }
          out.write(row(a, 1, text(a[1], 1, noteLength(a[1]))));
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A hard link to the demo file (read in place); a copy when the temp folder is on another file system. */
  static void link(Path demoFile, Path target) throws IOException {
    try {
      Files.createLink(target, demoFile);
    } catch (IOException | UnsupportedOperationException e) {
      Files.copy(demoFile, target);
    }
  }

  /** The text of note {@code seq} of an admission, exactly {@code length} characters. */
  public static String text(long hadm, int seq, int length) {
    StringBuilder text = new StringBuilder("Discharge summary " + seq + " of admission " + hadm + "\n"
        + "Name:  ___  Unit No: ___\nChief Complaint: \"chest pain\", dyspnea\n\nHistory of Present Illness:\n");
    while (text.length() < length) {
      text.append("Patient seen, vitals stable, plan discussed with team. ");
    }
    text.setLength(length);
    return text.toString();
  }

  private static String row(long[] a, int seq, String text) {
    return a[0] + "-DS-" + a[1] + "-" + seq + "," + a[0] + "," + a[1] + ",DS," + seq + ",2150-01-0" + seq + " 00:00:00,"
        + "2150-01-0" + seq + " 12:00:00,\"" + text.replace("\"", "\"\"") + "\"\n";
  }

  /** subject_id, hadm_id of each row of admissions.csv.gz. */
  static List<long[]> admissions(Path file) throws IOException {
    List<long[]> rows = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
        StandardCharsets.UTF_8))) {
      in.readLine();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] fields = line.split(",", 3);
        rows.add(new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[1])});
      }
    }
    return rows;
  }

  static Writer gzip(Path file) throws IOException {
    OutputStream out = new GZIPOutputStream(Files.newOutputStream(file));
    return new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
  }

  /** Writes a gzip-compressed text file. */
  public static void writeGzip(Path file, String text) {
    try (Writer out = gzip(file)) {
      out.write(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
