package org.medcode.run.studies;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.medcode.Launcher;
import org.medcode.MedcodeException;
import org.medcode.coder.llm.ModelNames;
import org.medcode.dataset.DatasetSpec;
import org.medcode.dataset.Release;
import org.medcode.dataset.mimic.MimicLoader;
import org.medcode.report.CoderReport;
import org.medcode.report.EvaluationReport;
import org.medcode.report.ReportFiles;
import org.medcode.report.StudyReports;
import org.medcode.run.engine.RunFolderLock;
import org.medcode.run.engine.RunOutcome;
import org.medcode.run.engine.RunSession;
import org.medcode.run.engine.StoredRun;
import org.medcode.run.record.RunConfig;
import org.medcode.run.record.RunManifest;
import org.medcode.run.record.StudyConfigs;
import org.medcode.run.workspace.Workspace;
import org.medcode.study.Study;
import org.medcode.study.StudyJudge;
import org.medcode.study.StudyResult;

/** Runs study files, judges study runs and lists the studies a checkout has. */
public final class Studies {
  private Studies() {}

  /** What a study needs and whether this machine has it: {@code status} says so in words. */
  public record NeedStatus(Study.Need need, boolean met, String status) {}

  /** One study file: its study, its dataset spec and its needs as they stand here. */
  /** One study file: its study, dataset and needs; or, for a file that cannot be read, {@code error} (the rest null). */
  public record Listing(Path file, Study study, String dataset, List<NeedStatus> needs, String error) {
    Listing(Path file, Study study, String dataset, List<NeedStatus> needs) {
      this(file, study, dataset, needs, null);
    }
  }

  /**
   * Runs a study file in a new run folder: the config (with {@code overrides}, a {@code split} and only {@code coders}
   * when given, as {@code run} does) after checking that what the study needs is here (a need named by an environment
   * variable the config still uses, e.g. {@code ${MIMIC_IV_DIR}}, must be set: else exit 3 with what to provide). The
   * study is kept beside the run ({@code study.yaml}) before any coder runs, so that a resumed run is judged too.
   */
  /** A study file's protocol as a config, once what it needs is checked (as {@link #run}; for the dry run). */
  public static RunConfig config(Path file, List<String> overrides, String split, List<String> coders,
      Function<String, String> env) {
    return checked(StudyConfigs.load(file, overrides), split, coders, env);
  }

  private static RunConfig checked(StudyConfigs.StudyFile study, String split, List<String> coders,
      Function<String, String> env) {
    RunConfig config = study.config().withSplit(split).withCoders(coders);
    checkNeeds(study.study(), config, env);
    return config;
  }

  public static RunOutcome run(Workspace workspace, Path file, List<String> overrides, String split, List<String> coders,
      Path out, Function<String, String> env) {
    StudyConfigs.StudyFile study = StudyConfigs.load(file, overrides);
    RunConfig config = checked(study, split, coders, env);
    boolean existed = out != null && Files.isDirectory(out);
    Path folder = out != null ? out : workspace.newResultFolder(workspace.now(), Workspace.slug(config.name()));
    if (Files.exists(folder.resolve("manifest.json"))) {
      throw new MedcodeException(folder + " already holds a run; continue it with --resume " + folder + " or choose another --out");
    }
    if (Files.exists(folder.resolve(StudyConfigs.FILE))) {
      // a study file without a manifest: left by a run killed before it started (loading its data), which recorded
      // nothing and cannot be resumed, so this run takes its place; unless another process is starting it right now
      RunFolderLock.acquire(folder, "run").close();
    }
    try {
      Files.createDirectories(folder);
      ReportFiles.replace(folder.resolve(StudyConfigs.FILE), temp -> StudyConfigs.write(study.study(), temp));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + folder.resolve(StudyConfigs.FILE), e);
    }
    try {
      return new RunSession(workspace).start(config, folder);
    } catch (RuntimeException e) {
      if (!Files.exists(folder.resolve("manifest.json"))) { // refused before it started: leave nothing behind
        try {
          Files.deleteIfExists(folder.resolve(StudyConfigs.FILE));
          if (!existed) {
            Workspace.discardIfEmpty(folder);
          }
        } catch (IOException ignored) {
          // a folder that is not empty stays
        }
      }
      throw e;
    }
  }

  /**
   * Refuses a study whose needs are not here: every need named by an environment variable that the config still
   * refers to as {@code ${NAME}} must be set.
   *
   * @throws MedcodeException.NotProvided listing what to provide (exit code 3)
   */
  static void checkNeeds(Study study, RunConfig config, Function<String, String> env) {
    String text = StudyConfigs.text(config);
    List<String> missing = new ArrayList<>();
    for (Study.Need need : study.needs()) {
      if (need.env() != null && text.contains("${" + need.env() + "}") && blank(env.apply(need.env()))) {
        missing.add(need.what() + ": set " + need.env());
      }
    }
    if (!missing.isEmpty()) {
      throw new MedcodeException.NotProvided("the study " + study.name() + " (" + study.title() + ") needs what only you"
          + " can provide:\n  " + String.join("\n  ", missing) + "\n(see "
          + Launcher.command(Launcher.home(env), Path.of("")) + " studies and README, \"Reproducing published studies\")");
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  /**
   * Judges a finished (or stopped) run against the study beside it, when there is one, and writes {@code study.csv}
   * and the study's sections of {@code report.html} and {@code summary.md}; empty for other runs.
   */
  public static Optional<StudyResult> judge(Workspace workspace, Path folder, List<CoderReport> reports) {
    Optional<Study> study = StudyConfigs.read(folder);
    if (study.isEmpty() || reports.isEmpty()) {
      return Optional.empty();
    }
    boolean needsPredictions = study.get().figures().stream().anyMatch(f -> f.metric().trim().startsWith("wrong."));
    StoredRun stored = needsPredictions ? StoredRun.load(workspace, folder) : null;
    RunManifest manifest = Files.isRegularFile(folder.resolve(RunManifest.FILE)) ? RunManifest.read(folder) : null;
    List<StudyJudge.Coder> coders = new ArrayList<>();
    for (CoderReport report : reports) {
      EvaluationReport evaluation = report.evaluation();
      Optional<StoredRun.Coder> answers = stored == null ? Optional.empty() : stored.coder(report.coder());
      coders.add(new StudyJudge.Coder(report.coder(), evaluation.result(),
          answers.isPresent() ? stored.dataset().admissions() : null, answers.map(StoredRun.Coder::predictions).orElse(null),
          answers.isPresent() ? stored.table() : null, report.notMeasured().orElse(null),
          report.incomplete().orElse(null), report.failures().orElse(null),
          otherModel(study.get(), manifest == null ? null : manifest.entry(report.coder()))));
    }
    EvaluationReport first = reports.get(0).evaluation();
    StudyResult result = StudyJudge.judge(study.get(), first.dataset().spec(), first.dataset().admissions(),
        first.table().describe(), coders);
    StudyReports.write(reports, result, folder);
    return Optional.of(result);
  }

  /**
   * The model a coder ran when it is not the study's ({@code stub-model (asked for gpt-4)}), or null. Judged by the
   * models its answers were served by when the provider named them (an Azure deployment name says nothing about the
   * model), else by its {@code model} parameter; a model's dated snapshots are the model ({@code gpt-4.1-2025-04-14} is
   * {@code gpt-4.1}). A coder that names no model, or a study that names none, gives null.
   */
  static String otherModel(Study study, RunManifest.CoderEntry entry) {
    if (study.model() == null || study.model().isBlank() || entry == null) {
      return null;
    }
    String listed = study.model().strip().toLowerCase(java.util.Locale.ROOT);
    String configured = entry.parameters().getOrDefault("model", "").strip();
    java.util.Set<String> served = new java.util.TreeSet<>(entry.servedModels().keySet());
    boolean same = served.isEmpty()
        ? configured.isEmpty() || ModelNames.sameModel(listed, configured.toLowerCase(java.util.Locale.ROOT))
        : served.stream().allMatch(model -> ModelNames.sameModel(listed, model.strip().toLowerCase(java.util.Locale.ROOT)));
    if (same) {
      return null;
    }
    if (served.isEmpty()) {
      return configured;
    }
    return String.join(", ", served) + (configured.isEmpty() ? "" : " (asked for " + configured + ")");
  }

  /** Judges a run's outcome (see {@link #judge(Workspace, Path, List)}). */
  public static Optional<StudyResult> judge(Workspace workspace, RunOutcome outcome) {
    return judge(workspace, outcome.folder(), outcome.coders());
  }

  /**
   * Whether a need named by an environment variable is here: set, and for data or a table of one's own (a folder or
   * file), naming one that exists (read from the current directory when relative, as the run reads it); credentialed
   * data that the study's {@code dataset} spec reads as a MIMIC folder ({@code mimic-iv:${MIMIC_IV_DIR}?…}) must also
   * look like one and hold every table the spec reads (MIMIC-IV-Note's notes, {@code icu/icustays}): else it is not
   * met, with what the run would say of it.
   */
  static NeedStatus status(Study.Need need, Function<String, String> env, String dataset,
      RunConfig.CodeSystemRef codeSystem) {
    String value = env.apply(need.env());
    NeedStatus status = pathStatus(need, value);
    if (!status.met() || need.kind() != Study.NeedKind.CREDENTIALED_DATA || dataset == null) {
      return status;
    }
    for (Release release : Release.values()) {
      if (dataset.strip().startsWith(release.prefix() + ":${" + need.env() + "}")) {
        Optional<String> problem = MimicLoader.folderProblem(release, Path.of(value.strip()));
        if (problem.isEmpty()) {
          problem = tablesProblem(dataset, env, codeSystem);
        }
        if (problem.isPresent()) {
          return new NeedStatus(need, false, need.env() + " is set, but " + problem.get());
        }
      }
    }
    return status;
  }

  /**
   * The first table a MIMIC spec reads that is not there ({@link MimicLoader#tablesProblem}), the dictionary of a code
   * table {@code dictionary: dataset} included; empty when all are, or when the spec does not read (another of its
   * variables unset, a bad option: the run says so).
   */
  private static Optional<String> tablesProblem(String dataset, Function<String, String> env,
      RunConfig.CodeSystemRef codeSystem) {
    DatasetSpec spec;
    try {
      spec = DatasetSpec.parse(dataset, env);
    } catch (MedcodeException e) {
      return Optional.empty();
    }
    org.medcode.codesystem.CodeSystemId dictionary = null;
    if (codeSystem != null && "dataset".equalsIgnoreCase(codeSystem.year()) && codeSystem.system() != null) {
      try {
        dictionary = org.medcode.codesystem.CodeSystemId.parse(codeSystem.system());
      } catch (IllegalArgumentException unknown) {
        // an unknown system: the run says so
      }
    }
    return spec.mimic() == null ? Optional.empty()
        : MimicLoader.tablesProblem(spec.release(), spec.paths().get(0), spec.mimic(), dictionary);
  }

  /** {@link #status} without the MIMIC folder check: set, and an existing path where the need is a file or folder. */
  private static NeedStatus pathStatus(Study.Need need, String value) {
    if (blank(value)) {
      return new NeedStatus(need, false, need.env() + " is not set");
    }
    boolean path = need.kind() == Study.NeedKind.CREDENTIALED_DATA || need.kind() == Study.NeedKind.OWN_TABLE;
    Path named = path ? Path.of(value.strip()) : null;
    if (named != null && !Files.exists(named)) {
      return new NeedStatus(need, false, need.env() + " is set, but " + value.strip() + " does not exist"
          + (named.isAbsolute() ? "" : MedcodeException.readFromHere()));
    }
    return new NeedStatus(need, true, need.env() + " is set");
  }

  /**
   * How a command run in {@code cwd} names a study file: relative to {@code cwd} when the file is under it (from the
   * checkout: {@code configs/studies/NAME.yaml}), else its absolute path (a config path is read from the current
   * directory, so {@code configs/studies/NAME.yaml} is not found from elsewhere).
   */
  public static String runPath(Path file, Path cwd) {
    Path absolute = file.toAbsolutePath().normalize();
    Path here = cwd.toAbsolutePath().normalize();
    return absolute.startsWith(here) ? here.relativize(absolute).toString() : absolute.toString();
  }

  /** The study files of a folder ({@code configs/studies}), by file name, with what each needs and whether it is here. */
  public static List<Listing> list(Path folder, Function<String, String> env) {
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(folder)) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, "*.{yaml,yml}")) {
        entries.forEach(files::add);
      } catch (IOException e) {
        throw new MedcodeException("cannot list " + folder + ": " + e.getMessage(), e);
      }
    }
    files.sort(null);
    List<Listing> listings = new ArrayList<>();
    for (Path file : files) {
      StudyConfigs.StudyFile study;
      try {
        study = StudyConfigs.load(file, List.of());
      } catch (MedcodeException e) { // one broken file does not hide the others
        listings.add(new Listing(file, null, null, List.of(), e.getMessage()));
        continue;
      }
      List<NeedStatus> needs = new ArrayList<>();
      for (Study.Need need : study.study().needs()) {
        if (need.env() == null) {
          needs.add(new NeedStatus(need, true, ""));
        } else {
          needs.add(status(need, env, study.config().dataset(), study.config().codeSystem()));
        }
      }
      listings.add(new Listing(file, study.study(), study.config().dataset(), needs));
    }
    return listings;
  }
}
