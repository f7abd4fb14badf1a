package org.medcode.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.medcode.codesystem.CodeEntry;
import org.medcode.codesystem.CodeSystem;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeSystems;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;
import org.medcode.prediction.PredictedCode;
import org.medcode.prediction.Prediction;

/**
 * Seeded inputs for paired comparisons: admissions with what real data throws at the engine (shared patients, no gold,
 * repeated, foreign-system, header, invalid and block-less gold codes) and two coders' predictions (missing, empty,
 * unscored, partly scored, tied, duplicated, invalid), B either independent of A, equal to A but on a few admissions,
 * or equal to A.
 */
final class PairedCases {
  private PairedCases() {}

  /** How B relates to A. */
  enum Variant {
    INDEPENDENT, NEAR, SAME
  }

  record Case(List<Admission> admissions, Map<String, Prediction> a, Map<String, Prediction> b, CodeTable table) {}

  /** Toy system: all four levels, some categories outside every block. */
  static Case toy(long seed, int n, Variant variant) {
    return generate(new ToyCodeSystem(), CodeSystemId.ICD10CM, seed, n, variant);
  }

  /** ICD-9-CM syntax: numeric categories, no block level. */
  static Case icd9(long seed, int n, Variant variant) {
    return generate(CodeSystems.syntax(CodeSystemId.ICD9CM), CodeSystemId.ICD9CM, seed, n, variant);
  }

  private static Case generate(CodeSystem system, CodeSystemId id, long seed, int n, Variant variant) {
    Random random = new Random(seed);
    List<String> valid = new ArrayList<>();
    List<String> headers = new ArrayList<>();
    Map<String, CodeEntry> entries = new HashMap<>();
    String letters = "AEIJNQRZ";
    while (valid.size() < 60) {
      String category = id == CodeSystemId.ICD9CM ? String.format("%03d", 1 + random.nextInt(999))
          : letters.charAt(random.nextInt(letters.length())) + String.format("%02d", random.nextInt(60));
      if (entries.containsKey(category)) {
        continue;
      }
      entries.put(category, new CodeEntry(category, false, category, category));
      headers.add(category);
      for (int j = 0, m = 1 + random.nextInt(4); j < m; j++) {
        String code = category + random.nextInt(10) + (random.nextBoolean() ? String.valueOf(random.nextInt(10)) : "");
        if (!entries.containsKey(code)) {
          entries.put(code, new CodeEntry(code, true, code, code));
          valid.add(code);
        }
      }
    }
    CodeTable table = CodeTable.of(system, "paired-cases", entries);
    List<String> invalid = id == CodeSystemId.ICD9CM ? List.of("9999", "0019", "V999", "12 3", "xyz")
        : List.of("Z9999", "Q999X", "I1O", "AA12", "E1199X");
    List<Admission> admissions = new ArrayList<>();
    Map<String, Prediction> a = new HashMap<>();
    Map<String, Prediction> b = new HashMap<>();
    for (int i = 0; i < n; i++) {
      String admissionId = "A" + i;
      String patient = "P" + random.nextInt(Math.max(1, n / 2));
      List<GoldCode> gold = new ArrayList<>();
      int goldCount = random.nextInt(12) == 0 ? 0 : 1 + random.nextInt(random.nextInt(3) == 0 ? 24 : 7);
      for (int g = 0; g < goldCount; g++) {
        String code = random.nextInt(15) == 0 ? headers.get(random.nextInt(headers.size()))
            : random.nextInt(25) == 0 ? invalid.get(random.nextInt(invalid.size()))
            : valid.get(Math.min(valid.size() - 1, (int) Math.abs(random.nextGaussian() * 18)));
        gold.add(new GoldCode(code, id));
        if (random.nextInt(20) == 0) {
          gold.add(new GoldCode(code, id));
        }
      }
      if (random.nextInt(10) == 0) {
        gold.add(new GoldCode("0DTJ4ZZ", CodeSystemId.ICD10PCS));
      }
      Admission admission = new Admission(admissionId, patient, List.of(), gold, Map.of());
      admissions.add(admission);
      prediction(random, admission, valid, headers, invalid, 0.65, a);
      switch (variant) {
        case INDEPENDENT -> prediction(random, admission, valid, headers, invalid, 0.55, b);
        case SAME -> copy(a, b, admissionId);
        case NEAR -> {
          copy(a, b, admissionId);
          if (random.nextInt(Math.max(1, n / 4)) == 0) {
            prediction(random, admission, valid, headers, invalid, 0.6, b);
          }
        }
      }
    }
    return new Case(admissions, a, b, table);
  }

  private static void copy(Map<String, Prediction> from, Map<String, Prediction> to, String admissionId) {
    if (from.containsKey(admissionId)) {
      to.put(admissionId, from.get(admissionId));
    }
  }

  private static void prediction(Random random, Admission admission, List<String> valid, List<String> headers,
      List<String> invalid, double keep, Map<String, Prediction> into) {
    if (random.nextInt(12) == 0) {
      return;
    }
    int scoring = random.nextInt(3);
    List<PredictedCode> codes = new ArrayList<>();
    for (GoldCode g : admission.codes()) {
      if (random.nextDouble() < keep) {
        codes.add(code(random, g.code(), scoring));
      }
    }
    for (int j = 0, extra = random.nextInt(7); j < extra; j++) {
      String code = random.nextInt(10) == 0 ? invalid.get(random.nextInt(invalid.size()))
          : random.nextInt(12) == 0 ? headers.get(random.nextInt(headers.size()))
          : valid.get(Math.min(valid.size() - 1, (int) Math.abs(random.nextGaussian() * 20)));
      codes.add(code(random, code, scoring));
    }
    if (!codes.isEmpty() && random.nextInt(8) == 0) {
      codes.add(codes.get(random.nextInt(codes.size())));
    }
    java.util.Collections.shuffle(codes, random);
    into.put(admission.id(), new Prediction(admission.id(), codes));
  }

  /** Scoring 0: none; 1: every code, coarse scores with ties; 2: some codes. */
  private static PredictedCode code(Random random, String code, int scoring) {
    Double score = scoring == 0 || (scoring == 2 && random.nextInt(3) == 0) ? null : random.nextInt(5) / 4.0;
    return new PredictedCode(code, code, score);
  }
}
