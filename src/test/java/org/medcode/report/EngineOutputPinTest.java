package org.medcode.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.medcode.codesystem.CodeEntry;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeSystems;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.Granularity;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;
import org.medcode.dataset.Note;
import org.medcode.eval.Analysis;
import org.medcode.eval.EvalOptions;
import org.medcode.eval.EvaluationResult;
import org.medcode.eval.Evaluator;
import org.medcode.eval.InvalidPolicy;
import org.medcode.eval.Paired;
import org.medcode.eval.PairedComparison;
import org.medcode.eval.Population;
import org.medcode.prediction.PredictedCode;
import org.medcode.prediction.Prediction;

/**
 * Pins every output byte of the engine and its analyses (metrics, intervals, strata, error taxonomy, coverage, hard
 * admissions, paired comparison, every file and report) on seeded messy cases under several option sets: the SHA-256
 * of each file, recorded from the engine as it was before the MIMIC-scale rewrite (issue 12). Any change to a value,
 * an interval or an order shows here. {@code -Dgolden.update=true} rewrites the digests after a deliberate change;
 * {@code -Dpins.keep=DIR} keeps the files themselves, to see what changed.
 */
class EngineOutputPinTest {
  private static final Path DIGESTS = Path.of("src/test/resources/golden/pins");

  @TempDir
  Path temp;

  static Stream<Arguments> cases() {
    List<Granularity> all = List.of(Granularity.values());
    return Stream.of(
        Arguments.of("icd10-count", CodeSystemId.ICD10CM, 11L,
            new EvalOptions(all, InvalidPolicy.COUNT, 120, 0.95, 5L, false, List.of(1, 5, 10), false, Population.ALL)),
        Arguments.of("icd10-drop-withgold-patients", CodeSystemId.ICD10CM, 12L,
            new EvalOptions(all, InvalidPolicy.DROP, 90, 0.9, 6L, true, List.of(2, 3), false, Population.WITH_GOLD)),
        Arguments.of("icd10-macro-intervals", CodeSystemId.ICD10CM, 13L,
            new EvalOptions(all, InvalidPolicy.COUNT, 60, 0.95, 7L, false, List.of(1), true, Population.ALL)),
        Arguments.of("icd10-drop-no-bootstrap", CodeSystemId.ICD10CM, 14L,
            new EvalOptions(List.of(Granularity.CATEGORY, Granularity.EXACT), InvalidPolicy.DROP, 0, 0.95, 8L, false,
                List.of(1, 5), false, Population.ALL)),
        Arguments.of("icd9-count-patients-macro", CodeSystemId.ICD9CM, 15L,
            new EvalOptions(all, InvalidPolicy.COUNT, 70, 0.8, 9L, true, List.of(1, 4), true, Population.WITH_GOLD)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyOutputByteIsPinned(String name, CodeSystemId system, long seed, EvalOptions options) throws IOException {
    MessyCase c = MessyCase.generate(system, seed, 300);
    List<CoderReport> coders = List.of(coder("a", c, c.predictionsA, options), coder("b", c, c.predictionsB, options));
    Path run = temp.resolve("run");
    RunReports.write(coders, run);
    PairedComparison comparison = Paired.compare("a", "b", c.admissions, c.predictionsA, c.predictionsB, c.table, options,
        300);
    ComparisonReports.write(List.of(comparison), c.table, temp.resolve("compare"));
    StringWriter console = new StringWriter();
    ComparisonReports.print(List.of(comparison), new PrintWriter(console));
    Files.writeString(temp.resolve("compare/console.txt"), console.toString(), StandardCharsets.UTF_8);

    Map<String, String> actual = new TreeMap<>();
    try (Stream<Path> files = Files.walk(temp)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        actual.put(temp.relativize(file).toString().replace('\\', '/'), sha256(Files.readAllBytes(file)));
      }
    }
    StringBuilder text = new StringBuilder();
    actual.forEach((file, digest) -> text.append(digest).append("  ").append(file).append('\n'));
    Path golden = DIGESTS.resolve(name + ".sha256");
    String keep = System.getProperty("pins.keep");
    if (keep != null) {
      for (String file : actual.keySet()) {
        Path copy = Path.of(keep, name, file);
        Files.createDirectories(copy.getParent());
        Files.copy(temp.resolve(file), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(DIGESTS);
      Files.writeString(golden, text.toString(), StandardCharsets.UTF_8);
    }
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), text.toString(), name + ": outputs differ from " + golden);
  }

  private static CoderReport coder(String name, MessyCase c, Map<String, Prediction> predictions, EvalOptions options) {
    EvaluationResult result = Evaluator.evaluate(c.admissions, predictions, c.table, options);
    EvaluationReport report = new EvaluationReport("test", "2026-12-05T00:00:00Z",
        new EvaluationReport.DatasetInfo("jsonl:messy.jsonl", "f00d", c.admissions.size(), List.of()),
        new EvaluationReport.PredictionsInfo(name + "/predictions.jsonl", "jsonl", 0, 0, List.of(), predictions.size(), 0,
            List.of(), EvaluationReport.Answer.ofFile(c.admissions.stream().map(Admission::id).toList(), predictions)),
        c.table, result);
    Analysis analysis = Analysis.of(c.admissions, predictions, c.table, options, Optional.of(c.training));
    return new CoderReport(name, report, c.admissions.size(), c.admissions.size(), 0, 0, Map.of(), analysis);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A seeded case with what real data throws at the engine: shared patients, notes of every length, repeated and
   * foreign-system gold codes, admissions without gold, missing, empty, unscored, partly scored and tied predictions,
   * duplicates, headers, codes the table lacks, malformed strings, and a training split.
   */
  static final class MessyCase {
    final CodeTable table;
    final List<Admission> admissions = new ArrayList<>();
    final List<Admission> training = new ArrayList<>();
    final Map<String, Prediction> predictionsA = new HashMap<>();
    final Map<String, Prediction> predictionsB = new HashMap<>();

    private MessyCase(CodeTable table) {
      this.table = table;
    }

    static MessyCase generate(CodeSystemId system, long seed, int n) {
      Random random = new Random(seed);
      List<String> valid = new ArrayList<>();
      List<String> headers = new ArrayList<>();
      Map<String, CodeEntry> entries = new HashMap<>();
      String letters = "ABCDEIJKMNRSTZ";
      for (int i = 0; valid.size() < 70; i++) {
        String category = system == CodeSystemId.ICD9CM
            ? String.format("%03d", 1 + random.nextInt(999))
            : letters.charAt(random.nextInt(letters.length())) + String.format("%02d", random.nextInt(100));
        if (entries.containsKey(category)) {
          continue;
        }
        entries.put(category, new CodeEntry(category, false, "Category " + category, "Category " + category));
        headers.add(category);
        for (int j = 0, m = 1 + random.nextInt(4); j < m; j++) {
          String code = category + random.nextInt(10) + (random.nextBoolean() ? String.valueOf(random.nextInt(10)) : "");
          if (!entries.containsKey(code)) {
            entries.put(code, new CodeEntry(code, true, "Code " + code + " <&>", "Code " + code));
            valid.add(code);
          }
        }
      }
      MessyCase c = new MessyCase(CodeTable.of(CodeSystems.syntax(system), "FY2026", entries));
      List<String> invalid = system == CodeSystemId.ICD9CM
          ? List.of("9999", "0019", "V999", "12 3", "xyz", "E0001")
          : List.of("Z9999", "K35 appendicitis", "Q999", "I1O", "AA12", "E1199X");
      for (int i = 0; i < n; i++) {
        String id = "A" + i;
        String patient = "P" + random.nextInt(n / 2);
        int length = random.nextInt(10) == 0 ? 8000 + random.nextInt(6000) : random.nextInt(4500);
        List<GoldCode> gold = new ArrayList<>();
        int goldCount = random.nextInt(12) == 0 ? 0 : 1 + random.nextInt(random.nextInt(3) == 0 ? 24 : 7);
        for (int g = 0; g < goldCount; g++) {
          String code = random.nextInt(15) == 0 ? headers.get(random.nextInt(headers.size()))
              : random.nextInt(25) == 0 ? invalid.get(random.nextInt(invalid.size()))
              : valid.get(Math.min(valid.size() - 1, (int) Math.abs(random.nextGaussian() * 18)));
          gold.add(new GoldCode(code, system));
          if (random.nextInt(20) == 0) {
            gold.add(new GoldCode(code, system));
          }
        }
        if (random.nextInt(10) == 0) {
          gold.add(new GoldCode("0DTJ4ZZ", CodeSystemId.ICD10PCS));
        }
        String text = "n".repeat(length);
        Admission admission = new Admission(id, patient, List.of(new Note("note", text)), gold, Map.of());
        c.admissions.add(admission);
        c.prediction(random, admission, valid, headers, invalid, 0.7, true, c.predictionsA);
        c.prediction(random, admission, valid, headers, invalid, 0.5, false, c.predictionsB);
      }
      for (int i = 0; i < n / 2; i++) {
        List<GoldCode> gold = new ArrayList<>();
        for (int g = 0, m = random.nextInt(6); g < m; g++) {
          gold.add(new GoldCode(valid.get(Math.min(valid.size() - 1, (int) Math.abs(random.nextGaussian() * 25))), system));
        }
        c.training.add(new Admission("T" + i, "T" + i, List.of(new Note("note", "")), gold, Map.of()));
      }
      c.predictionsA.put("UNKNOWN-ID", new Prediction("UNKNOWN-ID", List.of(new PredictedCode(valid.get(0)))));
      return c;
    }

    private void prediction(Random random, Admission admission, List<String> valid, List<String> headers,
        List<String> invalid, double keep, boolean alwaysScored, Map<String, Prediction> out) {
      if (random.nextInt(12) == 0) {
        return;
      }
      List<String> codes = new ArrayList<>();
      for (GoldCode g : admission.codes()) {
        if (random.nextDouble() < keep) {
          codes.add(random.nextInt(8) == 0 && g.code().length() > 3 ? g.code().substring(0, g.code().length() - 1)
              : g.code());
        }
      }
      for (int e = 0, m = random.nextInt(7); e < m; e++) {
        int kind = random.nextInt(20);
        codes.add(kind == 0 ? invalid.get(random.nextInt(invalid.size()))
            : kind == 1 ? headers.get(random.nextInt(headers.size()))
            : valid.get(Math.min(valid.size() - 1, (int) Math.abs(random.nextGaussian() * 20))));
      }
      java.util.Collections.shuffle(codes, random);
      if (!codes.isEmpty() && random.nextInt(10) == 0) {
        codes.add(codes.get(0));
      }
      int scoring = alwaysScored ? 2 + random.nextInt(8) : random.nextInt(10);
      List<PredictedCode> predicted = new ArrayList<>();
      for (String code : codes) {
        Double score = scoring == 0 ? null
            : scoring == 1 && random.nextBoolean() ? null
            : scoring == 2 ? 0.5
            : Math.round(random.nextDouble() * 20) / 20.0;
        predicted.add(new PredictedCode(code, code, score));
      }
      out.put(admission.id(), new Prediction(admission.id(), predicted));
    }
  }
}
