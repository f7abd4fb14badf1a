package org.medcode.coder.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.medcode.Launcher;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderException;
import org.medcode.coder.CoderResult;
import org.medcode.coder.CodingSession;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;

/**
 * Renders a template for one admission: {@code {{note}}} (the note or one chunk of it), {@code {{code_system}}},
 * {@code {{examples}}} (few-shot: training admissions drawn once with the run's seed, each note cut to
 * {@code exampleTokens}, with its gold codes as the expected JSON answer) and {@code {{candidates}}} (two-stage: the
 * top codes another coder of the run proposes for this admission, with their titles: the answer that coder logged in
 * the run folder when there is one ({@link #readFrom}), else asked of it).
 */
final class Prompts {
  private final PromptTemplate template;
  private final CodeTable table;
  private final String examples;
  private final String candidatesId;
  private final Coder candidateCoder;
  private final int candidatesK;
  private final boolean candidatesPay;
  private volatile CodingSession.Answered answered = CodingSession.Answered.NONE;

  /**
   * {@code candidatesPay}: the candidates coder asks an llm coder (an ensemble with an llm member), so asking it may pay
   * for requests, whatever its log shows so far.
   */
  Prompts(PromptTemplate template, CodeTable table, String examples, String candidatesId, Coder candidateCoder,
      int candidatesK, boolean candidatesPay) {
    this.template = template;
    this.table = table;
    this.examples = examples;
    this.candidatesId = candidatesId;
    this.candidateCoder = candidateCoder;
    this.candidatesK = candidatesK;
    this.candidatesPay = candidatesPay;
  }

  /** Whether the prompts show another coder's candidates, which that coder's logged answers give (see {@link #readFrom}). */
  boolean showsCandidates() {
    return candidateCoder != null;
  }

  /**
   * Where the candidates coder's answers are read from from now on: what the run's coders logged in the session's run
   * folder. That coder is asked only for an admission it has no logged answer for (failed, or not coded), so that an
   * answer it gave, and may have paid for, is never asked for again; and only when it is not metered, so that nothing
   * is paid for that no line counts. Its logged answer is its canonical codes in rank
   * order, which show the same candidates as asking it.
   */
  void readFrom(CodingSession.Answered answered) {
    this.answered = answered;
  }

  PromptTemplate template() {
    return template;
  }

  String system(String note, String candidates) {
    return template.renderSystem(values(note, candidates));
  }

  String user(String note, String candidates) {
    return template.renderUser(values(note, candidates));
  }

  private Map<String, String> values(String note, String candidates) {
    return Map.of("note", note, "code_system", systemName(table.system().id()), "examples", examples,
        "candidates", candidates);
  }

  /** The failure of an admission whose metered candidates coder has no answer logged for it (see {@link #candidates}). */
  static final String CANDIDATES_MISSING = "candidates_missing";

  /**
   * The candidate list for an admission ("" without a candidate coder); the candidate coder's failure is ours, with what
   * it used ({@link CoderException#usage}). A metered candidates coder (one that asks an llm coder, or whose log shows
   * a usage: {@link CodingSession.Answered#metered}) without a logged answer for it is not asked: the admission fails
   * ({@value #CANDIDATES_MISSING}), as what asking it paid would be counted on no line.
   */
  String candidates(Admission admission) throws Exception {
    if (candidateCoder == null) {
      return "";
    }
    Optional<CoderResult> logged = answered.answer(candidatesId, admission.id());
    if (logged.isEmpty() && (candidatesPay || answered.metered(candidatesId))) {
      throw new CoderException(CANDIDATES_MISSING, "the candidates coder '" + candidatesId + "' has no answer for this"
          + " admission in the run folder (it failed there, or was stopped before it); it is metered, so asking it here"
          + " would pay for requests that no coder's cost counts, and nothing was sent: code it again with " + Launcher.WRITTEN + " run"
          + " --resume RUN_DIR --retry-failed, which codes the candidates coder first");
    }
    CoderResult result;
    try {
      result = logged.isPresent() ? logged.get() : candidateCoder.code(admission);
    } catch (CoderException e) {
      // what the failure paid (a metered candidates coder whose log shows no usage is asked) is the failed line's
      throw new CoderException("candidates_failed", "the candidate coder failed (" + e.kind() + "): " + e.getMessage(), e,
          e.usage());
    }
    StringBuilder text = new StringBuilder();
    int n = 0;
    for (CodeSuggestion suggestion : result == null ? List.<CodeSuggestion>of() : result.codes()) {
      if (n++ >= candidatesK) {
        break;
      }
      String code = table.system().normalize(suggestion.code());
      String display = table.system().isWellFormed(code) ? table.system().display(code) : code;
      text.append("- ").append(display);
      table.entry(code).ifPresent(entry -> text.append(": ").append(entry.longTitle()));
      text.append('\n');
    }
    return n == 0 ? "(no candidates)" : text.toString().strip();
  }

  /** Few-shot examples drawn from the training admissions with the seed: those with a note and gold codes of the table's system. */
  static String examples(List<Admission> training, CodeTable table, int count, int exampleTokens, long seed) {
    if (count == 0) {
      return "";
    }
    List<Admission> usable = new ArrayList<>();
    for (Admission admission : training) {
      if (!admission.text().isBlank() && admission.codes().stream().anyMatch(c -> c.system() == table.system().id())) {
        usable.add(admission);
      }
    }
    java.util.Collections.shuffle(usable, new Random(seed));
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < Math.min(count, usable.size()); i++) {
      Admission example = usable.get(i);
      String note = NoteWindow.fit(example.text(), exampleTokens, NoteWindow.Mode.TRUNCATE).chunks().get(0);
      List<String> codes = new ArrayList<>();
      for (GoldCode gold : example.codes()) {
        if (gold.system() == table.system().id()) {
          codes.add("\"" + (table.system().isWellFormed(gold.code()) ? table.system().display(gold.code()) : gold.code()) + "\"");
        }
      }
      text.append("Example ").append(i + 1).append("\nNote:\n").append(note.strip()).append("\nAnswer: {\"codes\": [")
          .append(String.join(", ", codes)).append("]}\n\n");
    }
    return text.toString().strip();
  }

  static String systemName(CodeSystemId id) {
    return switch (id) {
      case ICD10CM -> "ICD-10-CM";
      case ICD10PCS -> "ICD-10-PCS";
      case ICD9CM -> "ICD-9-CM diagnosis";
      case ICD9PCS -> "ICD-9-CM procedure";
      case CPT -> "CPT";
      case HCPCS -> "HCPCS Level II";
    };
  }
}
