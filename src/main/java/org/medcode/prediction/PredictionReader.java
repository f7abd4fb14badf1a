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
import org.medcode.codesystem.CodeSystem;

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
        String[] fields = line.split("\t", -1);
        if (fields.length < 2 || fields.length > 3) {
          throw new MedcodeException.BadInput(file, number,
              "expected 'admission<TAB>code' or 'admission<TAB>code<TAB>score', found " + fields.length + " field(s)");
        }
        Double score = fields.length == 3 ? parseScore(fields[2], file, number) : null;
        builder.add(file, number, fields[0], fields[1], score);
      }
    }
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
            ? parseScore(record.get(scoreColumn), file, line) : null;
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
                score == null || score.isNull() ? null : score.asDouble());
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

  /** Accumulates rows; keeps the first occurrence of each (admission, code). */
  private static final class Builder {
    private final Map<String, List<PredictedCode>> codes = new LinkedHashMap<>();
    /** Per admission: code → its position in the admission's list. */
    private final Map<String, Map<String, Integer>> seen = new LinkedHashMap<>();
    private final List<String> duplicateExamples = new ArrayList<>();
    private long rows;
    private long duplicates;

    void touch(String admission) {
      codes.computeIfAbsent(admission.trim(), k -> new ArrayList<>());
    }

    void add(Path file, long line, String admission, String raw, Double score) {
      String id = admission.trim();
      if (id.isEmpty()) {
        throw new MedcodeException.BadInput(file, line, "expected an admission id, found an empty field");
      }
      String code = CodeSystem.canonical(raw);
      if (code.isEmpty()) {
        throw new MedcodeException.BadInput(file, line, "expected a code for admission " + id + ", found an empty field");
      }
      rows++;
      touch(id);
      List<PredictedCode> list = codes.get(id);
      Integer position = seen.computeIfAbsent(id, k -> new HashMap<>()).putIfAbsent(code, list.size());
      if (position != null) {
        // A repeated code keeps its best rank: the first position, with the highest score given to it.
        duplicates++;
        PredictedCode kept = list.get(position);
        if (score != null && (kept.score() == null || score > kept.score())) {
          list.set(position, new PredictedCode(code, kept.raw(), score));
        }
        if (duplicateExamples.size() < MAX_EXAMPLES) {
          duplicateExamples.add(id + " " + raw.trim() + " (line " + line + ")");
        }
        return;
      }
      list.add(new PredictedCode(code, raw.trim(), score));
    }

    PredictionSet build(String source, PredictionFormat format) {
      Map<String, Prediction> byAdmission = new LinkedHashMap<>();
      codes.forEach((id, list) -> byAdmission.put(id, new Prediction(id, list)));
      return new PredictionSet(source, format, byAdmission, rows, duplicates, duplicateExamples);
    }
  }
}
