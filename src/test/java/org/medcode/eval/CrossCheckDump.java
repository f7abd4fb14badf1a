package org.medcode.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.Granularity;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;

/**
 * Writes random evaluation cases as JSON for {@code bench/crosscheck.py}, which re-scores them with scikit-learn and a
 * trec_eval-style ranking: per case and level, the mapped gold key sets, the ranked predicted keys (after the invalid
 * policy and de-duplication) and the engine's point values. Usage: {@code CrossCheckDump OUT.json [CASES]}.
 */
public final class CrossCheckDump {
  private CrossCheckDump() {}

  public static void main(String[] args) throws IOException {
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    List<Integer> ks = List.of(1, 3, 5);
    List<Object> cases = new ArrayList<>();
    for (long seed = 1; seed <= count; seed++) {
      for (InvalidPolicy policy : InvalidPolicy.values()) {
        Scenarios.Scenario s = Scenarios.messy(seed, 30);
        EvalOptions options = new EvalOptions(List.of(Granularity.values()), policy, 0, 0.95, 1, false, ks, false);
        EvaluationResult result = Evaluator.evaluate(s.admissions(), s.predictions(), Scenarios.TABLE, options);
        List<Object> levels = new ArrayList<>();
        for (LevelResult level : result.levels()) {
          Granularity g = level.granularity();
          List<List<String>> gold = new ArrayList<>();
          List<List<String>> ranked = new ArrayList<>();
          for (Admission a : s.admissions()) {
            LinkedHashSet<String> keys = new LinkedHashSet<>();
            for (GoldCode c : a.codes()) {
              if (c.system() == CodeSystemId.ICD10CM) {
                keys.add(ReferenceScorer.key(Scenarios.TABLE, c.code(), g, true));
              }
            }
            gold.add(new ArrayList<>(keys));
            ranked.add(ReferenceScorer.ranked(s.predictions().get(a.id()), Scenarios.TABLE, g, policy,
                ReferenceScorer.goldVocabulary(s.admissions(), Scenarios.TABLE)));
          }
          Map<String, Double> metrics = new LinkedHashMap<>();
          result.metrics().forEach((k, v) -> {
            if (k.granularity() == g) {
              metrics.put(k.averaging().label() + "/" + k.metricLabel(), v.value());
            }
          });
          levels.add(Map.of("level", g.label(), "gold", gold, "ranked", ranked, "metrics", metrics));
        }
        cases.add(Map.of("seed", seed, "policy", policy.label(), "ks", ks, "levels", levels));
      }
    }
    new ObjectMapper().writeValue(new File(args[0]), cases);
  }
}
