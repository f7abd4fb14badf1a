package org.medcode.coder.baseline;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.medcode.MedcodeException;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderFactory;
import org.medcode.coder.CoderParameter;
import org.medcode.coder.CoderResult;
import org.medcode.coder.Egress;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;

/**
 * {@code frequency}: the k codes most often assigned in the training split (counted once per admission), the same
 * for every admission; score = share of training admissions that have the code. Ties: code order.
 */
public final class FrequencyCoderFactory implements CoderFactory {
  private static final String NO_TRAINING = "coder frequency needs a training split: add training: { spec: \"...\" } to"
      + " the config";

  @Override
  public String name() {
    return "frequency";
  }

  @Override
  public boolean readsNotes() {
    return false; // the training split's most frequent codes, whatever the note says
  }

  @Override
  public String description() {
    return "the k most frequent codes of the training split, for every admission";
  }

  @Override
  public List<CoderParameter> parameters() {
    return List.of(new CoderParameter("k", "how many codes to give each admission", "10", CoderParameter.Type.INTEGER));
  }

  /** Local: counts training codes in this process. */
  @Override
  public Egress egress(Map<String, String> parameters) {
    return Egress.local();
  }

  /** A k below 1, or no training split to count codes in: refused before the run starts (and by a dry run). */
  @Override
  public Optional<String> refusal(CoderContext context, Map<String, String> parameters, double maxCost) {
    int k = Integer.parseInt(parameters.get("k").trim());
    if (k < 1) {
      return Optional.of(kBelowOne(k));
    }
    return context.training().isEmpty() ? Optional.of(NO_TRAINING) : Optional.empty();
  }

  private static String kBelowOne(int k) {
    return "coder frequency: parameter 'k' must be at least 1, got " + k;
  }

  @Override
  public Coder create(CoderContext context, Map<String, String> parameters) {
    int k = Integer.parseInt(parameters.get("k").trim());
    if (k < 1) {
      throw new MedcodeException(kBelowOne(k));
    }
    if (context.training().isEmpty()) {
      throw new MedcodeException(NO_TRAINING);
    }
    Map<String, Integer> counts = new HashMap<>();
    var system = context.table().system().id();
    for (Admission admission : context.training()) {
      Set<String> codes = new LinkedHashSet<>();
      for (GoldCode gold : admission.codes()) {
        if (gold.system() == system) {
          codes.add(gold.code());
        }
      }
      codes.forEach(code -> counts.merge(code, 1, Integer::sum));
    }
    double n = context.training().size();
    List<CodeSuggestion> top = counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(k)
        .map(e -> new CodeSuggestion(e.getKey(), e.getValue() / n, List.of(),
            "assigned in " + e.getValue() + " of " + (int) n + " training admissions"))
        .toList();
    CoderResult result = new CoderResult(top);
    return admission -> result;
  }
}
