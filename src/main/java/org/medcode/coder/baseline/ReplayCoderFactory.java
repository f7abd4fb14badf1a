package org.medcode.coder.baseline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.medcode.MedcodeException;
import org.medcode.Plural;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderFactory;
import org.medcode.coder.CoderParameter;
import org.medcode.coder.CoderResult;
import org.medcode.coder.Egress;
import org.medcode.codesystem.CodeSystem;
import org.medcode.prediction.PredictedCode;
import org.medcode.prediction.Prediction;
import org.medcode.prediction.PredictionFormat;
import org.medcode.prediction.PredictionReader;
import org.medcode.prediction.PredictionSet;
import org.medcode.prediction.UnmatchedIds;

/**
 * {@code replay}: predictions made elsewhere (e.g. by a Python model) read from a file, so they are scored, stored
 * and compared exactly like any coder's. An admission the file does not mention gets no code.
 */
public final class ReplayCoderFactory implements CoderFactory {
  @Override
  public String name() {
    return "replay";
  }

  @Override
  public boolean readsNotes() {
    return false; // a file's codes
  }

  @Override
  public String description() {
    return "predictions read from a file made elsewhere (TSV, CSV or JSONL, as medcode evaluate reads them)";
  }

  @Override
  public List<CoderParameter> parameters() {
    return List.of(
        new CoderParameter("file", "the predictions file", null, CoderParameter.Type.PATH),
        new CoderParameter("format", "tsv, csv or jsonl (default: from the file name)", "auto", CoderParameter.Type.CHOICE));
  }

  private static PredictionFormat format(String text) {
    for (PredictionFormat format : PredictionFormat.values()) {
      if (format.label().equalsIgnoreCase(text.trim())) {
        return format;
      }
    }
    throw new org.medcode.MedcodeException("coder replay: parameter 'format' must be auto, tsv, csv or jsonl, got '" + text + "'");
  }

  /** Local: reads a local predictions file. */
  @Override
  public Egress egress(Map<String, String> parameters) {
    return Egress.local();
  }

  /** A predictions file that is not there: refused before the run starts. */
  @Override
  public Optional<String> refusal(CoderContext context, Map<String, String> parameters, double maxCost) {
    Path file = context.path(parameters.get("file"));
    return Files.isRegularFile(file) ? Optional.empty()
        : Optional.of("predictions file " + file + " not found" + (file.isAbsolute() ? ""
            : context.readFrom()));
  }

  @Override
  public Coder create(CoderContext context, Map<String, String> parameters) {
    Path file = context.path(parameters.get("file"));
    String format = parameters.get("format");
    PredictionSet set = "auto".equalsIgnoreCase(format) ? PredictionReader.read(file) : PredictionReader.read(file, format(format));
    Replay replay = new Replay(file, set.byAdmission(), set.failed(), context.table().system(), context.listener());
    // what evaluate says of the same file, said here too (on the console and in the manifest's facts)
    if (set.empty()) {
      replay.note("empty_file", file + " has no predictions: every admission is scored as an empty prediction");
    }
    set.cutLastLine(file.toString(), code -> context.table().status(code).valid())
        .ifPresent(warning -> replay.note("last_line_cut", warning));
    if (set.duplicates() > 0) {
      replay.note("duplicates_removed", Plural.of(set.duplicates(), "duplicate predicted code") + " in " + file
          + " removed (first rank kept), e.g. " + String.join("; ", set.duplicateExamples()));
    }
    return replay;
  }

  /** Examples of unknown admission ids named in the warning and the manifest, as {@code evaluate} names them. */
  private static final int EXAMPLES = 5;

  /** The file's answers by admission; says (once per session) which of them are for admissions the run does not have. */
  private static final class Replay implements Coder {
    private final Path file;
    private final Map<String, Prediction> byAdmission;
    /** The admissions the file (a run's log) records as failed, with the failure's kind: replayed as failures. */
    private final Map<String, String> failed;
    /** The run's code system, which scores each code as evaluate does ({@link PredictedCode#scoredIn}). */
    private final CodeSystem system;
    private final org.medcode.coder.RunListener listener;
    private final Map<String, String> facts = new java.util.LinkedHashMap<>();

    Replay(Path file, Map<String, Prediction> byAdmission, Map<String, String> failed, CodeSystem system,
        org.medcode.coder.RunListener listener) {
      this.file = file;
      this.byAdmission = byAdmission;
      this.failed = failed;
      this.system = system;
      this.listener = listener;
    }

    void note(String fact, String text) {
      facts.put(fact, text);
      listener.warning("coder replay: " + text);
    }

    @Override
    public void dataset(List<org.medcode.dataset.Admission> admissions) {
      java.util.Set<String> ids = new java.util.LinkedHashSet<>();
      admissions.forEach(a -> ids.add(a.id()));
      String unmatched = UnmatchedIds.check(byAdmission.keySet(), ids, file.toString(), "the run's dataset");
      if (unmatched != null) {
        throw new MedcodeException("coder replay: " + unmatched);
      }
      List<String> unknown = byAdmission.keySet().stream().filter(id -> !ids.contains(id)).toList();
      if (unknown.isEmpty()) {
        facts.remove("unknown_admissions");
        return;
      }
      String examples = String.join(", ", unknown.subList(0, Math.min(EXAMPLES, unknown.size())).stream()
          .map(org.medcode.Ids::show).toList()) + (unknown.size() > EXAMPLES ? ", …" : "");
      String text = unknown.size() + " of the " + Plural.of(byAdmission.size(), "admission") + " in " + file
          + " " + Plural.verb(unknown.size(), "are") + " not in the dataset and " + Plural.verb(unknown.size(), "are")
          + " ignored (" + examples + ")";
      facts.put("unknown_admissions", text);
      listener.warning("coder replay: " + text + "; check the ids (a typo, another split?)");
    }

    @Override
    public CoderResult code(org.medcode.dataset.Admission admission) throws org.medcode.coder.CoderException {
      String kind = failed.get(admission.id());
      if (kind != null) {
        throw new org.medcode.coder.CoderException(kind, "the admission failed in " + file + " (\"status\": \"failed\"),"
            + " replayed as a failure");
      }
      Prediction prediction = byAdmission.get(admission.id());
      if (prediction == null) {
        return CoderResult.empty();
      }
      // the code as evaluate scores it, one whose dot is out of its system's place (E1.19) as written, a malformed code,
      // never E11.9; the file's spellings of one code (E11.9, E119) are one suggestion, at its first place with its
      // highest score, as any coder's answer is made canonical
      return new CoderResult(CodeSuggestion.canonical(prediction.codes().stream()
          .map(c -> new CodeSuggestion(c.scoredIn(system), c.score())).toList(), system));
    }

    @Override
    public Map<String, String> facts() {
      return Map.copyOf(facts);
    }
  }
}
