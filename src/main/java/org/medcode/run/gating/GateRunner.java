package org.medcode.run.gating;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.medcode.Futures;
import org.medcode.Launcher;
import org.medcode.MedcodeException;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.Granularity;
import org.medcode.eval.EvalOptions;
import org.medcode.eval.Estimate;
import org.medcode.eval.InvalidPolicy;
import org.medcode.eval.Paired;
import org.medcode.eval.PairedComparison;
import org.medcode.eval.PairedSide;
import org.medcode.eval.Population;
import org.medcode.gate.CoderVerdict;
import org.medcode.gate.Completeness;
import org.medcode.gate.Gate;
import org.medcode.gate.GateRule;
import org.medcode.gate.GateVerdict;
import org.medcode.gate.RuleResult;
import org.medcode.gate.Scores;
import org.medcode.report.GateReports;
import org.medcode.run.engine.RunFolderLock;
import org.medcode.run.engine.RunSession;
import org.medcode.run.engine.StoredRun;
import org.medcode.run.record.RunConfig;
import org.medcode.run.record.RunConfigs;
import org.medcode.run.record.RunManifest;
import org.medcode.run.workspace.Workspace;

/** The work behind {@code medcode gate} and {@code medcode baseline}: reads runs and baselines, judges, reports. */
public final class GateRunner {
  private final Workspace workspace;

  public GateRunner(Workspace workspace) {
    this.workspace = workspace;
  }

  /** A verdict, the code table the run was scored with (null when no baseline needed loading it) and the folder. */
  public record Result(GateVerdict verdict, CodeTable table, Path folder) {}

  public Result gate(GateSpec spec) {
    Path folder = spec.out() != null ? spec.out() : spec.run().resolve("gate");
    removePreviousVerdict(folder);
    GateFile file = spec.gateFile() == null ? new GateFile(null, List.of(), null, null, List.of())
        : GateFile.read(spec.gateFile());
    List<GateRule> rules = new ArrayList<>();
    List<String> texts = new ArrayList<>(file.rules());
    texts.addAll(spec.rules());
    if (texts.isEmpty()) {
      throw new MedcodeException("no gate rules: give --rule '...' or a gate file with rules:, e.g. --rule "
          + "'exact.micro.recall >= 0.40'");
    }
    rules.addAll(parseAll(texts));
    double maxFailureRate = spec.maxFailureRate() != null ? spec.maxFailureRate()
        : file.maxFailureRate() != null ? file.maxFailureRate() : GateSpec.DEFAULT_MAX_FAILURE_RATE;
    if (!(maxFailureRate >= 0 && maxFailureRate <= 1)) {
      throw new MedcodeException("--max-failure-rate must be between 0 and 1 (a share of admissions), got "
          + maxFailureRate); // a gate file's maxFailureRate is checked as the file is read
    }
    int permutations = spec.permutations() != null ? spec.permutations()
        : file.permutations() != null ? file.permutations() : Paired.DEFAULT_PERMUTATIONS;
    if (permutations < 0) {
      throw new MedcodeException("--permutations must be >= 0, got " + permutations);
    }
    Path baselinePath = spec.baseline() != null ? spec.baseline() : file.baseline();
    boolean needsBaseline = rules.stream().anyMatch(GateRule::delta);
    if (needsBaseline && baselinePath == null) {
      throw new MedcodeException("gate rule '" + rules.stream().filter(GateRule::delta).findFirst().orElseThrow().text()
          + "' compares with a baseline; give --baseline RUN_DIR|FILE or baseline: in the gate file");
    }

    refuseNonRun(spec.run(), "gate", "then gate that run (or give run --gate FILE)");
    RunFolderLock.refuseWhileWritten(spec.run()); // not judged as an interrupted run while another process runs it
    RunManifest manifest = RunManifest.read(spec.run());
    Map<String, RunManifest.CoderEntry> ran = manifest.entries();
    List<String> configured = manifest.config().coders().stream().map(RunConfig.CoderConfig::id).toList();
    List<String> coders = new ArrayList<>(!spec.coders().isEmpty() ? spec.coders() : file.coders());
    for (String coder : coders) {
      if (coders.indexOf(coder) != coders.lastIndexOf(coder)) {
        throw new MedcodeException("the gate names coder '" + coder + "' twice (--coder, or coders: in the gate file);"
            + " name each coder once: each is judged once, with one test suite in junit.xml");
      }
      if (!configured.contains(coder)) {
        throw new MedcodeException("the gate names coder '" + coder + "', but the run " + spec.run() + " has "
            + configured + "; name one of them (--coder, or coders: in the gate file)");
      }
    }
    if (coders.isEmpty()) {
      coders.addAll(configured);
    }
    int admissions = manifest.dataset() == null ? 0 : manifest.dataset().admissions();

    StoredRun stored = null;
    StoredRun baselineRun = null;
    Baselines.Baseline baselineFile = null;
    if (baselinePath != null) {
      requireBaseline(baselinePath, spec.baseline() != null ? MedcodeException.readFromHere() : fromGateFile(spec.gateFile()),
          "");
    }
    if (baselinePath != null) {
      if (Files.isDirectory(baselinePath)) {
        // a coder's folder holds a manifest too: read as a run, it was one without coders ("it has []")
        RunSession.refuseCoderFolder(baselinePath, "give the run as the baseline, PARENT, or the coder's metrics.json, "
            + baselinePath.resolve("metrics.json"));
        if (!Files.exists(baselinePath.resolve(RunManifest.FILE))) { // not "start it again with run ... --out BASELINE"
          Path metrics = baselinePath.resolve("metrics.json");
          throw new MedcodeException("the baseline " + baselinePath + " is a folder but not a run folder (it has no "
              + RunManifest.FILE + ")" + (spec.baseline() != null ? "" : fromGateFile(spec.gateFile())) + "; give "
              + (Files.exists(metrics) ? "its metrics.json, " + metrics + " (point values and its own intervals), or"
                  : "a baseline file (" + Launcher.command() + " baseline RUN_DIR --out FILE), a coder's metrics.json"
                      + " or")
              + " a run folder");
        }
        baselineRun = StoredRun.load(workspace, baselinePath);
      } else {
        baselineFile = Baselines.read(baselinePath);
      }
    }
    List<CoderVerdict> verdicts = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    CodeTable table = null;
    for (String coder : coders) {
      RunManifest.CoderEntry counts = ran.get(coder);
      int[] logged = counts == null ? StoredRun.loggedCounts(spec.run(), coder) : null;
      Completeness completeness = counts == null
          ? new Completeness(admissions, logged[0], logged[1], Math.max(0, admissions - logged[0] - logged[1]),
              maxFailureRate, "not run",
              List.of(Files.exists(spec.run().resolve(coder).resolve("predictions.jsonl"))
                  ? "coder '" + coder + "' was interrupted before " + spec.run() + " recorded it (the run's status is "
                      + manifest.status() + "): continue it with " + Launcher.WRITTEN + " run --resume " + spec.run()
                  : "coder '" + coder + "' did not run in " + spec.run() + " (the run's status is " + manifest.status()
                      + "; coders with answers: " + withAnswers(spec.run(), manifest) + ")"
                      + ("complete".equals(manifest.status()) ? ""
                          : ": continue it with " + Launcher.WRITTEN + " run --resume " + spec.run())))
          : Completeness.of(counts.admissions(), counts.answered(), counts.failed(), maxFailureRate,
              counts.status() == null ? "complete" : counts.status());
      Path metricsFile = spec.run().resolve(coder).resolve("metrics.json");
      if (!completeness.measured()) { // its metrics are an empty log's zeros: judging a rule on them would say nothing
        verdicts.add(new CoderVerdict(coder, completeness, List.of(), null, null, null));
        continue;
      }
      if (!Files.isRegularFile(metricsFile)) {
        if (completeness.complete()) {
          throw new MedcodeException(metricsFile + " is missing: rebuild the run's reports with " + Launcher.command() + " report "
              + spec.run());
        }
        verdicts.add(new CoderVerdict(coder, completeness, List.of(), null, null, null));
        continue;
      }
      JsonNode metrics = Baselines.readMetrics(metricsFile);
      Scores current = Baselines.scores(coder, metrics, counts == null ? null : Baselines.Counts.of(counts));
      Scores baseScores = null;
      // The baseline's side is scored on another thread while this run's side is read and scored.
      CompletableFuture<PairedSide> baseSide = null;
      if (baselineRun != null) {
        String id = baselineCoder(baselineRun, coder, coders.size());
        if (!id.equals(coder)) {
          notes.add(otherCoder(baselinePath, id, coder));
        }
        Path baseMetricsFile = baselinePath.resolve(id).resolve("metrics.json");
        JsonNode baseMetrics = Baselines.readMetrics(baseMetricsFile);
        checkRecorded(metrics, metricsFile, spec.run());
        Baselines.checkRecorded(baseMetrics, "the baseline's " + baseMetricsFile, "rebuild the baseline run's reports"
            + " with this medcode: " + Launcher.command() + " report " + baselinePath);
        Baselines.checkComparable(metrics, baseMetrics, baselinePath.toString());
        RunManifest.CoderEntry baseCounts = baselineRun.manifest().entry(id);
        checkBaselineComplete(baselinePath, id, baseCounts == null ? null : Baselines.Counts.of(baseCounts),
            maxFailureRate, notes);
        baseScores = Baselines.scores(baselinePath + "/" + id, baseMetrics,
            baseCounts == null ? null : Baselines.Counts.of(baseCounts));
        StoredRun.Coder answers = baselineRun.coder(id).orElseThrow();
        StoredRun base = baselineRun;
        baseSide = CompletableFuture.supplyAsync(() -> PairedSide.of("baseline", base.dataset().admissions(),
            answers.predictions(), base.table(), pairedOptions(base.options(), rules)));
        table = baselineRun.table();
      } else if (baselineFile != null) {
        if (baselineFile.coder() != null && !baselineFile.coder().equals(coder) && coders.size() > 1) {
          throw new MedcodeException("the baseline " + baselinePath + " is coder '" + baselineFile.coder()
              + "'; gate one coder with --coder, or give one baseline per gate");
        }
        if (baselineFile.coder() == null && coders.size() > 1) { // every coder was judged against one coder's numbers
          throw new MedcodeException("the baseline " + baselinePath + " is one coder's metrics.json, and the gate judges "
              + coders.size() + " coders " + coders + "; gate one coder with --coder (or coders: in the gate file), or"
              + " give the baseline run's folder, which has each coder's numbers");
        }
        checkRecorded(metrics, metricsFile, spec.run());
        Baselines.checkRecorded(baselineFile.metrics(), "the baseline " + baselinePath, "rebuild the reports of the"
            + " run it was written from with this medcode (" + Launcher.command() + " report RUN_DIR), then write it"
            + " again: " + Launcher.command() + " baseline RUN_DIR --out " + baselinePath);
        Baselines.checkComparable(metrics, baselineFile.metrics(), baselinePath.toString());
        if (baselineFile.coder() != null && !baselineFile.coder().equals(coder)) {
          notes.add(otherCoder(baselinePath, baselineFile.coder(), coder));
        }
        if (baselineFile.counts() != null) {
          checkBaselineComplete(baselinePath, baselineFile.coder() == null ? coder : baselineFile.coder(),
              baselineFile.counts(), maxFailureRate, notes);
        }
        baseScores = baselineFile.scores();
        baseSide = baselineFile.paired() == null ? null : CompletableFuture.completedFuture(baselineFile.paired());
      }
      if (baseSide == null && counts != null) {
        // no baseline to pair with, so the run is not loaded: its log is still held to what the run recorded
        StoredRun.checkLog(spec.run(), coder, counts);
      }
      PairedComparison comparison = null;
      Map<String, Estimate> paired = new HashMap<>();
      Map<String, Double> pValues = new HashMap<>();
      String basis = "";
      if (baseSide != null) {
        if (stored == null) {
          stored = StoredRun.load(workspace, spec.run());
        }
        table = stored.table();
        if (baselineRun != null && !table.sameCodes(baselineRun.table())) { // described alike: checked by name before
          throw new MedcodeException("the baseline " + baselinePath + " was scored with another code table: both are '"
              + table.describe() + "', but with other codes or billable flags (a table of your own, two files of one"
              + " name); make a new baseline from a run scored like this one (" + Launcher.command()
              + " baseline RUN_DIR --out FILE)");
        }
        StoredRun.Coder answers = stored.coder(coder).orElseThrow(() -> new MedcodeException("coder '" + coder
            + "' has no predictions in " + spec.run()));
        PairedSide side = PairedSide.of(coder, stored.dataset().admissions(), answers.predictions(), stored.table(),
            pairedOptions(stored.options(), rules));
        PairedSide base = Futures.join(baseSide);
        if (!side.admissionIds().equals(base.admissionIds())) {
          throw new MedcodeException("the baseline " + baselinePath + " scored other admissions than this run ("
              + base.admissionIds().size() + " vs " + side.admissionIds().size() + "; " + difference(base.admissionIds(),
                  side.admissionIds()) + ") although both name the same dataset: the baseline was edited or cut since"
              + " it was written; write it again from its run with " + Launcher.command() + " baseline RUN_DIR --out FILE (or give the"
              + " run folder)");
        }
        if (answers.predictions().size() < side.admissionIds().size()) {
          // a run stopped early: paired as compare pairs it, on the admissions it coded (a failure is an empty answer),
          // never scoring the rest as empty answers that lost the baseline's codes
          java.util.Set<String> coded = answers.predictions().keySet();
          side = side.restrictedTo(coded);
          base = base.restrictedTo(coded);
        }
        comparison = Paired.compare(base, side, stored.options(), permutations, stored.dataset().admissions());
        for (PairedComparison.Difference d : comparison.differences()) {
          String path = d.key().granularity().label() + "." + d.key().averaging().label() + "." + d.key().metricLabel();
          paired.put(path, new Estimate(d.difference(), d.ciLow(), d.ciHigh()));
          pValues.put(path, d.pValue());
        }
        basis = "paired bootstrap interval of the difference (" + comparison.resamples() + " resamples"
            + (stored.options().groupByPatient() ? " of patients" : "") + ", " + Gate.percent(comparison.confidence())
            + (permutations > 0 ? "), approximate randomisation with " + permutations + " rounds" : ")");
      }
      List<RuleResult> results;
      try {
        results = Gate.judge(rules, current, baseScores, paired, pValues, basis);
      } catch (GateRule.Invalid e) {
        throw new MedcodeException(e.getMessage());
      }
      JsonNode settings = metrics.path("settings");
      verdicts.add(new CoderVerdict(coder, completeness, results, comparison,
          InvalidPolicy.ofLabel(settings.path("invalid_policy").asText()),
          Population.ofLabel(settings.path("population").asText())));
    }
    if (baselinePath != null && baselineFile != null && baselineFile.paired() == null) {
      notes.add("the baseline " + baselinePath + " is a plain metrics.json: .delta intervals are this run's interval "
          + "minus the baseline's point value, and regressed codes cannot be named; write a baseline with "
          + Launcher.WRITTEN + " baseline RUN_DIR --out FILE for paired intervals");
    }
    GateVerdict verdict = new GateVerdict(spec.run().toString(), baselinePath == null ? null : baselinePath.toString(),
        verdicts, notes);
    return new Result(verdict, table, folder);
  }

  /**
   * The run's options cut to the levels a gate reads of a paired comparison: the exact level (the regressed codes and
   * admissions) and the level of each {@code .delta} rule; the run's own levels when it has none of them. A level's
   * paired values do not depend on the other levels compared (the same draws and swaps at every level), so they are
   * the same to the last bit; the levels left out were computed and never shown.
   */
  static EvalOptions pairedOptions(EvalOptions options, List<GateRule> rules) {
    List<Granularity> kept = options.levels().stream().filter(level -> level == Granularity.EXACT || rules.stream()
        .anyMatch(rule -> rule.delta() && rule.metric().startsWith(level.label() + "."))).toList();
    return kept.isEmpty() || kept.size() == options.levels().size() ? options : options.withLevels(kept);
  }

  /**
   * Removes the verdict files an earlier gate left in the folder, before this gate judges: one that then stops with an
   * error (exit 2: a rule the data cannot answer, a baseline scored otherwise) must not leave its folder holding the
   * earlier verdict, which a CI job publishing {@code junit.xml} would show as this gate's.
   */
  private static void removePreviousVerdict(Path folder) {
    if (GateReports.FILES.stream().noneMatch(name -> Files.exists(folder.resolve(name)))) {
      return;
    }
    RunFolderLock.holding(folder, "gate", () -> {
      for (String name : GateReports.FILES) {
        try {
          Files.deleteIfExists(folder.resolve(name));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException("cannot remove the earlier gate verdict " + folder.resolve(name), e);
        }
      }
    });
  }

  /**
   * Refuses, for {@code command}, a folder that is one coder's folder of a run or the output of medcode evaluate,
   * saying which folder to give instead ({@code then}: what to do once the predictions are a run's coder).
   */
  private static void refuseNonRun(Path folder, String command, String then) {
    RunSession.refuseCoderFolder(folder, command + " the run: " + Launcher.command() + " " + command
        + " PARENT --coder " + folder.getFileName());
    if (!Files.exists(folder.resolve(RunManifest.FILE)) && Files.exists(folder.resolve("metrics.json"))) {
      throw new MedcodeException(folder + " holds the output of medcode evaluate, not a run: to " + command
          + " predictions made elsewhere, run them as a coder, e.g. --set 'coders=[{name: replay, file: PREDICTIONS}]', "
          + then);
    }
  }

  /**
   * Reads a gate file and parses its rules, so that a run with {@code --gate} fails before coding, not after; with the
   * run's coder ids ({@code runCoders}, null when not known), also the coders the file names; with the run's metrics
   * settings ({@code metrics}, null when not known), also that each rule names a number the run will have.
   */
  public static void check(Path gateFile, List<String> runCoders, RunConfig.MetricsConfig metrics) {
    GateFile file = GateFile.read(gateFile);
    List<GateRule> rules = parseAll(file.rules());
    if (metrics != null) {
      rules.forEach(rule -> checkAnswerable(rule, metrics, gateFile));
    }
    if (runCoders != null) {
      for (String coder : file.coders()) {
        if (!runCoders.contains(coder)) {
          throw new MedcodeException("the gate file " + gateFile + " names coder '" + coder + "', but the run has "
              + runCoders + "; name one of them in its coders: (or add the coder to the config). Nothing was run");
        }
      }
    }
    if (file.baseline() != null) {
      requireBaseline(file.baseline(), fromGateFile(gateFile), ". Nothing was run");
    }
  }

  /**
   * Refuses, before coding, a rule the run's metrics settings can never answer, which the gate would refuse (exit 2)
   * only once every admission was coded: a level the run does not score, p@K or r@K at a K it does not rank to, an
   * interval when it computes none.
   */
  private static void checkAnswerable(GateRule rule, RunConfig.MetricsConfig metrics, Path gateFile) {
    if (GateRule.RUN_QUANTITIES.contains(rule.metric())) {
      return;
    }
    String[] parts = rule.metric().split("\\.");
    List<String> levels = metrics.levels().stream().map(Granularity::label).toList();
    String problem = null;
    if (!levels.contains(parts[0])) {
      problem = "the run scores the levels " + levels + " (metrics.levels), not " + parts[0];
    } else if (parts[2].matches("[pr]@\\d+") && metrics.k().stream().map(String::valueOf)
        .noneMatch(parts[2].substring(2)::equals)) {
      problem = "the run ranks at K " + metrics.k() + " (metrics.k), not " + parts[2].substring(2);
    } else if (rule.mode() == org.medcode.gate.GateMode.INTERVAL && metrics.bootstrap() == 0) {
      problem = "asks for an interval, but the run computes none (metrics.bootstrap is 0)";
    }
    if (problem != null) {
      throw new MedcodeException("gate rule '" + rule.text() + "' of the gate file " + gateFile + ": " + problem
          + ", so the gate could not judge it; change the rule or the config's metrics. Nothing was run");
    }
  }

  /** Writes a baseline file of one coder of a run; returns its path. */
  public Path baseline(BaselineSpec spec) {
    refuseNonRun(spec.run(), "baseline", "then write its baseline");
    StoredRun run = StoredRun.load(workspace, spec.run());
    String coder = spec.coder();
    if (coder == null) {
      if (run.coders().size() != 1) {
        throw new MedcodeException("the run has " + run.coders().size() + " coders " + run.coderIds()
            + "; choose one with --coder");
      }
      coder = run.coders().get(0).id();
    }
    String id = coder;
    StoredRun.Coder answers = run.coder(id).orElseThrow(() -> new MedcodeException("the run has no coder '" + id
        + "'; it has " + run.coderIds()));
    RunManifest manifest = run.manifest();
    RunManifest.CoderEntry counts = manifest.entry(id);
    Completeness completeness = counts == null ? null : Completeness.of(counts.admissions(), counts.answered(),
        counts.failed(), GateSpec.DEFAULT_MAX_FAILURE_RATE, counts.status() == null ? "complete" : counts.status());
    if (completeness == null || !completeness.complete()) {
      throw new MedcodeException("coder '" + id + "' of " + spec.run() + " did not complete its run"
          + (completeness == null ? "" : " (" + String.join("; ", completeness.problems()) + ")") + "; a baseline must"
          + " come from a complete run: finish it with " + Launcher.command() + " run --resume " + spec.run() + " (--retry-failed for"
          + " its failures)");
    }
    org.medcode.run.table.RunTables.checkOutside(spec.out(), List.of(spec.run()));
    Path metricsFile = spec.run().resolve(id).resolve("metrics.json");
    JsonNode metrics = Baselines.readMetrics(metricsFile);
    checkRecorded(metrics, metricsFile, spec.run());
    PairedSide side = PairedSide.of(id, run.dataset().admissions(), answers.predictions(), run.table(), run.options());
    Baselines.disagreement(side, metrics).ifPresent(problem -> {
      // the file would hold two scorings, which a gate refuses as a file edited or put together from two runs
      throw new MedcodeException(metricsFile + " does not hold what this medcode scores from the run's answers ("
          + problem + "): it was written by an older medcode whose scoring differed, or edited since; rebuild the"
          + " run's reports with " + Launcher.command() + " report " + spec.run() + ", then write the baseline");
    });
    Map<String, String> coderConfig = manifest.config().coder(id).map(RunConfigs::fields)
        .orElse(null);
    Baselines.Origin origin = new Baselines.Origin(spec.run().getFileName().toString(), manifest.started(),
        manifest.harness(), coderConfig);
    Baselines.write(spec.out(), id, origin, metrics, Baselines.Counts.of(counts), side);
    return spec.out();
  }

  /** Refuses a run's metrics.json written by an older medcode (see {@link Baselines#checkRecorded}). */
  private static void checkRecorded(JsonNode metrics, Path metricsFile, Path run) {
    Baselines.checkRecorded(metrics, metricsFile.toString(), "rebuild the run's reports with this medcode: "
        + Launcher.command() + " report " + run);
  }

  /**
   * A baseline run must be complete, as for {@code medcode baseline}: admissions it never coded would count as empty
   * predictions and make any change look like a gain. Failures count as empty predictions, as in its own metrics; the
   * verdict notes them.
   */
  private static void checkBaselineComplete(Path baseline, String id, Baselines.Counts counts, double maxFailureRate,
      List<String> notes) {
    Completeness completeness = counts == null ? null : Completeness.of(counts.admissions(), counts.answered(),
        counts.failed(), maxFailureRate, counts.status());
    if (completeness == null || !completeness.complete()) {
      throw new MedcodeException("the baseline " + baseline + " is not complete for coder '" + id + "' ("
          + (completeness == null ? "the run was interrupted before it recorded the coder"
              : String.join("; ", completeness.problems())) + "): a baseline must come from a complete run, held to"
          + " the gate's failure limit; finish that run with " + Launcher.command() + " run --resume RUN_DIR (--retry-failed for its"
          + " failures), then use it or a baseline file written from it");
    }
    if (counts.failed() > 0) {
      notes.add("the baseline's coder '" + id + "' failed on " + counts.failed() + " of " + counts.admissions()
          + " admissions; they count as empty predictions, as in its own metrics");
    }
  }

  /** Refuses a baseline that does not exist; {@code where} says where its path was read from. */
  private static void requireBaseline(Path baseline, String where, String then) {
    if (!Files.exists(baseline)) {
      throw new MedcodeException("the baseline " + baseline + " does not exist" + where + "; give a baseline file"
          + " (" + Launcher.command() + " baseline RUN_DIR --out FILE), a coder's metrics.json or a run folder" + then);
    }
  }

  private static String fromGateFile(Path gateFile) {
    return " (baseline: in the gate file " + gateFile + " is read from the gate file's folder)";
  }

  /** The note of a baseline of another coder id than the one gated (a renamed coder, or the wrong baseline). */
  private static String otherCoder(Path baseline, String baselineCoder, String coder) {
    return "the baseline " + baseline + " is coder '" + baselineCoder + "', judged against coder '" + coder + "' of this"
        + " run: if that is not the same coder renamed, give its own baseline";
  }

  private static String baselineCoder(StoredRun baseline, String coder, int gated) {
    if (baseline.coder(coder).isPresent()) {
      return coder;
    }
    if (gated == 1 && baseline.coders().size() == 1) {
      return baseline.coders().get(0).id();
    }
    throw new MedcodeException("the baseline run " + baseline.folder() + " has no coder '" + coder + "'; it has "
        + baseline.coderIds());
  }

  /** The first admission one side has and the other lacks, or that the order differs. */
  private static String difference(List<String> baseline, List<String> run) {
    java.util.Set<String> inRun = new java.util.HashSet<>(run);
    java.util.Set<String> inBaseline = new java.util.HashSet<>(baseline);
    for (String id : baseline) {
      if (!inRun.contains(id)) {
        return "e.g. " + org.medcode.Ids.show(id) + " is in the baseline only";
      }
    }
    for (String id : run) {
      if (!inBaseline.contains(id)) {
        return "e.g. " + org.medcode.Ids.show(id) + " is in this run only";
      }
    }
    return baseline.size() != inBaseline.size() ? "the baseline lists an admission twice"
        : "the same admissions in another order";
  }

  /**
   * Parses the rules, refusing a rule given twice, as written or written otherwise ({@code 40%} for {@code 0.40}): it
   * was judged twice, counted twice in the verdict and written as two test cases of one name in junit.xml.
   */
  private static List<GateRule> parseAll(List<String> texts) {
    List<GateRule> rules = new ArrayList<>();
    for (String text : texts) {
      GateRule rule = parse(text);
      for (GateRule earlier : rules) {
        if (earlier.metric().equals(rule.metric()) && earlier.delta() == rule.delta()
            && earlier.operator() == rule.operator() && earlier.threshold() == rule.threshold()
            && earlier.mode() == rule.mode()) {
          throw new MedcodeException("the gate has rule '" + earlier.text() + "' twice" + (earlier.text().equals(
              rule.text()) ? "" : " (also as '" + rule.text() + "')") + " (--rule, or rules: in the gate file); give"
              + " each rule once: each is judged once, with one test case in junit.xml");
        }
      }
      rules.add(rule);
    }
    return rules;
  }

  private static GateRule parse(String text) {
    try {
      return GateRule.parse(text);
    } catch (GateRule.Invalid e) {
      throw new MedcodeException(e.getMessage());
    }
  }

  /** The run's coders that recorded answers: in the manifest, or in a prediction log an interrupted run left. */
  private static List<String> withAnswers(Path run, RunManifest manifest) {
    return manifest.config().coders().stream().map(RunConfig.CoderConfig::id)
        .filter(id -> manifest.entry(id) != null || Files.exists(run.resolve(id).resolve("predictions.jsonl")))
        .toList();
  }
}
