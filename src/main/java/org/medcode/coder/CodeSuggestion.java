package org.medcode.coder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.medcode.codesystem.CanonicalCodes;
import org.medcode.codesystem.CodeSystem;
import org.medcode.dataset.EvidenceSpan;

/**
 * One code a coder proposes: canonical {@code code}, optional {@code score} (higher = more confident; null when the
 * coder only ranks), the evidence spans in the admission's notes, and an optional human-readable rationale.
 */
public record CodeSuggestion(String code, Double score, List<EvidenceSpan> evidence, String rationale) {
  public CodeSuggestion {
    evidence = List.copyOf(evidence);
  }

  public CodeSuggestion(String code, Double score) {
    this(code, score, List.of(), null);
  }

  /**
   * A code of a coder's answer that is no code as written ({@link CanonicalCodes#check}: white space or a control
   * character inside it, {@code E11 9} or {@code I10 E11.9}, or a dot where no system writes one), which
   * normalisation would silently make another code or glue two into one: the admission fails, of kind
   * {@value CoderException#MALFORMED}, as a file holding it is refused.
   */
  public static final class MalformedCode extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedCode(String message) {
      super(message);
    }
  }

  /**
   * An answer with every code in the system's canonical spelling ({@code J18.9} and {@code j189} are one code), each
   * code once at its best rank with its highest score, empty codes left out: what a run logs, and what an ensemble
   * combines.
   *
   * @throws MalformedCode for a code with white space or a control character inside it, or a misplaced dot, or a score
   *     that is not a finite number
   */
  public static List<CodeSuggestion> canonical(List<CodeSuggestion> answer, CodeSystem system) {
    List<CodeSuggestion> codes = new ArrayList<>(answer.size());
    Map<String, Integer> seen = new HashMap<>();
    int rank = 0;
    for (CodeSuggestion suggestion : answer) {
      rank++;
      try {
        CanonicalCodes.check(suggestion.code());
      } catch (CanonicalCodes.NotACode e) {
        throw new MalformedCode("code " + rank + " of " + answer.size() + " of the answer: " + e.getMessage());
      }
      if (suggestion.score() != null && !Double.isFinite(suggestion.score())) { // written as "NaN": no file reads it back
        throw new MalformedCode("code " + rank + " of " + answer.size() + " of the answer: the score of '"
            + suggestion.code() + "' is " + suggestion.score() + ", not a finite number (give a finite score, or none)");
      }
      String code = system.normalize(suggestion.code());
      if (code.isEmpty()) {
        continue;
      }
      Integer position = seen.putIfAbsent(code, codes.size());
      if (position == null) {
        codes.add(new CodeSuggestion(code, suggestion.score(), suggestion.evidence(), suggestion.rationale()));
      } else if (suggestion.score() != null
          && (codes.get(position).score() == null || suggestion.score() > codes.get(position).score())) {
        CodeSuggestion kept = codes.get(position); // a repeated code keeps its best rank and its highest score
        codes.set(position, new CodeSuggestion(code, suggestion.score(), kept.evidence(), kept.rationale()));
      }
    }
    return codes;
  }
}
