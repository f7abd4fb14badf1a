package org.medcode.prediction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.medcode.MedcodeException;
import org.medcode.codesystem.CanonicalCodes;

/** Reads a predictions file (TSV, CSV or JSONL) into a {@link PredictionSet}; codes are normalised, never truncated. */
public final class PredictionReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_EXAMPLES = 5;

  private PredictionReader() {}

  public static PredictionSet read(Path file) {
    return read(file, PredictionFormat.of(file));
  }

  public static PredictionSet read(Path file, PredictionFormat format) {
    Builder builder = new Builder();
    try {
      switch (format) {
        case TSV -> readTsv(file, builder);
        case CSV -> readCsv(file, builder);
        case JSONL -> readJsonl(file, builder);
        default -> throw new IllegalStateException(format.name());
      }
    } catch (NoSuchFileException e) {
      throw new MedcodeException("predictions file not found: " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return builder.build(file.toString(), format);
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
        if (line.isBlank()) {
          continue;
        }
        int tab = line.indexOf('\t');
        int tab2 = tab < 0 ? -1 : line.indexOf('\t', tab + 1);
        if (tab < 0 || tab2 >= 0 && line.indexOf('\t', tab2 + 1) >= 0) {
          throw new MedcodeException.BadInput(file, number,
              "expected 'admission<TAB>code' or 'admission<TAB>code<TAB>score', found " + fields(line) + " field(s)");
        }
        Double score = tab2 >= 0 ? builder.score(line.substring(tab2 + 1), file, number) : null;
        String code = line.substring(tab + 1, tab2 >= 0 ? tab2 : line.length());
        builder.add(file, number, line.substring(0, tab), code, score);
      }
    }
  }

  /** The number of tab-separated fields of a line (as {@code line.split("\t", -1).length}). */
  private static int fields(String line) {
    int count = 1;
    for (int i = line.indexOf('\t'); i >= 0; i = line.indexOf('\t', i + 1)) {
      count++;
    }
    return count;
  }

  private static void readCsv(Path file, Builder builder) throws IOException {
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true)
        .get();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
         CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
      Map<String, Integer> header = new LinkedHashMap<>();
      parser.getHeaderMap().forEach((name, index) -> header.put(name.replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT), index));
      Integer idColumn = header.containsKey("admission_id") ? header.get("admission_id") : header.get("id");
      Integer codeColumn = header.get("code");
      if (idColumn == null || codeColumn == null) {
        throw new MedcodeException.BadInput(file, 1, "expected a header with columns admission_id,code[,score][,rank], found "
            + parser.getHeaderNames());
      }
      Integer scoreColumn = header.get("score");
      Integer rankColumn = header.get("rank");
      List<Row> rows = new ArrayList<>();
      for (CSVRecord record : parser) {
        long line = parser.getCurrentLineNumber();
        if (record.size() <= Math.max(idColumn, codeColumn)) {
          throw new MedcodeException.BadInput(file, line, "expected at least " + (Math.max(idColumn, codeColumn) + 1)
              + " columns, found " + record.size());
        }
        Double score = scoreColumn != null && scoreColumn < record.size() && !record.get(scoreColumn).isBlank()
            ? builder.score(record.get(scoreColumn), file, line) : null;
        long rank = rows.size();
        if (rankColumn != null) {
          if (rankColumn >= record.size() || record.get(rankColumn).isBlank()) {
            throw new MedcodeException.BadInput(file, line, "expected a rank (the file has a rank column), found none");
          }
          rank = parseRank(record.get(rankColumn), file, line);
        }
        rows.add(new Row(line, record.get(idColumn), record.get(codeColumn), score, rank));
      }
      if (rankColumn != null) {
        rows.sort(java.util.Comparator.comparingLong(Row::rank)); // stable: equal ranks keep file order
      }
      for (Row row : rows) {
        builder.add(file, row.line, row.id, row.code, row.score);
      }
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
          throw new MedcodeException.BadInput(file, number, "expected one JSON object per line: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
          throw new MedcodeException.BadInput(file, number, "expected a JSON object, found " + node.getNodeType());
        }
        JsonNode id = node.has("admission_id") ? node.get("admission_id") : node.get("id");
        if (id == null || !id.isValueNode() || id.asText().isBlank()) {
          throw new MedcodeException.BadInput(file, number, "expected an \"admission_id\" (or \"id\") field");
        }
        JsonNode codes = node.get("codes");
        if (codes == null || !codes.isArray()) {
          throw new MedcodeException.BadInput(file, number, "expected a \"codes\" array");
        }
        Long earlier = firstLine.putIfAbsent(id.asText().trim(), number);
        if (earlier != null) {
          throw new MedcodeException.BadInput(file, number, "admission " + id.asText() + " already has a line (line " + earlier
              + "); give each admission one line with all its codes");
        }
        builder.touch(id.asText());
        for (JsonNode code : codes) {
          if (code.isTextual()) {
            builder.add(file, number, id.asText(), code.asText(), null);
          } else if (code.isObject() && code.has("code") && code.get("code").isTextual()) {
            JsonNode score = code.get("score");
            if (score != null && !score.isNull() && !score.isNumber()) {
              throw new MedcodeException.BadInput(file, number, "expected a number for \"score\" of " + code.get("code").asText());
            }
            builder.add(file, number, id.asText(), code.get("code").asText(),
                score == null || score.isNull() ? null : builder.score(score.asDouble()));
          } else {
            throw new MedcodeException.BadInput(file, number,
                "expected each entry of \"codes\" to be a string or an object with a \"code\" string, found " + code);
          }
        }
      }
    }
  }

  private static Double parseScore(String text, Path file, long line) {
    try {
      double value = Double.parseDouble(text.trim());
      if (Double.isNaN(value)) {
        throw new NumberFormatException("NaN");
      }
      return value;
    } catch (NumberFormatException e) {
      throw new MedcodeException.BadInput(file, line, "expected a numeric score, found '" + text + "'");
    }
  }

  private static long parseRank(String text, Path file, long line) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new MedcodeException.BadInput(file, line, "expected an integer rank, found '" + text + "'");
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
    private final List<String> duplicateExamples = new ArrayList<>();
    private AdmissionRows last;
    private long rows;
    private long duplicates;

    AdmissionRows touch(String admission) {
      String id = admission.trim();
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

    void add(Path file, long line, String admission, String raw, Double score) {
      String id = admission.trim();
      if (id.isEmpty()) {
        throw new MedcodeException.BadInput(file, line, "expected an admission id, found an empty field");
      }
      CanonicalCodes.Code spelled = canonical.of(raw);
      String code = spelled.code();
      if (code.isEmpty()) {
        throw new MedcodeException.BadInput(file, line, "expected a code for admission " + id + ", found an empty field");
      }
      rows++;
      AdmissionRows codes = touch(id);
      int position = codes.indexOf(code);
      if (position >= 0) {
        // A repeated code keeps its best rank: the first position, with the highest score given to it.
        duplicates++;
        PredictedCode kept = codes.list.get(position);
        if (score != null && (kept.score() == null || score > kept.score())) {
          codes.list.set(position, new PredictedCode(code, kept.raw(), score));
        }
        if (duplicateExamples.size() < MAX_EXAMPLES) {
          duplicateExamples.add(id + " " + spelled.raw() + " (line " + line + ")");
        }
        return;
      }
      codes.add(new PredictedCode(code, spelled.raw(), score));
    }

    PredictionSet build(String source, PredictionFormat format) {
      Map<String, Prediction> byAdmission = new LinkedHashMap<>();
      admissions.forEach((id, codes) -> byAdmission.put(id, new Prediction(id, codes.list)));
      return new PredictionSet(source, format, byAdmission, rows, duplicates, duplicateExamples);
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

    int indexOf(String code) {
      if (index != null) {
        Integer at = index.get(code);
        return at == null ? -1 : at;
      }
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i).code().equals(code)) {
          return i;
        }
      }
      return -1;
    }

    void add(PredictedCode code) {
      list.add(code);
      if (index != null) {
        index.put(code.code(), list.size() - 1);
      } else if (list.size() > SCAN) {
        index = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
          index.put(list.get(i).code(), i);
        }
      }
    }
  }
}
