package org.medcode.run.cohort;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.medcode.Launcher;
import org.medcode.MedcodeException;
import org.medcode.dataset.DatasetSpec;
import org.medcode.dataset.mimic.CohortSummary;

/**
 * {@code cohort.json} of a cohort folder: how the cohort was built (spec, time, harness version), the spec that
 * loads exactly this cohort again ({@code reuseSpec}: the same code, note and icu options with {@code ids=} the written
 * {@code hadm_ids.txt}), the SHA-256 of that file, and the {@link CohortSummary}.
 */
public record CohortRecord(String format, String created, String medcodeVersion, String spec, String reuseSpec, String idsFile,
    String idsSha256, long admissions, CohortSummary summary) {
  static final String FORMAT = "medcode-cohort/1";
  static final String FILE = "cohort.json";
  static final String IDS = "hadm_ids.txt";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The text of an ids file: one hadm_id per line, ascending. */
  static String idsText(List<Long> ids) {
    StringBuilder text = new StringBuilder(ids.size() * 9);
    ids.forEach(id -> text.append(id).append('\n'));
    return text.toString();
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** Fails unless {@code folder} is missing or an empty folder (a cohort is never written over another). */
  static void checkNew(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    boolean empty;
    try (var entries = Files.list(folder)) {
      empty = entries.findAny().isEmpty();
    } catch (IOException e) {
      empty = false;
    }
    if (!empty) {
      throw new MedcodeException(folder + " already exists and is not an empty folder; choose another --out or remove it");
    }
  }

  /** Writes {@code hadm_ids.txt} and {@code cohort.json} into a new (or empty) folder. */
  void write(Path folder, String ids) {
    checkNew(folder);
    try {
      Files.createDirectories(folder);
      Files.writeString(folder.resolve(IDS), ids);
      JSON.writeValue(folder.resolve(FILE).toFile(), this);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the cohort to " + folder, e);
    }
  }

  /** The spec that loads exactly the cohort of {@code spec} written in {@code folder}: its options with ids= its file. */
  static String reuseSpec(DatasetSpec spec, Path folder) {
    return DatasetSpec.mimic(spec.release(), spec.paths().get(0), spec.mimic().reuse(folder.resolve(IDS))).toString();
  }

  /** Reads a cohort folder's {@code cohort.json}. */
  public static CohortRecord read(Path folder) {
    Path file = folder.resolve(FILE);
    try {
      CohortRecord record = JSON.readValue(file.toFile(), CohortRecord.class);
      if (record == null || !FORMAT.equals(record.format())) {
        throw new MedcodeException.BadInput(file, 0, "expected a medcode cohort file (format " + FORMAT + ")");
      }
      if (record.spec() == null || record.summary() == null || record.idsSha256() == null) {
        throw new MedcodeException.BadInput(file, 0, "the cohort file lacks " + (record.spec() == null ? "its spec"
            : record.summary() == null ? "its summary" : "the digest of its ids") + " (cut or edited): build the cohort"
            + " again with " + Launcher.command() + " cohort build");
      }
      Path ids = folder.resolve(record.idsFile() == null ? IDS : record.idsFile());
      if (Files.isRegularFile(ids)) {
        String now = sha256(Files.readString(ids, StandardCharsets.UTF_8));
        if (!now.equals(record.idsSha256())) {
          throw new MedcodeException.BadInput(ids, 0, "the cohort's ids changed since it was built (sha256 "
              + record.idsSha256() + " recorded, " + now + " now): build the cohort again with " + Launcher.command() + " cohort build");
        }
        // a folder moved or copied since: reuse it where it is now
        String here = reuseSpec(DatasetSpec.parseWritten(record.spec()), folder.toAbsolutePath().normalize());
        if (!here.equals(record.reuseSpec())) {
          record = new CohortRecord(record.format(), record.created(), record.medcodeVersion(), record.spec(), here,
              record.idsFile(), record.idsSha256(), record.admissions(), record.summary());
        }
      }
      return record;
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw new MedcodeException(folder + " is not a cohort folder: it has no " + FILE + " (make one with " + Launcher.command() + " cohort build)");
    } catch (IOException e) {
      throw new MedcodeException.BadInput(file, 0, "cannot read the cohort file ("
          + (e instanceof com.fasterxml.jackson.core.JacksonException json ? json.getOriginalMessage() : e.getMessage())
          + "): build the cohort again with " + Launcher.command() + " cohort build", e);
    }
  }
}
