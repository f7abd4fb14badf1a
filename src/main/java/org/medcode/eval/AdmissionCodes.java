package org.medcode.eval;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;
import org.medcode.prediction.PredictedCode;
import org.medcode.prediction.Prediction;

/**
 * One admission's exact codes as the engine sees them (package conventions): gold codes of the table's system,
 * de-duplicated; predicted codes in rank order (by score descending when every code has one, ties in given order, else
 * the given order), de-duplicated keeping the first; under {@link InvalidPolicy#DROP} without invalid codes when
 * {@code applyPolicy}. {@code scores} are parallel to {@code ranked} (null entries when unscored).
 */
record AdmissionCodes(String admissionId, Set<String> gold, List<String> ranked, List<Double> scores) {

  static AdmissionCodes of(Admission admission, Prediction prediction, CodeTable table, InvalidPolicy policy,
      boolean applyPolicy) {
    Set<String> gold = new LinkedHashSet<>();
    for (GoldCode code : admission.codes()) {
      if (code.system() == table.system().id()) {
        gold.add(code.code());
      }
    }
    List<PredictedCode> codes = prediction == null ? List.of() : new ArrayList<>(prediction.codes());
    boolean allScored = !codes.isEmpty() && codes.stream().allMatch(c -> c.score() != null && !c.score().isNaN());
    if (allScored) {
      // List.sort is stable: ties keep the given order; 0.0 and -0.0 tie.
      codes.sort((a, b) -> a.score() > b.score() ? -1 : a.score() < b.score() ? 1 : 0);
    }
    Set<String> seen = new LinkedHashSet<>();
    List<String> ranked = new ArrayList<>();
    List<Double> scores = new ArrayList<>();
    for (PredictedCode predicted : codes) {
      String code = predicted.scoredIn(table.system());
      if (applyPolicy && policy == InvalidPolicy.DROP && !table.status(code).valid()) {
        continue;
      }
      if (seen.add(code)) {
        ranked.add(code);
        scores.add(allScored ? predicted.score() : null);
      }
    }
    return new AdmissionCodes(admission.id(), gold, ranked, scores);
  }
}
