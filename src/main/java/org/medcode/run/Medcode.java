package org.medcode.run;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.medcode.MedcodeException;
import org.medcode.codesystem.CodeStatus;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.CodeTables;
import org.medcode.codesystem.Granularity;
import org.medcode.dataset.Admission;
import org.medcode.dataset.Dataset;
import org.medcode.dataset.DatasetSpec;
import org.medcode.dataset.Datasets;
import org.medcode.dataset.GoldCode;
import org.medcode.eval.EvaluationResult;
import org.medcode.eval.Evaluator;
import org.medcode.prediction.PredictionFormat;
import org.medcode.prediction.PredictionReader;
import org.medcode.prediction.PredictionSet;
import org.medcode.report.EvaluationReport;
import org.medcode.report.RunFolder;

/**
 * The one facade behind the command line: every command turns its arguments into a spec and calls a method here.
 * {@code dataRoot} holds the pulled public data (laid out like the mirror), {@code resultsRoot} the run folders.
 */
public final class Medcode {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);
  private static final int EXAMPLES = 5;

  private final Path dataRoot;
  private final Path resultsRoot;
  private final Clock clock;

  public Medcode(Path dataRoot, Path resultsRoot, Clock clock) {
    this.dataRoot = dataRoot;
    this.resultsRoot = resultsRoot;
    this.clock = clock;
  }

  public Path dataRoot() {
    return dataRoot;
  }

  /** The outcome of an evaluation: the report and the folder its files were written to. */
  public record EvaluateOutcome(EvaluationReport report, Path folder) {}

  public EvaluateOutcome evaluate(EvaluateSpec spec) {
    DatasetSpec datasetSpec = DatasetSpec.parse(spec.dataset());
    Dataset dataset = Datasets.load(datasetSpec, dataRoot);
    CodeSystemId system = chooseSystem(spec.system(), dataset);
    CodeTable table = codeTable(system, spec.year(), spec.codeTable(), datasetSpec);
    PredictionFormat format = spec.format() != null ? spec.format() : PredictionFormat.of(spec.predictions());
    PredictionSet predictions = PredictionReader.read(spec.predictions(), format);

    Set<String> ids = new HashSet<>();
    for (Admission admission : dataset.admissions()) {
      ids.add(admission.id());
    }
    List<String> unknown = new ArrayList<>();
    for (String id : predictions.byAdmission().keySet()) {
      if (!ids.contains(id)) {
        unknown.add(id);
      }
    }
    EvaluationResult result = Evaluator.evaluate(dataset.admissions(), predictions.byAdmission(), table, spec.options());
    var now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    EvaluationReport report = new EvaluationReport(BuildInfo.version(), now.toString(),
        new EvaluationReport.DatasetInfo(dataset.spec(), dataset.fingerprint(), dataset.admissions().size(), dataset.warnings()),
        new EvaluationReport.PredictionsInfo(spec.predictions().toString(), format.label(), predictions.rows(),
            predictions.duplicates(), predictions.duplicateExamples(), predictions.byAdmission().size(), unknown.size(),
            unknown.subList(0, Math.min(EXAMPLES, unknown.size()))),
        table, result);
    Path folder = spec.out() != null ? spec.out()
        : resultsRoot.resolve(STAMP.format(now) + "_evaluate_" + slug(dataset.spec()));
    RunFolder.write(report, folder);
    return new EvaluateOutcome(report, folder);
  }

  /** Loads the code table for a system: a user table when given, else the official one of {@code year}. */
  public CodeTable codeTable(CodeSystemId system, String year, Path userTable, DatasetSpec datasetSpec) {
    if (userTable != null) {
      return CodeTables.userTable(system, userTable);
    }
    return CodeTables.load(dataRoot, system, year != null ? year : defaultYear(datasetSpec));
  }

  /** CodiEsp's codes are the 2018 edition; everything else defaults to the newest mirrored table. */
  static String defaultYear(DatasetSpec datasetSpec) {
    return datasetSpec != null && datasetSpec.toString().startsWith("codiesp") ? "2018" : "2026";
  }

  private static CodeSystemId chooseSystem(CodeSystemId requested, Dataset dataset) {
    if (requested != null) {
      return requested;
    }
    if (dataset.systems().size() == 1) {
      return dataset.systems().get(0);
    }
    if (dataset.systems().isEmpty()) {
      throw new MedcodeException(dataset.spec() + " has no gold codes; name the code system with --system");
    }
    throw new MedcodeException(dataset.spec() + " has gold codes of " + dataset.systems()
        + "; evaluate one at a time with --system " + dataset.systems().get(0).label());
  }

  /** Looks codes up in a system's table: status, title, ancestors. */
  public List<CodeLookup> lookup(CodeSystemId system, String year, Path userTable, List<String> codes) {
    CodeTable table = codeTable(system, year, userTable, null);
    List<CodeLookup> result = new ArrayList<>();
    for (String input : codes) {
      String code = table.system().normalize(input);
      var status = table.status(code);
      List<CodeLookup.Level> levels = new ArrayList<>();
      for (Granularity granularity : Granularity.values()) {
        if (granularity == Granularity.EXACT || !table.system().granularities().contains(granularity)) {
          continue;
        }
        table.system().ancestor(code, granularity).ifPresent(key -> levels.add(new CodeLookup.Level(granularity.label(),
            table.system().levelName(granularity), key, table.title(key, granularity).orElse(""))));
      }
      String display = table.system().isWellFormed(code) ? table.system().display(code) : code;
      result.add(new CodeLookup(input, code, display, status,
          table.entry(code).map(e -> e.longTitle()).orElse(""), levels));
    }
    return result;
  }

  /** Lists a dataset's gold codes of one system that the table does not know as billable codes. */
  public GoldAudit audit(String datasetText, CodeSystemId requested, String year, Path userTable) {
    DatasetSpec datasetSpec = DatasetSpec.parse(datasetText);
    Dataset dataset = Datasets.load(datasetSpec, dataRoot);
    CodeSystemId system = chooseSystem(requested, dataset);
    CodeTable table = codeTable(system, year, userTable, datasetSpec);
    Map<String, Long> occurrences = new TreeMap<>();
    Map<String, List<String>> examples = new TreeMap<>();
    Map<CodeStatus, Long> byStatus = new EnumMap<>(CodeStatus.class);
    Map<CodeStatus, Long> distinct = new EnumMap<>(CodeStatus.class);
    long total = 0;
    for (Admission admission : dataset.admissions()) {
      for (GoldCode gold : admission.codes()) {
        if (gold.system() != system) {
          continue;
        }
        total++;
        CodeStatus status = table.status(gold.code());
        byStatus.merge(status, 1L, Long::sum);
        if (occurrences.merge(gold.code(), 1L, Long::sum) == 1L) {
          distinct.merge(status, 1L, Long::sum);
        }
        List<String> where = examples.computeIfAbsent(gold.code(), k -> new ArrayList<>());
        if (where.size() < 3 && !where.contains(admission.id())) {
          where.add(admission.id());
        }
      }
    }
    List<GoldAudit.Finding> findings = new ArrayList<>();
    for (Map.Entry<String, Long> entry : occurrences.entrySet()) {
      String code = entry.getKey();
      CodeStatus status = table.status(code);
      if (status != CodeStatus.BILLABLE && status != CodeStatus.UNCHECKED) {
        String display = table.system().isWellFormed(code) ? table.system().display(code) : code;
        findings.add(new GoldAudit.Finding(code, display, status, entry.getValue(), examples.get(code)));
      }
    }
    findings.sort(java.util.Comparator.comparing(GoldAudit.Finding::status).thenComparing(GoldAudit.Finding::code));
    return new GoldAudit(dataset.spec(), table.describe(), total, byStatus, distinct, findings);
  }

  static String slug(String text) {
    String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
    return slug.length() > 60 ? slug.substring(0, 60) : slug;
  }
}
