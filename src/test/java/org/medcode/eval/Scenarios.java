package org.medcode.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;
import org.medcode.prediction.PredictedCode;
import org.medcode.prediction.Prediction;

/** Random but reproducible evaluation inputs over {@link ToyCodeSystem}, for properties and the benchmark. */
final class Scenarios {
  private Scenarios() {}

  record Scenario(List<Admission> admissions, Map<String, Prediction> predictions) {}

  /** Billable codes that have an ancestor at every level (they sit in one of the toy blocks). */
  static final List<String> MAPPABLE = List.of("A000", "A001", "A09", "A150", "A199", "E119", "E1165", "E110", "E08",
      "I10", "I110", "I2510", "I200", "J189", "J181", "J09X1", "N400", "N52");
  static final List<String> HEADERS = List.of("A00", "E11", "I25", "J18", "N40");
  /** Billable codes outside every toy block: no ancestor at the block level. */
  static final List<String> BLOCKLESS = List.of("Q999", "R05", "Z8546");
  static final List<String> NOT_IN_TABLE = List.of("J1899", "E11999", "Q99X");
  static final List<String> MALFORMED = List.of("1234", "XY", "E1");
  static final List<String> ALL = concat(MAPPABLE, HEADERS, BLOCKLESS, NOT_IN_TABLE, MALFORMED);

  static final ToyCodeSystem SYSTEM = new ToyCodeSystem();
  static final CodeTable TABLE = ToyCodeSystem.table(SYSTEM, concat(MAPPABLE, BLOCKLESS), HEADERS);

  @SafeVarargs
  static List<String> concat(List<String>... lists) {
    List<String> out = new ArrayList<>();
    for (List<String> l : lists) {
      out.addAll(l);
    }
    return List.copyOf(out);
  }

  /**
   * Up to {@code maxAdmissions} admissions with 0–6 gold codes (duplicates, invalid codes and other systems included)
   * and predictions that may be missing, empty, duplicated, scored (with ties), unscored or partly scored.
   */
  static Scenario messy(long seed, int maxAdmissions) {
    Random rnd = new Random(seed);
    int n = rnd.nextInt(maxAdmissions + 1);
    List<Admission> admissions = new ArrayList<>();
    Map<String, Prediction> predictions = new HashMap<>();
    for (int i = 0; i < n; i++) {
      String id = "adm" + i;
      List<GoldCode> gold = new ArrayList<>();
      int g = rnd.nextInt(7);
      for (int j = 0; j < g; j++) {
        gold.add(new GoldCode(pick(rnd, rnd.nextInt(4) == 0 ? ALL : MAPPABLE), CodeSystemId.ICD10CM));
      }
      if (rnd.nextInt(10) == 0) {
        gold.add(new GoldCode("0DTJ4ZZ", CodeSystemId.ICD10PCS));
      }
      admissions.add(new Admission(id, "pat" + rnd.nextInt(Math.max(1, n / 2)), List.of(), gold, Map.of()));
      if (rnd.nextInt(100) < 85) {
        int m = rnd.nextInt(9);
        int scoring = rnd.nextInt(3);
        List<PredictedCode> codes = new ArrayList<>();
        for (int j = 0; j < m; j++) {
          String code = rnd.nextBoolean() && !gold.isEmpty() ? gold.get(rnd.nextInt(gold.size())).code()
              : pick(rnd, rnd.nextInt(3) == 0 ? ALL : MAPPABLE);
          Double score = scoring == 0 || (scoring == 2 && rnd.nextInt(3) == 0) ? null : rnd.nextInt(5) / 4.0;
          codes.add(new PredictedCode(code, code, score));
        }
        predictions.put(id, new Prediction(id, codes));
      }
    }
    if (rnd.nextBoolean()) {
      predictions.put("unknown", new Prediction("unknown", List.of(new PredictedCode("A000"))));
    }
    return new Scenario(admissions, predictions);
  }

  /**
   * {@code n} admissions with 2–6 gold codes from a vocabulary of mappable codes and predictions that keep each gold
   * code with probability 0.6 and add 0–3 others: data whose counts vary from admission to admission.
   */
  static Scenario typical(long seed, int n) {
    Random rnd = new Random(seed);
    List<Admission> admissions = new ArrayList<>();
    Map<String, Prediction> predictions = new HashMap<>();
    for (int i = 0; i < n; i++) {
      String id = "adm" + i;
      List<GoldCode> gold = new ArrayList<>();
      List<PredictedCode> codes = new ArrayList<>();
      int g = 2 + rnd.nextInt(5);
      for (int j = 0; j < g; j++) {
        String code = pick(rnd, MAPPABLE);
        gold.add(new GoldCode(code, CodeSystemId.ICD10CM));
        if (rnd.nextInt(10) < 6) {
          codes.add(new PredictedCode(code, code, rnd.nextDouble()));
        }
      }
      int extra = rnd.nextInt(4);
      for (int j = 0; j < extra; j++) {
        String code = pick(rnd, ALL);
        codes.add(new PredictedCode(code, code, rnd.nextDouble()));
      }
      admissions.add(new Admission(id, "pat" + (i / 2), List.of(), gold, Map.of()));
      predictions.put(id, new Prediction(id, codes));
    }
    return new Scenario(admissions, predictions);
  }

  static String pick(Random rnd, List<String> codes) {
    return codes.get(rnd.nextInt(codes.size()));
  }
}
