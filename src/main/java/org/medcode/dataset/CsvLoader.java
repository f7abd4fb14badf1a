package org.medcode.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.medcode.MedcodeException;
import org.medcode.codesystem.CodeSystem;
import org.medcode.codesystem.CodeSystemId;

/**
 * A pair of CSV files with a header row (RFC 4180, UTF-8, optional BOM, blank lines skipped): notes
 * ({@code admission_id,patient_id,note_type,text}, several rows per admission allowed, kept in file order) and codes
 * ({@code admission_id,system,code[,sequence][,primary]}). Columns may come in any order; unknown columns are an
 * error. Admissions are ordered by first appearance in the notes file. An optional notes column {@code credentialed}
 * ({@code true}/{@code 1} on any row of an admission) marks the admission as credentialed data
 * ({@link Dataset#CREDENTIALED} in its metadata).
 */
public final class CsvLoader {
  private static final List<String> NOTE_COLUMNS = List.of("admission_id", "patient_id", "note_type", "text");
  private static final List<String> CODE_COLUMNS = List.of("admission_id", "system", "code");
  private static final List<String> NOTE_OPTIONAL = List.of(Dataset.CREDENTIALED);
  private static final List<String> CODE_OPTIONAL = List.of("sequence", "primary");
  private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
      .setHeader()
      .setSkipHeaderRecord(true)
      .setIgnoreEmptyLines(true)
      .get();

  public record Result(List<Admission> admissions, List<String> warnings) {}

  private static final class Draft {
    final String id;
    String patientId;
    boolean credentialed;
    final List<Note> notes = new ArrayList<>();
    final GoldCodeSet codes = new GoldCodeSet();

    Draft(String id) {
      this.id = id;
    }
  }

  public Result load(Path notesFile, Path codesFile) {
    Map<String, Draft> drafts = new LinkedHashMap<>();
    read(notesFile, NOTE_COLUMNS, NOTE_OPTIONAL, (record, line) -> {
      String id = required(record, "admission_id", notesFile, line);
      String patient = record.get("patient_id").trim();
      Draft draft = drafts.computeIfAbsent(id, Draft::new);
      if (!patient.isEmpty()) {
        if (draft.patientId != null && !draft.patientId.equals(patient)) {
          throw new MedcodeException.BadInput(notesFile, line, "admission '" + id + "' has patient_id '" + patient
              + "' but an earlier row gave '" + draft.patientId + "'; expected one patient per admission");
        }
        draft.patientId = patient;
      }
      String type = record.get("note_type").trim();
      draft.notes.add(new Note(type.isEmpty() ? JsonlLoader.DEFAULT_NOTE_TYPE : type, record.get("text")));
      draft.credentialed |= flag(optional(record, Dataset.CREDENTIALED), Dataset.CREDENTIALED, notesFile, line);
    });
    int[] duplicates = {0};
    read(codesFile, CODE_COLUMNS, CODE_OPTIONAL, (record, line) -> {
      String id = required(record, "admission_id", codesFile, line);
      Draft draft = drafts.get(id);
      if (draft == null) {
        throw new MedcodeException.BadInput(codesFile, line, "admission '" + id + "' has no note in " + notesFile
            + "; expected every coded admission to have at least one note row");
      }
      CodeSystemId system;
      try {
        system = CodeSystemId.parse(required(record, "system", codesFile, line));
      } catch (IllegalArgumentException e) {
        throw new MedcodeException.BadInput(codesFile, line, e.getMessage());
      }
      String raw = required(record, "code", codesFile, line);
      String code = CodeSystem.canonical(raw);
      if (code.isEmpty()) {
        throw new MedcodeException.BadInput(codesFile, line, "expected a code in column 'code', got '" + raw + "'");
      }
      Integer sequence = sequence(optional(record, "sequence"), codesFile, line);
      boolean primary = primary(optional(record, "primary"), codesFile, line);
      if (!draft.codes.add(new GoldCode(code, raw, system, sequence, primary, List.of()))) {
        duplicates[0]++;
      }
    });
    List<Admission> admissions = new ArrayList<>();
    int withoutCodes = 0;
    for (Draft draft : drafts.values()) {
      withoutCodes += draft.codes.isEmpty() ? 1 : 0;
      admissions.add(new Admission(draft.id, draft.patientId == null ? draft.id : draft.patientId, draft.notes,
          draft.codes.toList(), draft.credentialed ? Map.of(Dataset.CREDENTIALED, "true") : Map.of()));
    }
    List<String> warnings = new ArrayList<>();
    if (admissions.isEmpty()) {
      warnings.add(notesFile + ": no admissions");
    }
    if (withoutCodes > 0) {
      warnings.add(withoutCodes + " of " + admissions.size() + " admissions have no gold codes");
    }
    if (duplicates[0] > 0) {
      warnings.add(duplicates[0] + " repeated (admission_id, system, code) rows in " + codesFile
          + " kept once (gold codes are a set per admission and system)");
    }
    return new Result(admissions, warnings);
  }

  private static void read(Path file, List<String> required, List<String> optional, BiConsumer<CSVRecord, Long> row) {
    if (!Files.isRegularFile(file)) {
      throw new MedcodeException.BadInput(file, 0, "file not found (relative paths are read from the current directory "
          + Path.of("").toAbsolutePath() + ")");
    }
    try (BufferedReader reader = Files.newBufferedReader(file)) {
      skipBom(reader);
      try (CSVParser parser = FORMAT.parse(reader)) {
        checkHeader(file, parser.getHeaderNames(), required, optional);
        int columns = parser.getHeaderNames().size();
        for (CSVRecord record : parser) {
          long line = parser.getCurrentLineNumber();
          if (record.size() != columns) {
            throw new MedcodeException.BadInput(file, line, "expected " + columns + " fields "
                + parser.getHeaderNames() + ", found " + record.size());
          }
          row.accept(record, line);
        }
      }
    } catch (CharacterCodingException e) {
      throw new MedcodeException.BadInput(file, 0, "expected UTF-8 text", e);
    } catch (UncheckedIOException e) {
      throw new MedcodeException.BadInput(file, 0, "expected CSV (RFC 4180): " + e.getCause().getMessage(), e);
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      throw new MedcodeException.BadInput(file, 0, "expected CSV (RFC 4180) with a header row: " + e.getMessage(), e);
    }
  }

  private static void skipBom(BufferedReader reader) throws IOException {
    reader.mark(1);
    if (reader.read() != '\uFEFF') {
      reader.reset();
    }
  }

  private static void checkHeader(Path file, List<String> header, List<String> required, List<String> optional) {
    Set<String> seen = new HashSet<>();
    List<String> unknown = new ArrayList<>();
    for (String name : header) {
      if (!seen.add(name)) {
        throw new MedcodeException.BadInput(file, 1, "column '" + name + "' appears twice in the header");
      }
      if (!required.contains(name) && !optional.contains(name)) {
        unknown.add(name);
      }
    }
    List<String> missing = required.stream().filter(name -> !seen.contains(name)).toList();
    if (!missing.isEmpty() || !unknown.isEmpty()) {
      throw new MedcodeException.BadInput(file, 1, "expected a header row with columns " + required
          + (optional.isEmpty() ? "" : " and optionally " + optional)
          + (missing.isEmpty() ? "" : "; missing " + missing)
          + (unknown.isEmpty() ? "" : "; unknown " + unknown));
    }
  }

  private static String required(CSVRecord record, String column, Path file, long line) {
    String value = record.get(column).trim();
    if (value.isEmpty()) {
      throw new MedcodeException.BadInput(file, line, "expected a value in column '" + column + "'");
    }
    return value;
  }

  private static String optional(CSVRecord record, String column) {
    return record.isMapped(column) ? record.get(column).trim() : "";
  }

  private static Integer sequence(String value, Path file, long line) {
    if (value.isEmpty()) {
      return null;
    }
    try {
      int sequence = Integer.parseInt(value);
      if (sequence >= 1) {
        return sequence;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new MedcodeException.BadInput(file, line, "expected sequence to be a positive integer or empty, got '" + value + "'");
  }

  private static boolean primary(String value, Path file, long line) {
    return flag(value, "primary", file, line);
  }

  private static boolean flag(String value, String column, Path file, long line) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "", "false", "0" -> false;
      case "true", "1" -> true;
      default -> throw new MedcodeException.BadInput(file, line,
          "expected " + column + " to be true, false, 1, 0 or empty, got '" + value + "'");
    };
  }
}
