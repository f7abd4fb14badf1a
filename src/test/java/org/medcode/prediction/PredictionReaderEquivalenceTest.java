package org.medcode.prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.codesystem.CodeSystem;

/**
 * The reader shares code strings and scores, remembers the previous row's admission and searches short code lists in
 * place (issue 12). {@link Reference} is the TSV reader as it was before; random messy files (blank lines, white space,
 * interleaved admissions, repeats with higher and lower scores, lists longer than the in-place search) must read
 * exactly alike (a repeat being, since, the same code with its dots at the same places), and the same rows read as CSV and JSONL must give the same predictions.
 */
class PredictionReaderEquivalenceTest {
  @TempDir
  Path temp;

  /** The TSV reader before issue 12 (split, canonical per row, a map of positions per admission). */
  static final class Reference {
    final Map<String, List<PredictedCode>> codes = new LinkedHashMap<>();
    final Map<String, Map<String, Integer>> seen = new LinkedHashMap<>();
    final List<String> duplicateExamples = new ArrayList<>();
    long rows;
    long duplicates;

    static PredictionSet read(Path file) throws IOException {
      Reference reference = new Reference();
      long number = 0;
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        String[] fields = line.split("\t", -1);
        reference.add(number, fields[0], fields[1], fields.length == 3 ? Double.parseDouble(fields[2].trim()) : null);
      }
      Map<String, Prediction> byAdmission = new LinkedHashMap<>();
      reference.codes.forEach((id, list) -> byAdmission.put(id, new Prediction(id, list)));
      return new PredictionSet(file.toString(), PredictionFormat.TSV, byAdmission, reference.rows, reference.duplicates,
          reference.duplicateExamples);
    }

    void add(long line, String admission, String raw, Double score) {
      String id = admission.trim();
      String code = CodeSystem.canonical(raw);
      rows++;
      codes.computeIfAbsent(id, k -> new ArrayList<>());
      List<PredictedCode> list = codes.get(id);
      // a repeat is the same code with its dots at the same places (E11.9, e11.9); E119 and E1.19 are other entries
      String written = raw.trim();
      StringBuilder key = new StringBuilder(code);
      for (int i = 0, dots = 0; i < written.length(); i++) {
        if (written.charAt(i) == '.') {
          key.append('|').append(i - dots++);
        }
      }
      Integer position = seen.computeIfAbsent(id, k -> new HashMap<>()).putIfAbsent(key.toString(), list.size());
      if (position != null) {
        duplicates++;
        PredictedCode kept = list.get(position);
        if (score != null && (kept.score() == null || score > kept.score())) {
          list.set(position, new PredictedCode(code, kept.raw(), score));
        }
        if (duplicateExamples.size() < 5) {
          duplicateExamples.add(id + " " + raw.trim() + " (line " + line + ")");
        }
        return;
      }
      list.add(new PredictedCode(code, raw.trim(), score));
    }
  }

  private record Row(String id, String code, String score) {}

  private static List<Row> rows(Random random, boolean spaces, boolean grouped) {
    List<Row> rows = new ArrayList<>();
    int admissions = 1 + random.nextInt(12);
    for (int a = 0; a < admissions; a++) {
      int length = random.nextInt(5) == 0 ? 30 + random.nextInt(60) : random.nextInt(12);
      int vocabulary = 1 + random.nextInt(length + 3);
      boolean scored = random.nextInt(3) > 0;
      for (int k = 0; k < length; k++) {
        int c = random.nextInt(vocabulary);
        String code = "K" + c / 10 + (random.nextBoolean() ? "." : "") + c % 10 + (random.nextInt(8) == 0 ? "a" : "");
        if (spaces && random.nextInt(6) == 0) {
          code = " " + code.toLowerCase() + "\u00a0";
        }
        String id = "H" + a;
        if (spaces && random.nextInt(8) == 0) {
          id = " " + id + " ";
        }
        String score = scored ? String.valueOf(random.nextInt(20) / 20.0) : null;
        rows.add(new Row(id, code, score));
      }
    }
    if (!grouped) {
      java.util.Collections.shuffle(rows, random);
    }
    return rows;
  }

  private Path tsv(List<Row> rows, Random random) throws IOException {
    StringBuilder text = new StringBuilder(random.nextBoolean() ? "\uFEFF" : "");
    for (Row row : rows) {
      if (random.nextInt(15) == 0) {
        text.append(random.nextBoolean() ? "\n" : "  \t \n");
      }
      text.append(row.id).append('\t').append(row.code).append(row.score == null ? "" : "\t" + row.score).append('\n');
    }
    Path file = temp.resolve("p" + random.nextInt(1_000_000) + ".tsv");
    Files.writeString(file, text.toString().replaceFirst("^\uFEFF(\\s*\n)+", "\uFEFF"), StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void tsvReadsAsBefore() throws IOException {
    Random random = new Random(20261205L);
    for (int round = 0; round < 300; round++) {
      Path file = tsv(rows(random, true, random.nextBoolean()), random);
      PredictionSet actual = PredictionReader.read(file);
      String text = Files.readString(file).replace("\uFEFF", "");
      Files.writeString(file, text, StandardCharsets.UTF_8);
      assertEquals(Reference.read(file), actual, "round " + round + ": " + file);
    }
  }

  @Test
  void csvAndJsonlReadAsTsvDoes() throws IOException {
    Random random = new Random(99);
    for (int round = 0; round < 100; round++) {
      List<Row> rows = rows(random, false, true);
      PredictionSet tsv = PredictionReader.read(tsv(rows, random));
      StringBuilder csv = new StringBuilder("admission_id,code,score\n");
      rows.forEach(row -> csv.append(row.id).append(',').append(row.code).append(',').append(row.score == null ? "" : row.score)
          .append('\n'));
      Path csvFile = temp.resolve("p" + round + ".csv");
      Files.writeString(csvFile, csv.toString(), StandardCharsets.UTF_8);
      StringBuilder jsonl = new StringBuilder();
      String current = null;
      for (Row row : rows) {
        if (!row.id.equals(current)) {
          jsonl.append(current == null ? "" : "]}\n").append("{\"admission_id\":\"").append(row.id).append("\",\"codes\":[");
          current = row.id;
        } else {
          jsonl.append(',');
        }
        jsonl.append(row.score == null ? "\"" + row.code + "\"" : "{\"code\":\"" + row.code + "\",\"score\":" + row.score + "}");
      }
      jsonl.append(current == null ? "" : "]}\n");
      Path jsonlFile = temp.resolve("p" + round + ".jsonl");
      Files.writeString(jsonlFile, jsonl.toString(), StandardCharsets.UTF_8);
      for (PredictionSet other : List.of(PredictionReader.read(csvFile), PredictionReader.read(jsonlFile))) {
        assertEquals(tsv.byAdmission(), other.byAdmission(), "round " + round + " " + other.format());
        assertEquals(tsv.rows(), other.rows());
        assertEquals(tsv.duplicates(), other.duplicates());
      }
    }
  }

  @Test
  void equalCodesAndScoresAreSharedAcrossAdmissions() throws IOException {
    PredictionSet set = PredictionReader.read(Files.writeString(temp.resolve("p.tsv"),
        "A1\tI10\t0.5\nA2\ti10\t0.5\nA3\tI10\t0.25\n"));
    PredictedCode a1 = set.byAdmission().get("A1").codes().get(0);
    PredictedCode a2 = set.byAdmission().get("A2").codes().get(0);
    assertSame(a1.code(), a2.code());
    assertSame(a1.score(), a2.score());
    assertEquals("i10", a2.raw());
    assertEquals(0.25, set.byAdmission().get("A3").codes().get(0).score());
  }
}
