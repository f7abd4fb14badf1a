package org.medcode.prediction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

/**
 * Reads a predictions file (TSV, CSV or JSONL) into a {@link PredictionSet}; codes are normalised, never truncated.
 * Admission ids follow the datasets' rule ({@link Ids}: trimmed, no control characters). Nothing is guessed: a CSV
 * header naming a column twice or a column it does not know, and a JSONL field it does not know, are errors naming file
 * and line, as are text that is not UTF-8 (with the byte offset) and CSV that does not parse (an unterminated quote).
 * A UTF-8 byte order mark at the start is skipped in every format.
 */
public final class PredictionReader {
  /** As the JSONL dataset loader: a repeated field or a second value on a line is an error, never silently dropped. */
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final int MAX_EXAMPLES = 5;

  private PredictionReader() {}

  public static PredictionSet read(Path file) {
    return read(file, PredictionFormat.of(file));
  }

  public static PredictionSet read(Path file, PredictionFormat format) {
    return read(file, format, true);
  }

  /** As {@link #read(Path, PredictionFormat)}; without {@code bytes} a TSV or CSV is read as text only (for tests). */
  static PredictionSet read(Path file, PredictionFormat format, boolean bytes) {
    ByteReader byteReader = !bytes ? null : switch (format) {
      case TSV -> PredictionReader::readTsvBytes;
      case CSV -> PredictionReader::readCsvBytes;
      default -> null;
    };
    Builder builder = byteReader == null ? null : fromBytes(file, byteReader);
    if (builder != null) {
      return builder.build(file.toString(), format, unterminated(file));
    }
    builder = new Builder();
    try {
      switch (format) {
        case TSV -> readTsv(file, builder);
        case CSV -> readCsv(file, builder);
        case JSONL -> readJsonl(file, builder);
        default -> throw new IllegalStateException(format.name());
      }
    } catch (NoSuchFileException e) {
      throw new MedcodeException("predictions file not found: " + file);
    } catch (CharacterCodingException e) {
      throw Utf8.error(file, e);
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof CharacterCodingException coding) {
        throw Utf8.error(file, coding);
      }
      throw new UncheckedIOException("cannot read " + file + ": " + e.getCause().getMessage(), e.getCause());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return builder.build(file.toString(), format, unterminated(file));
  }

  /** Longest blank tail looked at before taking the last line for one with text. */
  private static final int TAIL = 4096;

  /**
   * Whether the file's last line holds text and has no line break (its last row was read from it): a file cut
   * mid-write ends so. False for a file that is not a regular one (a pipe is read once) or cannot be looked at.
   */
  private static boolean unterminated(Path file) {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try (java.nio.channels.SeekableByteChannel channel = Files.newByteChannel(file)) {
      long size = channel.size();
      int n = (int) Math.min(size, TAIL);
      java.nio.ByteBuffer tail = java.nio.ByteBuffer.allocate(n);
      channel.position(size - n);
      while (tail.hasRemaining() && channel.read(tail) >= 0) {
        // read the whole tail
      }
      byte[] b = tail.array();
      for (int i = tail.position() - 1; i >= 0; i--) {
        if (b[i] == '\n' || b[i] == '\r') {
          return false;
        }
        if (b[i] != ' ' && b[i] != '\t') {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  /** A byte reader: false when the file holds something only the text reader takes. */
  private interface ByteReader {
    boolean read(Path file, Builder builder) throws IOException;
  }

  /**
   * The rows a byte reader read, or null when the file is left to the text reader, which then reads it from the start:
   * a file that is not a regular one (a pipe cannot be read twice), one the byte reader does not take, an I/O failure,
   * or any error in the file — the text reader reports it exactly as it always has (it may meet another first, such as
   * bytes that are not UTF-8 a few lines further on, which it decodes ahead).
   */
  private static Builder fromBytes(Path file, ByteReader reader) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    Builder builder = new Builder();
    try {
      return reader.read(file, builder) ? builder : null;
    } catch (MedcodeException | IOException | UncheckedIOException e) {
      return null;
    }
  }

  private static void readTsv(Path file, Builder builder) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      long number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (number == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        if (!line.isBlank()) {
          tsvLine(file, number, line, builder);
        }
      }
    }
  }

  private static void tsvLine(Path file, long number, String line, Builder builder) {
    int tab = line.indexOf('\t');
    int tab2 = tab < 0 ? -1 : line.indexOf('\t', tab + 1);
    if (tab < 0 || tab2 >= 0 && line.indexOf('\t', tab2 + 1) >= 0) {
      throw new MedcodeException.BadInput(file, number,
          "expected 'admission<TAB>code' or 'admission<TAB>code<TAB>score', found " + Plural.of(fields(line), "field"));
    }
    String code = line.substring(tab + 1, tab2 >= 0 ? tab2 : line.length());
    refuseHeader(file, number, line.substring(0, tab), code);
    Double score = tab2 >= 0 ? builder.score(line.substring(tab2 + 1), file, number) : null;
    builder.add(file, number, line.substring(0, tab), code, score);
  }

  /**
   * Refuses a first line that is a header ({@code admission_id<TAB>code[<TAB>score]}): a predictions TSV has none, and
   * it would be read as the code "code" of an admission "admission_id" (a warning about an unknown admission, and one
   * code too many in the counts).
   */
  private static void refuseHeader(Path file, long number, String id, String code) {
    if (number == 1 && code.strip().equalsIgnoreCase("code")
        && List.of("admission_id", "id", "admission").contains(id.strip().toLowerCase(Locale.ROOT))) {
      throw new MedcodeException.BadInput(file, number, "'" + id.strip() + "<TAB>" + code.strip() + "' is a header, and a"
          + " predictions TSV has none (admission<TAB>code[<TAB>score] from the first line): remove the line, or save the"
          + " file as CSV (.csv) with the header admission_id,code[,score]");
    }
  }

  /**
   * Reads an ASCII TSV from its bytes ({@link TsvBytes}): codes and scores are found by their bytes, the previous row's
   * admission is recognised without a string; false when the file holds a byte only {@link #readTsv} takes (an error
   * in a line is left to it too: {@link #fromBytes}).
   */
  private static boolean readTsvBytes(Path file, Builder builder) throws IOException {
    return TsvBytes.read(file, new TsvBytes.Lines() {
      @Override
      public void fields(long number, byte[] b, int idStart, int idEnd, int codeStart, int codeEnd, int scoreStart,
          int scoreEnd) {
        if (number == 1) {
          refuseHeader(file, number, new String(b, idStart, idEnd - idStart, StandardCharsets.ISO_8859_1),
              new String(b, codeStart, codeEnd - codeStart, StandardCharsets.ISO_8859_1));
        }
        Double score = scoreStart >= 0 ? builder.score(b, scoreStart, scoreEnd, file, number) : null;
        CanonicalCodes.Code code = builder.code(b, codeStart, codeEnd);
        builder.add(file, number, builder.admission(b, idStart, idEnd), code, score);
      }

      @Override
      public void other(long number, String line) {
        tsvLine(file, number, line, builder);
      }
    });
  }

  /** The number of tab-separated fields of a line (as {@code line.split("\t", -1).length}). */
  private static int fields(String line) {
    int count = 1;
    for (int i = line.indexOf('\t'); i >= 0; i = line.indexOf('\t', i + 1)) {
      count++;
    }
    return count;
  }

  /** The columns a predictions CSV may have: the admission (as admission_id or id), the code, a score and a rank. */
  private static final List<String> CSV_COLUMNS = List.of("admission_id", "id", "code", "score", "rank");

  private static void readCsv(Path file, Builder builder) throws IOException {
    CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true).get();
    try (BufferedReader reader = CsvSyntax.pastByteOrderMark(Files.newBufferedReader(file, StandardCharsets.UTF_8));
         CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
      java.util.Iterator<CSVRecord> records = parser.iterator();
      if (!hasNext(records, parser, file)) {
        return; // an empty file, as in the other formats: empty predictions (the console summary warns)
      }
      CsvColumns columns = CsvColumns.of(records.next().toList(), file);
      Integer scoreColumn = columns.score();
      Integer rankColumn = columns.rank();
      List<Row> rows = new ArrayList<>();
      while (hasNext(records, parser, file)) {
        CSVRecord record = records.next();
        long line = CsvSyntax.firstLine(parser.getCurrentLineNumber(), record.values());
        columns.check(record.size(), file, line);
        Double score = scoreColumn != null && scoreColumn < record.size() && !record.get(scoreColumn).isBlank()
            ? builder.score(record.get(scoreColumn), file, line) : null;
        long rank = rows.size();
        if (rankColumn != null) {
          if (rankColumn >= record.size() || record.get(rankColumn).isBlank()) {
            throw new MedcodeException.BadInput(file, line, "expected a rank (the file has a rank column), found none");
          }
          rank = parseRank(record.get(rankColumn), file, line);
        }
        rows.add(new Row(line, record.get(columns.id()), record.get(columns.code()), score, rank));
      }
      if (rankColumn != null) {
        rows.sort(java.util.Comparator.comparingLong(Row::rank)); // stable: equal ranks keep file order
      }
      for (Row row : rows) {
        builder.add(file, row.line, row.id, row.code, row.score);
      }
    }
  }

  /**
   * Reads a plain predictions CSV from its bytes ({@link CsvBytes}) as {@link #readCsv} reads it; false for a file with
   * a byte order mark (Commons CSV keeps it in the first field), a rank column (its rows are reordered) or anything
   * {@code CsvBytes} or this method does not take (a field with white space around it, which Commons CSV would trim).
   * An error in a row is left to {@link #readCsv} ({@link #fromBytes}), which checks every row's columns and score
   * before any row's admission and code.
   */
  private static boolean readCsvBytes(Path file, Builder builder) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      CsvBytes csv = new CsvBytes(in);
      if (csv.byteOrderMark()) {
        return false;
      }
      if (!csv.next()) {
        return true; // an empty file
      }
      if (!plain(csv)) {
        return false;
      }
      CsvColumns columns = CsvColumns.of(List.of(csv.strings()), file);
      if (columns.rank() != null) {
        return false;
      }
      Integer scoreColumn = columns.score();
      while (csv.next()) {
        if (!plain(csv)) {
          return false;
        }
        long line = csv.line();
        columns.check(csv.size(), file, line);
        Double score = scoreColumn != null && scoreColumn < csv.size() && !csv.empty(scoreColumn)
            ? builder.score(csv, scoreColumn, file, line) : null;
        builder.add(file, line, builder.admission(csv, columns.id()), builder.code(csv, columns.code()), score);
      }
      return true;
    } catch (CsvBytes.GiveUp e) {
      return false;
    }
  }

  /** Whether every field of the record is empty or has no white space or control character at either end. */
  private static boolean plain(CsvBytes csv) {
    for (int i = 0; i < csv.size(); i++) {
      if (!csv.empty(i) && !csv.trimmed(i)) {
        return false;
      }
    }
    return true;
  }

  /** The columns of a predictions CSV, from its header row (errors name line 1). */
  private record CsvColumns(int id, int code, Integer score, Integer rank, int size) {
    static CsvColumns of(List<String> head, Path file) {
      Map<String, Integer> header = new LinkedHashMap<>();
      for (int i = 0; i < head.size(); i++) {
        String name = head.get(i).replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT);
        if (header.putIfAbsent(name, i) != null) {
          throw new MedcodeException.BadInput(file, 1, "column '" + name + "' appears twice in the header; give each"
              + " column once (admission_id,code[,score][,rank])");
        }
      }
      Integer idColumn = header.containsKey("admission_id") ? header.get("admission_id") : header.get("id");
      Integer codeColumn = header.get("code");
      if (idColumn == null || codeColumn == null) {
        throw new MedcodeException.BadInput(file, 1, "expected a header with columns admission_id,code[,score][,rank], "
            + "found " + head + CsvSyntax.semicolons(head));
      }
      for (String name : header.keySet()) {
        if (!CSV_COLUMNS.contains(name)) {
          throw new MedcodeException.BadInput(file, 1, "unknown column '" + name + "' in the header; a predictions CSV has"
              + " the columns admission_id (or id), code, and optionally score and rank");
        }
      }
      if (header.containsKey("admission_id") && header.containsKey("id")) {
        throw new MedcodeException.BadInput(file, 1, "the header has both admission_id and id; keep one of them");
      }
      return new CsvColumns(idColumn, codeColumn, header.get("score"), header.get("rank"), header.size());
    }

    /** A row of {@code fields} fields has the admission and the code, and no more fields than the header. */
    void check(int fields, Path file, long line) {
      if (fields <= Math.max(id, code)) {
        throw new MedcodeException.BadInput(file, line, "expected at least " + (Math.max(id, code) + 1)
            + " columns, found " + fields);
      }
      if (fields > size) {
        throw new MedcodeException.BadInput(file, line, "expected at most " + size + " columns (the header's),"
            + " found " + fields);
      }
    }
  }

  /** The next CSV record, or an error naming the file and line when the text does not parse (e.g. an unterminated quote). */
  private static boolean hasNext(java.util.Iterator<CSVRecord> records, CSVParser parser, Path file) {
    try {
      return records.hasNext();
    } catch (UncheckedIOException e) {
      throw CsvSyntax.error(file, parser.getCurrentLineNumber(), e);
    }
  }

  private record Row(long line, String id, String code, Double score, long rank) {}

  private static void readJsonl(Path file, Builder builder) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      long number = 0;
      Map<String, Long> firstLine = new HashMap<>();
      while ((line = reader.readLine()) != null) {
        number++;
        if (number == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new MedcodeException.BadInput(file, number, "expected one JSON object per line: " + org.medcode.JsonErrors.describe(e));
        }
        if (!node.isObject()) {
          throw new MedcodeException.BadInput(file, number, "expected a JSON object, found " + node.getNodeType());
        }
        unknownFields(node, LINE_FIELDS, file, number, "a predictions line");
        if (node.has("admission_id") && node.has("id")) {
          throw new MedcodeException.BadInput(file, number, "the line has both \"admission_id\" and \"id\"; keep one");
        }
        JsonNode id = node.has("admission_id") ? node.get("admission_id") : node.get("id");
        if (id == null || !id.isValueNode() || id.asText().isBlank()) {
          throw new MedcodeException.BadInput(file, number, "expected an \"admission_id\" (or \"id\") field");
        }
        if (!id.isTextual() && !id.isIntegralNumber()) {
          // a decimal is read back in another spelling (1.50 as 1.5, 1E19 as 1.0E19), true and null as words: none of
          // them names the admission as the file wrote it
          throw new MedcodeException.BadInput(file, number, "expected the admission id to be a string (or a whole"
              + " number), found " + (id.isNumber() ? "the decimal number " + id + " (as JSON reads it)"
                  : id.getNodeType().toString().toLowerCase(Locale.ROOT) + " " + id)
              + ": write the id in quotes, spelt as in the dataset, e.g. {\"admission_id\": \"1.50\", ...}");
        }
        JsonNode codes = node.get("codes");
        if (codes == null || !codes.isArray()) {
          throw new MedcodeException.BadInput(file, number, "expected a \"codes\" array");
        }
        String admission = builder.id(id.asText(), file, number);
        Long earlier = firstLine.put(admission, number);
        // a run's log codes a failed admission again on a later line (--retry-failed): the later line is its answer
        if (earlier != null && builder.failed.remove(admission) == null) {
          throw new MedcodeException.BadInput(file, number, "admission " + Ids.cut(admission) + " already has a line (line "
              + earlier + "); give each admission one line with all its codes");
        }
        JsonNode status = node.get("status");
        if (status != null && !(status.isTextual() && (status.asText().equals("ok") || status.asText().equals("failed")))) {
          throw new MedcodeException.BadInput(file, number, "expected \"status\" to be \"ok\" or \"failed\" (as a run's"
              + " log writes it), found " + Ids.show(status.toString()));
        }
        if (status != null && status.asText().equals("failed")) {
          if (!codes.isEmpty()) {
            throw new MedcodeException.BadInput(file, number, "a failed line (\"status\": \"failed\") has no codes; found "
                + codes.size());
          }
          JsonNode kind = node.path("failure").path("kind");
          builder.failed.put(admission, kind.isTextual() && !kind.asText().isBlank() ? kind.asText() : "unknown");
        }
        builder.touch(admission);
        for (JsonNode code : codes) {
          if (code.isTextual()) {
            builder.add(file, number, admission, code.asText(), null);
          } else if (code.isObject() && code.has("code") && code.get("code").isTextual()) {
            unknownFields(code, CODE_FIELDS, file, number, "the code " + Ids.show(code.get("code").asText()));
            JsonNode score = code.get("score");
            if (score != null && !score.isNull() && !score.isNumber()) {
              throw new MedcodeException.BadInput(file, number, "expected a number for \"score\" of "
                  + Ids.show(code.get("code").asText()));
            }
            if (score != null && score.isNumber() && !Double.isFinite(score.asDouble())) {
              throw new MedcodeException.BadInput(file, number, "expected a finite \"score\" for "
                  + Ids.show(code.get("code").asText()) + ", found " + score + " (beyond the range of a double)");
            }
            builder.add(file, number, admission, code.get("code").asText(),
                score == null || score.isNull() ? null : builder.score(score.asDouble()));
          } else {
            throw new MedcodeException.BadInput(file, number,
                "expected each entry of \"codes\" to be a string or an object with a \"code\" string, found "
                + Ids.show(code.toString()));
          }
        }
      }
    }
  }

  /**
   * The fields of a predictions JSONL line: the admission, its codes, and what a run's own {@code predictions.jsonl}
   * adds (so a run's log can be read back); of a code object: what a run writes.
   */
  private static final java.util.Set<String> LINE_FIELDS = java.util.Set.of("admission_id", "id", "codes", "status",
      "failure", "usage", "annotations", "millis");
  private static final java.util.Set<String> CODE_FIELDS = java.util.Set.of("code", "score", "evidence", "rationale");

  private static void unknownFields(JsonNode node, java.util.Set<String> known, Path file, long line, String where) {
    List<String> unknown = new ArrayList<>();
    node.fieldNames().forEachRemaining(name -> {
      if (!known.contains(name)) {
        unknown.add(Ids.show(name));
      }
    });
    if (!unknown.isEmpty()) {
      throw new MedcodeException.BadInput(file, line, "unknown " + Plural.noun(unknown.size(), "field") + " "
          + String.join(", ", unknown) + " in " + where + "; expected only " + known.stream().sorted().toList());
    }
  }

  /** A finite decimal score; anything else (NaN, Infinity, 1e400, hexadecimal, 1.0d) names the file and line. */
  private static Double parseScore(String text, Path file, long line) {
    String trimmed = text.trim();
    if (!isPlainDecimal(trimmed)) {
      throw new MedcodeException.BadInput(file, line, "expected a numeric score, found '" + text
          + "' (a decimal such as 0.87 or 8.7e-1)");
    }
    double value = Double.parseDouble(trimmed);
    if (!Double.isFinite(value)) {
      throw new MedcodeException.BadInput(file, line, "expected a finite score, found '" + text + "' (beyond the range of"
          + " a double)");
    }
    return value;
  }

  /**
   * Whether {@code s} is a plain decimal, {@code [+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?}: digits, an optional
   * fraction and exponent (no hexadecimal, no d/f suffix, no words). Scanned by hand: it runs once per predicted row.
   */
  static boolean isPlainDecimal(String s) {
    int n = s.length();
    int i = 0;
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int start = i;
    i = digits(s, i);
    boolean whole = i > start;
    if (i < n && s.charAt(i) == '.') {
      int fraction = ++i;
      i = digits(s, i);
      if (!whole && i == fraction) {
        return false;
      }
    } else if (!whole) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int exponent = i;
      i = digits(s, i);
      if (i == exponent) {
        return false;
      }
    }
    return i == n;
  }

  private static int digits(String s, int i) {
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i;
  }

  private static long parseRank(String text, Path file, long line) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new MedcodeException.BadInput(file, line, "expected an integer rank, found " + Ids.show(text));
    }
  }

  /**
   * Accumulates rows; keeps the first occurrence of each (admission, code). Code spellings are normalised once and
   * equal codes share one string ({@link CanonicalCodes}); equal score texts (JSONL: values) share one {@code Double};
   * the admission of the previous row is found without a lookup, as a file usually lists an admission's rows together.
   */
  private static final class Builder {
    /** At most this many distinct score texts (and as many values) are remembered. */
    private static final int SCORES = 1 << 16;
    private final Map<String, AdmissionRows> admissions = new LinkedHashMap<>();
    private final CanonicalCodes canonical = new CanonicalCodes();
    private final Map<String, Double> scores = new HashMap<>();
    private final Map<Double, Double> values = new HashMap<>();
    private final PackedKeys.Table<Double> scoreBytes = new PackedKeys.Table<>();
    private final PackedKeys.Table<CanonicalCodes.Code> codeBytes = new PackedKeys.Table<>();
    private final List<String> duplicateExamples = new ArrayList<>();
    private AdmissionRows last;
    private long rows;
    private long duplicates;
    /** The row read last. */
    private PredictionSet.LastLine lastRow;
    /** The admissions whose line says they failed (JSONL of a run's log), with the failure's kind. */
    final Map<String, String> failed = new LinkedHashMap<>();

    /** An admission id as read, by the datasets' rule ({@link Ids}); a control character in it is an error. */
    String id(String raw, Path file, long line) {
      String id = Ids.clean(raw);
      if (id.isEmpty()) {
        throw new MedcodeException.BadInput(file, line, "expected an admission id, found an empty field");
      }
      String problem = Ids.problem(id);
      if (problem != null) {
        throw new MedcodeException.BadInput(file, line, problem);
      }
      return id;
    }

    AdmissionRows touch(String id) {
      if (last == null || !last.id.equals(id)) {
        last = admissions.computeIfAbsent(id, AdmissionRows::new);
      }
      return last;
    }

    Double score(String text, Path file, long line) {
      Double score = scores.get(text);
      if (score == null) {
        score = parseScore(text, file, line);
        if (scores.size() < SCORES) {
          scores.put(text, score);
        }
      }
      return score;
    }

    /** A score read as a number (JSONL): equal values (bit for bit) share one {@code Double}. */
    Double score(double value) {
      Double score = values.get(value);
      if (score == null) {
        score = value;
        if (values.size() < SCORES) {
          values.put(score, score);
        }
      }
      return score;
    }

    /** A score given as bytes of an ASCII line: as {@link #score(String, Path, long)}. */
    Double score(byte[] b, int start, int end, Path file, long line) {
      return scoreBytes.get(b, start, end, SCORES, text -> score(text, file, line));
    }

    /** A code given as bytes of an ASCII line: as {@link CanonicalCodes#of}. */
    CanonicalCodes.Code code(byte[] b, int start, int end) {
      return codeBytes.get(b, start, end, CanonicalCodes.LIMIT, canonical::of);
    }

    /** A score that is field {@code field} of a CSV row read as bytes: as {@link #score(String, Path, long)}. */
    Double score(CsvBytes row, int field, Path file, long line) {
      return row.lookup(field, scoreBytes, SCORES, text -> score(text, file, line));
    }

    /** A code that is field {@code field} of a CSV row read as bytes: as {@link CanonicalCodes#of}. */
    CanonicalCodes.Code code(CsvBytes row, int field) {
      return row.lookup(field, codeBytes, CanonicalCodes.LIMIT, canonical::of);
    }

    /** An admission id that is field {@code field} of a CSV row read as bytes: the previous row's when it is its text. */
    String admission(CsvBytes row, int field) {
      return last != null && row.is(field, last.id) ? last.id : row.text(field);
    }

    /** An admission id given as bytes of an ASCII line: the previous row's id string when the bytes are its text. */
    String admission(byte[] b, int start, int end) {
      return last != null && PackedKeys.sameText(b, start, end, last.id) ? last.id
          : new String(b, start, end - start, StandardCharsets.ISO_8859_1);
    }

    void add(Path file, long line, String admission, String raw, Double score) {
      CanonicalCodes.Code code;
      try {
        code = canonical.of(raw);
      } catch (CanonicalCodes.NotACode e) {
        throw e.at(file, line, Ids.clean(admission));
      }
      add(file, line, admission, code, score);
    }

    void add(Path file, long line, String admission, CanonicalCodes.Code spelled, Double score) {
      String id = last != null && last.id.equals(admission) ? admission : id(admission, file, line);
      String code = spelled.code();
      if (code.isEmpty()) {
        throw new MedcodeException.BadInput(file, line, "expected a code for admission " + Ids.show(id)
            + ", found an empty field");
      }
      rows++;
      lastRow = new PredictionSet.LastLine(line, id, code, spelled.raw());
      AdmissionRows codes = touch(id);
      int position = codes.indexOf(code, spelled.raw());
      if (position >= 0) {
        // A repeated code keeps its best rank: the first position, with the highest score given to it. A spelling with
        // its dot elsewhere is no repeat (E1.19 beside E11.9): the evaluation may score it as another, malformed code.
        duplicates++;
        PredictedCode kept = codes.list.get(position);
        if (score != null && (kept.score() == null || score > kept.score())) {
          codes.list.set(position, new PredictedCode(code, kept.raw(), score));
        }
        if (duplicateExamples.size() < MAX_EXAMPLES) {
          duplicateExamples.add(Ids.cut(id) + " " + spelled.raw() + " (line " + line + ")");
        }
        return;
      }
      codes.add(new PredictedCode(code, spelled.raw(), score));
    }

    /** The set read; {@code unterminated}: the file's last line has text and no line break (its last row is from it). */
    PredictionSet build(String source, PredictionFormat format, boolean unterminated) {
      Map<String, Prediction> byAdmission = new LinkedHashMap<>();
      admissions.forEach((id, codes) -> byAdmission.put(id, new Prediction(id, codes.list)));
      return new PredictionSet(source, format, byAdmission, rows, duplicates, duplicateExamples,
          unterminated ? lastRow : null, failed);
    }
  }

  /** The codes of one admission in rank order; searched in place while short, through an index once long. */
  private static final class AdmissionRows {
    private static final int SCAN = 32;
    final String id;
    final List<PredictedCode> list = new ArrayList<>();
    private Map<String, Integer> index;

    AdmissionRows(String id) {
      this.id = id;
    }

    /** Where the code spelled {@code raw} already is (the same canonical code with its dots at the same places), or -1. */
    int indexOf(String code, String raw) {
      if (index != null) {
        Integer at = index.get(key(code, raw));
        return at == null ? -1 : at;
      }
      for (int i = 0; i < list.size(); i++) { // no key made per row: most codes of an admission differ
        PredictedCode given = list.get(i);
        if (given.code().equals(code) && (given.raw().equals(raw) || key(given.code(), given.raw()).equals(key(code,
            raw)))) {
          return i;
        }
      }
      return -1;
    }

    void add(PredictedCode code) {
      list.add(code);
      if (index != null) {
        index.put(key(code.code(), code.raw()), list.size() - 1);
      } else if (list.size() > SCAN) {
        index = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
          index.put(key(list.get(i).code(), list.get(i).raw()), i);
        }
      }
    }

    /**
     * The canonical code and the places of the dots in its spelling (after how many of its characters), as
     * {@link org.medcode.codesystem.CodeSystem#written} reads them: E11.9 and e11.9 are one key, E119 and E1.19 others.
     */
    private static String key(String code, String raw) {
      if (raw.indexOf('.') < 0) {
        return code;
      }
      StringBuilder key = new StringBuilder(code);
      int before = 0;
      for (int i = 0; i < raw.length(); i++) {
        char c = raw.charAt(i);
        if (c == '.') {
          key.append('.').append(before);
        } else if (!Character.isWhitespace(c) && c != '\u00a0') {
          before++;
        }
      }
      return key.toString();
    }
  }
}
