package org.medcode.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.medcode.CsvBytes;
import org.medcode.CsvSyntax;
import org.medcode.Ids;
import org.medcode.MedcodeException;
import org.medcode.PackedKeys;
import org.medcode.Plural;
import org.medcode.Utf8;
import org.medcode.codesystem.CanonicalCodes;
import org.medcode.codesystem.CodeSystemId;

/**
 * A pair of CSV files with a header row (RFC 4180, UTF-8, optional BOM, blank lines skipped): notes
 * ({@code admission_id,patient_id,note_type,text}, several rows per admission allowed, kept in file order) and codes
 * ({@code admission_id,system,code[,sequence][,primary]}). Columns may come in any order; unknown columns are an
 * error. Admissions are ordered by first appearance in the notes file. An optional notes column {@code credentialed}
 * ({@code true}/{@code 1} on any row of an admission) marks the admission as credentialed data
 * ({@link Dataset#CREDENTIALED} in its metadata).
 *
 * <p>Files are parsed by {@link FastCsv}, which reads well-formed files exactly as Commons CSV does, in a third of the
 * time; where it gives up (anything unusual, malformed or unreadable) both files are read again from the start with
 * Commons CSV, so every record, line number and error message is what Commons CSV gives.
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
    GoldCodeSet codes = new GoldCodeSet();

    Draft(String id) {
      this.id = id;
    }
  }

  /** How the two files are parsed: {@link FastCsv} unless it gives up, then Commons CSV from the start. */
  private enum Parser {
    FAST,
    COMMONS
  }

  /** Whether a plain codes file is read from its bytes ({@link CsvBytes}); tests compare with text alone. */
  private final boolean bytes;

  public CsvLoader() {
    this(true);
  }

  CsvLoader(boolean bytes) {
    this.bytes = bytes;
  }

  public Result load(Path notesFile, Path codesFile) {
    try {
      return load(notesFile, codesFile, Parser.FAST);
    } catch (FastCsv.GiveUp e) {
      return load(notesFile, codesFile, Parser.COMMONS);
    }
  }

  private Result load(Path notesFile, Path codesFile, Parser parser) {
    Map<String, Draft> drafts = new LinkedHashMap<>();
    Map<String, String> types = new HashMap<>();
    NoteStore store = NoteStore.forDataset();
    int[] repeatedNotes = {0};
    read(notesFile, NOTE_COLUMNS, NOTE_OPTIONAL, parser, header -> {
      int idColumn = header.get("admission_id");
      int patientColumn = header.get("patient_id");
      int typeColumn = header.get("note_type");
      int textColumn = header.get("text");
      int credentialedColumn = header.getOrDefault(Dataset.CREDENTIALED, -1);
      return (record, line) -> {
        required(record, idColumn, "admission_id", notesFile, line);
        String id = id(record[idColumn], "admission_id", notesFile, line);
        String patient = Ids.clean(record[patientColumn]);
        if (!patient.isEmpty()) {
          id(patient, "patient_id", notesFile, line);
        }
        Draft draft = drafts.computeIfAbsent(id, Draft::new);
        if (!patient.isEmpty()) {
          if (draft.patientId != null && !draft.patientId.equals(patient)) {
            throw new MedcodeException.BadInput(notesFile, line, "admission " + Ids.show(id) + " has patient_id "
                + Ids.show(patient) + " but an earlier row gave " + Ids.show(draft.patientId)
                + "; expected one patient per admission");
          }
          draft.patientId = patient;
        }
        String type = record[typeColumn].trim();
        type = types.computeIfAbsent(type.isEmpty() ? JsonlLoader.DEFAULT_NOTE_TYPE : type, t -> t);
        String text = record[textColumn];
        String noteType = type;
        // a row repeated (a file concatenated twice): the note would count double. Lengths first, so that a text kept
        // in the note store is read back only to compare with one as long
        if (draft.notes.stream().anyMatch(n -> n.length() == text.length() && n.type().equals(noteType)
            && text.equals(n.text()))) {
          repeatedNotes[0]++;
        } else {
          draft.notes.add(store.note(type, text));
        }
        draft.credentialed |= flag(optional(record, credentialedColumn), Dataset.CREDENTIALED, notesFile, line);
      };
    });
    int[] duplicates = {0};
    GoldCodes gold = new GoldCodes();
    Function<Map<String, Integer>, CodeRows> codeRows =
        header -> new CodeRows(header, drafts, gold, duplicates, notesFile, codesFile);
    if (parser == Parser.COMMONS || !bytes || !readBytes(codesFile, codeRows)) {
      drafts.values().forEach(draft -> draft.codes = new GoldCodeSet()); // what the byte reader added before it gave up
      duplicates[0] = 0;
      read(codesFile, CODE_COLUMNS, CODE_OPTIONAL, parser, codeRows::apply);
    }
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
      warnings.add(withoutCodes + " of " + Plural.of(admissions.size(), "admission") + " " + Plural.verb(withoutCodes, "have")
          + " no gold codes");
    }
    if (repeatedNotes[0] > 0) {
      warnings.add(Plural.of(repeatedNotes[0], "row") + " of " + notesFile + " " + Plural.verb(repeatedNotes[0], "repeat")
          + " an earlier note of " + (repeatedNotes[0] == 1 ? "its" : "their") + " admission word for word"
          + " (same note_type and text); each note is kept once");
    }
    if (duplicates[0] > 0) {
      warnings.add(duplicates[0] + " repeated (admission_id, system, code) " + Plural.noun(duplicates[0], "row")
          + " in " + codesFile
          + " kept once (gold codes are a set per admission and system)");
    }
    return new Result(admissions, warnings);
  }

  /** One data row of a CSV file and its line number (the last line of a multi-line row). */
  private interface Rows {
    void accept(String[] record, long line);
  }

  /**
   * The rows of the codes file. A row read from bytes ({@link CsvBytes}) whose admission is the previous row's and whose
   * system label and code were seen before (by their bytes) is added without a string made; any other row is read as
   * text, which checks and reports everything.
   */
  private static final class CodeRows implements Rows {
    private final int idColumn;
    private final int systemColumn;
    private final int codeColumn;
    private final int sequenceColumn;
    private final int primaryColumn;
    private final Map<String, Draft> drafts;
    private final GoldCodes gold;
    private final int[] duplicates;
    private final Path notesFile;
    private final Path codesFile;
    private final PackedKeys.Table<CodeSystemId> systems = new PackedKeys.Table<>();
    private final PackedKeys.Table<GoldCodes.Spelling> spellings = new PackedKeys.Table<>();
    private Draft last;

    CodeRows(Map<String, Integer> header, Map<String, Draft> drafts, GoldCodes gold, int[] duplicates, Path notesFile,
        Path codesFile) {
      this.idColumn = header.get("admission_id");
      this.systemColumn = header.get("system");
      this.codeColumn = header.get("code");
      this.sequenceColumn = header.getOrDefault("sequence", -1);
      this.primaryColumn = header.getOrDefault("primary", -1);
      this.drafts = drafts;
      this.gold = gold;
      this.duplicates = duplicates;
      this.notesFile = notesFile;
      this.codesFile = codesFile;
    }

    @Override
    public void accept(String[] record, long line) {
      required(record, idColumn, "admission_id", codesFile, line);
      String id = Ids.clean(record[idColumn]);
      Draft draft = last != null && last.id.equals(id) ? last : drafts.get(id);
      if (draft == null) {
        id(id, "admission_id", codesFile, line);
        throw new MedcodeException.BadInput(codesFile, line, "admission " + Ids.show(id) + " has no note in " + notesFile
            + "; expected every coded admission to have at least one note row");
      }
      last = draft;
      CodeSystemId system;
      try {
        system = gold.system(required(record, systemColumn, "system", codesFile, line));
      } catch (IllegalArgumentException e) {
        throw new MedcodeException.BadInput(codesFile, line, e.getMessage());
      }
      String raw = required(record, codeColumn, "code", codesFile, line);
      GoldCodes.Spelling code;
      try {
        code = gold.code(raw);
      } catch (CanonicalCodes.NotACode e) {
        throw e.at(codesFile, line, id);
      }
      add(draft, code, raw, system, optional(record, sequenceColumn), optional(record, primaryColumn), line);
    }

    void accept(CsvBytes record, long line) {
      long systemKey = record.pack(systemColumn);
      CodeSystemId system = systemKey == 0 ? null : systems.get(systemKey);
      if (system == null || last == null || !record.is(idColumn, last.id) || !record.trimmed(systemColumn)
          || !record.trimmed(codeColumn)) {
        accept(record.strings(), line);
        if (systemKey != 0 && record.trimmed(systemColumn)) {
          systems.put(systemKey, gold.system(record.text(systemColumn))); // known to parse: the row was added
        }
        return;
      }
      GoldCodes.Spelling code = record.lookup(codeColumn, spellings, GoldCodes.LIMIT, gold::code);
      add(last, code, code.raw(), system, sequenceColumn < 0 ? "" : record.text(sequenceColumn).trim(),
          primaryColumn < 0 ? "" : record.text(primaryColumn).trim(), line);
    }

    private void add(Draft draft, GoldCodes.Spelling code, String raw, CodeSystemId system, String sequenceText,
        String primaryText, long line) {
      if (code.code().isEmpty()) {
        throw new MedcodeException.BadInput(codesFile, line, "expected a code in column 'code', got " + Ids.show(raw));
      }
      Integer sequence = sequence(sequenceText, codesFile, line);
      boolean primary = primary(primaryText, codesFile, line);
      if (!draft.codes.add(gold.gold(code, system, sequence, primary, List.of()))) {
        duplicates[0]++;
      }
    }
  }

  /**
   * Reads the codes file from its bytes ({@link CsvBytes}); false, having added nothing that counts, when the file is
   * not plain ASCII CSV, cannot be opened or holds an error: then it is read as text, which reports the error exactly as
   * it always has.
   */
  private static boolean readBytes(Path file, Function<Map<String, Integer>, CodeRows> rows) {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try (InputStream in = Files.newInputStream(file)) {
      CsvBytes csv = new CsvBytes(in);
      List<String> names = csv.header();
      CodeRows row = rows.apply(columns(file, names, CODE_COLUMNS, CODE_OPTIONAL));
      while (csv.next()) {
        long line = csv.line();
        if (csv.size() != names.size()) {
          throw fieldCount(file, line, names, csv.size());
        }
        row.accept(csv, line);
      }
      return true;
    } catch (CsvBytes.GiveUp | IOException | MedcodeException e) {
      return false; // read as text, which reports any error as it always has (it may meet a decoding error first)
    }
  }

  /**
   * Reads a CSV file whose header is checked first; {@code rows} gets the column indexes by name. With {@link
   * Parser#FAST} a {@link FastCsv.GiveUp} leaves this method for the caller to start again with Commons CSV.
   */
  private static void read(Path file, List<String> required, List<String> optional, Parser parser,
      Function<Map<String, Integer>, Rows> rows) {
    if (!Files.isRegularFile(file)) {
      throw new MedcodeException.BadInput(file, 0, "file not found" + MedcodeException.readFromHere());
    }
    try (BufferedReader reader = Files.newBufferedReader(file)) {
      CsvSyntax.pastByteOrderMark(reader);
      if (parser == Parser.FAST) {
        FastCsv csv = new FastCsv(reader);
        List<String> names = csv.header();
        Rows row = rows.apply(columns(file, names, required, optional));
        for (String[] record = csv.next(); record != null; record = csv.next()) {
          long line = csv.firstLine(); // the line the record starts on, where a reader opens the file
          if (record.length != names.size()) {
            throw fieldCount(file, line, names, record.length);
          }
          row.accept(record, line);
        }
        return;
      }
      try (CSVParser csv = FORMAT.parse(reader)) {
        checkHeader(file, csv.getHeaderNames(), required, optional);
        int columns = csv.getHeaderNames().size();
        Rows row = rows.apply(csv.getHeaderMap());
        for (CSVRecord record : csv) {
          long line = CsvSyntax.firstLine(csv.getCurrentLineNumber(), record.values());
          if (record.size() != columns) {
            throw new MedcodeException.BadInput(file, line, "expected " + columns + " fields "
                + csv.getHeaderNames() + ", found " + record.size());
          }
          row.accept(record.values(), line);
        }
      }
    } catch (CharacterCodingException e) {
      throw Utf8.error(file, e);
    } catch (UncheckedIOException e) {
      throw CsvSyntax.error(file, 0, e);
    } catch (IOException e) {
      throw CsvSyntax.error(file, 1, e); // from the header row: Commons CSV names the line when it can
    } catch (IllegalArgumentException | IllegalStateException e) {
      // Commons CSV's header checks (a blank or repeated name): about line 1
      throw new MedcodeException.BadInput(file, 1, "expected CSV (RFC 4180) with a header row: " + e.getMessage(), e);
    }
  }

  /** The header's column indexes by name, once its names are checked. */
  private static Map<String, Integer> columns(Path file, List<String> names, List<String> required,
      List<String> optional) {
    checkHeader(file, names, required, optional);
    Map<String, Integer> header = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      header.put(names.get(i), i);
    }
    return header;
  }

  private static MedcodeException.BadInput fieldCount(Path file, long line, List<String> names, int found) {
    return new MedcodeException.BadInput(file, line, "expected " + names.size() + " fields " + names + ", found " + found);
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
          + (unknown.isEmpty() ? "" : "; unknown " + unknown) + CsvSyntax.semicolons(header));
    }
  }

  private static String required(String[] record, int index, String column, Path file, long line) {
    String value = record[index].trim();
    if (value.isEmpty()) {
      throw new MedcodeException.BadInput(file, line, "expected a value in column '" + column + "'");
    }
    return value;
  }

  /** An id by the one rule of {@link Ids}: trimmed; with a control character, an error naming file and line. */
  private static String id(String raw, String column, Path file, long line) {
    String id = Ids.clean(raw);
    String problem = Ids.problem(id);
    if (problem != null) {
      throw new MedcodeException.BadInput(file, line, column + ": " + problem);
    }
    return id;
  }

  private static String optional(String[] record, int index) {
    return index < 0 ? "" : record[index].trim();
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
    throw new MedcodeException.BadInput(file, line, "expected sequence to be a positive integer or empty, got " + Ids.show(value));
  }

  private static boolean primary(String value, Path file, long line) {
    return flag(value, "primary", file, line);
  }

  private static boolean flag(String value, String column, Path file, long line) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "", "false", "0" -> false;
      case "true", "1" -> true;
      default -> throw new MedcodeException.BadInput(file, line,
          "expected " + column + " to be true, false, 1, 0 or empty, got " + Ids.show(value));
    };
  }
}
