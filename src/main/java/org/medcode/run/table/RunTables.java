package org.medcode.run.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.medcode.CsvSyntax;
import org.medcode.Launcher;
import org.medcode.MedcodeException;
import org.medcode.Plural;
import org.medcode.dataset.DatasetSpec;
import org.medcode.eval.EvalOptions;
import org.medcode.report.table.RunRow;
import org.medcode.run.engine.RunSession;
import org.medcode.run.engine.StoredRun;
import org.medcode.run.record.RunConfig;
import org.medcode.run.record.RunManifest;

/**
 * Reads run folders for {@code medcode table}: each folder named is a run folder (its {@code manifest.json} and
 * {@code summary.csv}) or a folder of run folders (its sub-folders that are run folders; the others are listed as
 * skipped, and so are those whose manifest or summary.csv cannot be read, with why). A folder that is neither (one of
 * {@code evaluate} or {@code compare}) is skipped, with why, when named beside runs ({@code results/*}), and an error
 * that says what it is when nothing else named holds a run; a run named itself that cannot be read is an error.
 */
public final class RunTables {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The rows of the runs, the folders skipped (with why), warnings (coders whose numbers are not their whole run's:
   * the status column says "incomplete"), and the confidence level of each run's intervals ({@code metrics.confidence}),
   * by the run's label (its rows' {@code run}), in the order the runs were read.
   */
  public record Gathered(List<RunRow> rows, List<Path> runs, List<String> skipped, List<String> warnings,
      Map<String, Double> confidence) {}

  private RunTables() {}

  public static Gathered read(List<Path> folders) {
    List<RunRow> rows = new ArrayList<>();
    List<Path> runs = new ArrayList<>();
    Set<Path> listed = new HashSet<>(); // runs found inside a folder named, not named themselves
    List<String> skipped = new ArrayList<>();
    List<Path> noRuns = new ArrayList<>(); // folders named that are no run and hold none
    for (Path folder : folders) {
      if (!Files.isDirectory(folder)) {
        throw new MedcodeException(!Files.exists(folder) ? folder + " does not exist: name run folders, or a folder of"
            + " them such as results/"
            : folder + " is a file, not a folder: name the run folder that holds it (" + folder.toAbsolutePath()
                .normalize().getParent() + "), or a folder of run folders");
      }
      RunSession.refuseCoderFolder(folder, "name the run folder PARENT (and --where coder=ID)");
      if (isRun(folder)) {
        runs.add(folder);
        continue;
      }
      if (Files.isRegularFile(folder.resolve(RunManifest.FILE))) {
        org.medcode.run.engine.RunFolderLock.refuseWhileWritten(folder); // not a run to finish: it is being run
        throw new MedcodeException(finished(folder)
            ? folder + " is a complete run without its summary.csv (deleted or not copied with the folder): write its"
                + " reports again with " + Launcher.command() + " report " + folder
            : folder + " is a run that did not finish (it has no summary.csv yet): finish it with"
                + " " + Launcher.command() + " run --resume " + folder + ", or write the reports of what it has with "
                + Launcher.command() + " report " + folder);
      }
      List<Path> inside;
      try (Stream<Path> children = Files.list(folder)) {
        inside = children.filter(Files::isDirectory).sorted().toList();
      } catch (IOException e) {
        throw new MedcodeException("cannot list " + folder + ": " + e.getMessage(), e);
      }
      int found = 0;
      for (Path child : inside) {
        if (isRun(child)) {
          runs.add(child);
          listed.add(child);
          found++;
        } else {
          skipped.add(child + " (" + (Files.exists(child.resolve(RunManifest.FILE)) ? (finished(child)
              ? "no summary.csv, though the run is complete: write it again with " + Launcher.command() + " report " + child
              : "no summary.csv: the run did not finish")
              : Files.exists(child.resolve("metrics.json")) ? "an evaluate folder: no manifest.json"
              : "not a run folder: no manifest.json") + ")");
        }
      }
      if (found == 0) {
        noRuns.add(folder); // named beside runs (results/* names evaluate's and compare's folders too): skipped
      }
    }
    if (runs.isEmpty() && !noRuns.isEmpty()) {
      Path folder = noRuns.get(0);
      throw new MedcodeException(Files.isRegularFile(folder.resolve("metrics.json"))
          ? folder + " holds the output of medcode evaluate, not a run: table reads run folders (their summary.csv with"
              + " the run's config); to have one, run the predictions as a coder, e.g. " + Launcher.command()
              + " run CONFIG --set 'coders=[{name: replay, file: PREDICTIONS}]'"
          : folder + " is not a run folder (no " + RunManifest.FILE + " and summary.csv) and holds none; name run"
              + " folders written by " + Launcher.command() + " run, or the folder that holds them");
    }
    noRuns.forEach(folder -> skipped.add(folder + (Files.isRegularFile(folder.resolve("metrics.json"))
        ? " (an evaluate folder: no manifest.json)" : " (not a run folder: no manifest.json, and holds no run)")));
    // the same run named twice (or through another path) would count every number twice
    List<Path> distinct = new ArrayList<>();
    Map<Path, Path> seen = new HashMap<>();
    for (Path run : runs) {
      Path first = seen.putIfAbsent(real(run), run);
      if (first == null) {
        distinct.add(run);
      } else {
        skipped.add(run + " (the same run as " + first + ")");
      }
    }
    List<String> warnings = new ArrayList<>();
    List<Path> read = new ArrayList<>();
    // a run is labelled by its folder's name, unless another run read has the same name (CI artifacts: a/ci-run,
    // b/ci-run): then by its path, so that their rows are never taken for one run's
    Map<String, Integer> names = new HashMap<>();
    distinct.forEach(run -> names.merge(name(run), 1, Integer::sum));
    Map<Path, RunManifest> manifests = new HashMap<>();
    for (Path run : distinct) {
      List<RunRow> runRows;
      try {
        RunManifest manifest = RunManifest.read(run);
        runRows = rows(run, manifest, names.get(name(run)) > 1 ? run.normalize().toString() : name(run), warnings);
        manifests.put(run, manifest);
      } catch (MedcodeException e) {
        // one unreadable run among many (made by a newer medcode, or damaged) does not hide the others' numbers
        if (!listed.contains(run)) {
          throw e;
        }
        skipped.add(run + " (cannot be read: " + e.getMessage() + ")");
        continue;
      }
      rows.addAll(runRows);
      read.add(run);
    }
    Function<Path, String> label = run -> names.get(name(run)) > 1 ? run.normalize().toString()
        : name(run);
    labelDifferentData(rows, read, manifests, label, warnings);
    labelDifferentTables(rows, read, manifests, label, warnings);
    Map<String, Double> confidence = new java.util.LinkedHashMap<>();
    for (Path run : read) {
      confidence.put(label.apply(run), manifests.get(run).config().metrics().confidence());
    }
    return new Gathered(rows, read, skipped, warnings, confidence);
  }

  /**
   * Tells apart runs that name one dataset spec but scored different data (another fingerprint: a JSONL file edited
   * between runs, a relative path read from another folder, {@code mimic-iv:${MIMIC_IV_DIR}} of another copy): their
   * rows' dataset becomes {@code SPEC (data FINGERPRINT)}, its first 12 digits, so that a pivot refuses to mix them
   * as it refuses two datasets, and a warning says so.
   */
  private static void labelDifferentData(List<RunRow> rows, List<Path> runs, Map<Path, RunManifest> manifests,
      Function<Path, String> label, List<String> warnings) {
    tellApart(rows, runs, run -> {
      RunManifest.DatasetRef dataset = manifests.get(run).dataset();
      return dataset == null || dataset.fingerprint() == null ? null : new Behind(dataset.spec(), dataset.fingerprint());
    }, label, RunRow::dataset, (row, shown) -> new RunRow(row.run(), row.date(), shown, row.split(), row.codeTable(),
        row.coder(), row.model(), row.promptHash(), row.level(), row.averaging(), row.metric(), row.value(),
        row.ciLow(), row.ciHigh(), row.invalidPolicy(), row.population(), row.status()), "data",
        "the runs of dataset %s scored different data (its file or folder changed between them, or was another copy):"
        + " %s (column dataset)", warnings);
  }

  /**
   * Tells apart runs scored with tables of your own that have one description (one file name and size: a CPT table of
   * two years, each {@code cpt.csv} in its own folder) but other codes or billable flags (the manifest's
   * {@code code_table.sha256}): their rows' code table becomes {@code TABLE (codes SHA256)}, its first 12 digits, so
   * that a pivot refuses to mix them, and a warning says so.
   */
  private static void labelDifferentTables(List<RunRow> rows, List<Path> runs, Map<Path, RunManifest> manifests,
      Function<Path, String> label, List<String> warnings) {
    tellApart(rows, runs, run -> {
      RunManifest.TableRef table = manifests.get(run).codeTable();
      return table == null || table.sha256() == null ? null
          : new Behind(table.system() + " " + table.version(), table.sha256());
    }, label, RunRow::codeTable, (row, shown) -> new RunRow(row.run(), row.date(), row.dataset(), row.split(), shown,
        row.coder(), row.model(), row.promptHash(), row.level(), row.averaging(), row.metric(), row.value(),
        row.ciLow(), row.ciHigh(), row.invalidPolicy(), row.population(), row.status()), "codes",
        "the runs of code table %s scored with tables of other codes (the file changed between them, or was another"
        + " file of the same name): %s (column code_table)", warnings);
  }

  /** What a run's label (a dataset spec, a code table's description) stood for: the digest of its content. */
  private record Behind(String label, String digest) {}

  /**
   * Where runs of one label had content of more than one digest, relabels their rows {@code LABEL (WORD DIGEST)}
   * (its first 12 digits) and warns ({@code warning}: the label, then the runs of each digest). {@code behind}: a
   * run's label and digest, null when its manifest records none.
   */
  private static void tellApart(List<RunRow> rows, List<Path> runs, Function<Path, Behind> behind,
      Function<Path, String> label, Function<RunRow, String> labelOf, BiFunction<RunRow, String, RunRow> relabelled,
      String word, String warning, List<String> warnings) {
    Map<String, Map<String, List<String>>> byLabel = new java.util.LinkedHashMap<>(); // label: digest: runs
    Map<String, String> runDigest = new HashMap<>(); // run label: its digest
    for (Path run : runs) {
      Behind content = behind.apply(run);
      if (content == null) {
        continue;
      }
      runDigest.put(label.apply(run), content.digest());
      byLabel.computeIfAbsent(content.label(), k -> new java.util.LinkedHashMap<>())
          .computeIfAbsent(content.digest(), k -> new ArrayList<>()).add(label.apply(run));
    }
    byLabel.forEach((name, digests) -> {
      if (digests.size() > 1) {
        List<String> groups = new ArrayList<>();
        digests.forEach((digest, names) -> groups.add(shown(name, word, digest) + ": " + String.join(", ", names)));
        warnings.add(String.format(java.util.Locale.ROOT, warning, name, String.join("; ", groups)));
      }
    });
    for (int i = 0; i < rows.size(); i++) {
      RunRow row = rows.get(i);
      String digest = runDigest.get(row.run());
      Map<String, List<String>> digests = byLabel.get(labelOf.apply(row));
      if (digest != null && digests != null && digests.size() > 1) {
        rows.set(i, relabelled.apply(row, shown(labelOf.apply(row), word, digest)));
      }
    }
  }

  /** A label as a table shows it where runs of it had other content: {@code LABEL (WORD DIGEST)}, 12 digits. */
  private static String shown(String label, String word, String digest) {
    return label + " (" + word + " " + digest.substring(0, Math.min(12, digest.length())) + ")";
  }

  /**
   * Refuses runs whose intervals are at different levels ({@code metrics.confidence}): the table shows every interval
   * alike, so a 50% interval would stand beside 95% ones as one of them. {@code shown}: the labels of the runs whose
   * intervals the table shows (those its conditions keep, and that have intervals: a run scored without a bootstrap
   * shows none, whatever its level); {@code confidence}: every run's level, by label, in the order they were read.
   * Returns the one level of the intervals shown, null when none is shown.
   */
  public static Double refuseMixedConfidence(Set<String> shown, Map<String, Double> confidence) {
    Map<String, List<String>> byLevel = new java.util.TreeMap<>();
    confidence.forEach((run, value) -> {
      if (shown.contains(run)) {
        byLevel.computeIfAbsent(EvalOptions.percent(value) + "%", k -> new ArrayList<>()).add(run);
      }
    });
    if (byLevel.size() > 1) {
      List<String> groups = new ArrayList<>();
      byLevel.forEach((level, names) -> groups.add(level + ": " + String.join(", ", names)));
      throw new MedcodeException("these runs' intervals are at different confidence levels (" + String.join("; ", groups)
          + "), which one table would show alike; table the runs of one level (metrics.confidence) at a time");
    }
    return confidence.entrySet().stream().filter(e -> shown.contains(e.getKey())).map(Map.Entry::getValue).findFirst()
        .orElse(null);
  }

  /** Refuses an output file inside one of the runs read: it could replace the run's own files (its manifest). */
  public static void checkOutside(Path out, List<Path> runs) {
    Path target = real(out);
    for (Path run : runs) {
      Path folder = real(run);
      if (target.startsWith(folder)) {
        throw new MedcodeException("--out " + out + " is inside the run folder " + run + ", whose files it could replace;"
            + " write it elsewhere");
      }
    }
  }

  /** A path with its symbolic links resolved, as far as it exists (the rest appended as written). */
  private static Path real(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(absolute));
    } catch (IOException e) {
      return absolute;
    }
  }

  /** Whether the run's manifest says it is complete (a manifest that cannot be read: not known to be). */
  private static boolean finished(Path run) {
    try {
      return "complete".equals(RunManifest.read(run).status());
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean isRun(Path folder) {
    return Files.isRegularFile(folder.resolve(RunManifest.FILE)) && Files.isRegularFile(folder.resolve("summary.csv"));
  }

  /** A run's label: its folder's name. */
  private static String name(Path run) {
    return run.toAbsolutePath().normalize().getFileName().toString();
  }

  /** One run's numbers, the run labelled {@code name}: its summary.csv, labelled from its manifest (read once). */
  static List<RunRow> rows(Path run, RunManifest manifest, String name, List<String> warnings) {
    String dataset = manifest.dataset() == null ? "" : manifest.dataset().spec();
    String split = split(dataset);
    String table = manifest.codeTable() == null ? "" : manifest.codeTable().system() + " " + manifest.codeTable().version();
    List<RunRow> rows = new ArrayList<>();
    java.util.Set<String> reported = new java.util.HashSet<>();
    Map<String, String> models = new HashMap<>();
    Path summary = run.resolve("summary.csv");
    Map<String, Set<String>> keys = new java.util.LinkedHashMap<>(); // per coder: its granularity/averaging/metric rows
    try (Reader in = Files.newBufferedReader(summary, StandardCharsets.UTF_8);
        CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
      List<String> header = parser.getHeaderNames();
      if (header.isEmpty()) {
        throw damaged(summary, 1, "it is empty (no header row)", run);
      }
      List<String> missing = SUMMARY_COLUMNS.stream().filter(column -> !header.contains(column)).toList();
      if (!missing.isEmpty() && POLICY_COLUMNS.containsAll(missing)) { // every other column there: not damaged
        String commit = manifest.harness() == null || manifest.harness().gitCommit() == null ? ""
            : " (" + manifest.harness().gitCommit().substring(0, Math.min(12, manifest.harness().gitCommit().length()))
                + ", as its manifest records)";
        throw new MedcodeException.BadInput(summary, 1, "cannot read the run's summary: its header has no column "
            + String.join(", ", missing) + ": it was written by an older medcode" + commit + ", before summary.csv"
            + " named the invalid-code policy and population its numbers were scored with, by rules changed since;"
            + " write it again with this medcode: " + Launcher.command() + " report " + run);
      }
      if (!missing.isEmpty()) {
        throw damaged(summary, 1, "its header has no column " + String.join(", ", missing) + " (it has "
            + String.join(",", header) + ")", run);
      }
      for (CSVRecord record : parser) {
        long line = CsvSyntax.firstLine(parser.getCurrentLineNumber(), record.values());
        if (!record.isConsistent()) {
          throw damaged(summary, line, record.size() + " fields where the header has " + header.size()
              + " (a line cut short or edited)", run);
        }
        String coder = record.get("coder");
        keys.computeIfAbsent(coder, id -> new HashSet<>()).add(record.get("granularity") + " "
            + record.get("averaging") + " " + record.get("metric"));
        RunManifest.CoderEntry entry = manifest.entry(coder);
        String status = status(entry);
        if (!status.equals("complete") && !reported.contains(coder)) {
          reported.add(coder);
          // a coder killed before it answered any admission has no numbers ('-'), none that count anything as empty
          warnings.add(run + ": coder " + coder + " is incomplete: " + (entry == null && record.get("value").isBlank()
              ? "the run was interrupted before it recorded the coder, which had answered no admission: not measured"
              : incomplete(entry)) + " (column status)");
        }
        rows.add(new RunRow(name, manifest.started() == null ? "" : manifest.started(), dataset, split, table, coder,
            models.computeIfAbsent(coder, id -> model(run, manifest, id)), promptHash(run.resolve(coder)),
            record.get("granularity"), record.get("averaging"),
            record.get("metric"), number(summary, line, record, "value", run),
            number(summary, line, record, "ci_low", run), number(summary, line, record, "ci_high", run),
            record.get("invalid_policy"), record.get("population"), status));
      }
    } catch (UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
      throw CsvSyntax.error(summary, 0, e);
    } catch (IOException e) {
      throw new MedcodeException.BadInput(summary, 0, "cannot read the run's summary: " + e.getMessage(), e);
    }
    refuseMissingRows(summary, run, manifest, keys);
    return rows;
  }

  /** The columns an older medcode's summary.csv lacks (written before it named the policy and population). */
  private static final List<String> POLICY_COLUMNS = List.of("invalid_policy", "population");

  /** The columns of a run's summary.csv that the table reads. */
  private static final List<String> SUMMARY_COLUMNS = List.of("coder", "granularity", "averaging", "metric", "value",
      "ci_low", "ci_high", "invalid_policy", "population");

  /**
   * Refuses a summary.csv that lacks rows a whole one has (a file cut at a line end, or edited): every coder of the
   * run's config has rows, each the same metrics (one run scores every coder with the same levels and settings; a
   * coder that was not measured has its rows too, with empty cells).
   */
  private static void refuseMissingRows(Path summary, Path run, RunManifest manifest, Map<String, Set<String>> keys) {
    for (RunConfig.CoderConfig coder : manifest.config().coders()) {
      if (!keys.containsKey(coder.id())) {
        throw damaged(summary, 0, "it has no rows for coder " + coder.id() + " of the run's config (it has "
            + (keys.isEmpty() ? "no rows" : "rows for " + String.join(", ", keys.keySet())) + ")", run);
      }
    }
    Set<String> all = new java.util.TreeSet<>();
    keys.values().forEach(all::addAll);
    for (Map.Entry<String, Set<String>> coder : keys.entrySet()) {
      if (coder.getValue().size() < all.size()) {
        throw damaged(summary, 0, "it has " + coder.getValue().size() + " rows for coder " + coder.getKey() + " where"
            + " the run's coders have " + all.size() + " metrics (e.g. no " + all.stream()
            .filter(key -> !coder.getValue().contains(key)).findFirst().orElseThrow() + ")", run);
      }
    }
  }

  /** A summary.csv that is not as {@code report} writes it: what is wrong, and how to write it again. */
  private static MedcodeException damaged(Path summary, long line, String problem, Path run) {
    return new MedcodeException.BadInput(summary, line, "cannot read the run's summary: " + problem + "; the file is"
        + " damaged: write it again with " + Launcher.command() + " report " + run);
  }

  /** A number of the summary's column {@code column} (empty: not computed). */
  private static double number(Path summary, long line, CSVRecord record, String column, Path run) {
    try {
      return number(record.get(column));
    } catch (NumberFormatException e) {
      throw damaged(summary, line, column + " is '" + record.get(column) + "', not a number", run);
    }
  }

  /**
   * complete, or incomplete as {@code gate} judges the run's record: the coder's run stopped (budget, kill, the coder
   * itself) before it coded every admission, as the run's reports say ({@code CoderReport.incomplete}), or the run
   * recorded the coder as incomplete (it failed on every admission: not measured).
   */
  static String status(RunManifest.CoderEntry entry) {
    boolean complete = entry != null && entry.complete() && entry.answered() + entry.failed() >= entry.admissions();
    return complete ? "complete" : "incomplete";
  }

  /** Why an incomplete coder's numbers are not its whole run's. */
  static String incomplete(RunManifest.CoderEntry entry) {
    if (entry == null) {
      return "the run was interrupted before it recorded the coder: its numbers count the admissions it never coded as"
          + " empty predictions";
    }
    int never = Math.max(0, entry.admissions() - entry.answered() - entry.failed());
    if (entry.unavailable() != null) {
      return "unavailable (" + entry.unavailable() + "): not measured";
    }
    if (entry.answered() == 0) {
      return "it answered none of " + Plural.grouped(entry.admissions(), "admission") + " ("
          + Plural.count(entry.failed()) + " failed, " + Plural.count(never) + " never coded): not measured";
    }
    if (never > 0) {
      return Plural.count(never) + " of " + Plural.grouped(entry.admissions(), "admission")
          + " never coded: its numbers count them as empty predictions";
    }
    return "the run recorded its status as '" + entry.status() + "'";
  }

  private static double number(String text) {
    return text == null || text.isBlank() ? Double.NaN : Double.parseDouble(text);
  }

  /** A CodiEsp dataset's split; else empty. */
  static String split(String spec) {
    try {
      DatasetSpec parsed = DatasetSpec.parse(spec);
      return parsed.codiesp() == null ? "" : parsed.codiesp().split().label();
    } catch (RuntimeException e) {
      return "";
    }
  }

  /**
   * The model of coder {@code id} of a run: as its manifest entry names it ({@link #model(String, Map, Map, Set)}), or,
   * for a coder the run was interrupted before it recorded, as the config the manifest keeps and the coder's log name
   * it (its parameters resolved with their defaults, the models its answers were served by): the same model the entry
   * would have named, never a blank.
   */
  static String model(Path run, RunManifest manifest, String id) {
    RunManifest.CoderEntry entry = manifest.entry(id);
    if (entry != null) {
      return model(entry.name(), entry.facts(), entry.parameters(), entry.servedModels().keySet());
    }
    RunConfig.CoderConfig config = manifest.config().coder(id).orElse(null);
    if (config == null) {
      return "";
    }
    return model(config.name(), Map.of(), StoredRun.resolvedParameters(config), StoredRun.loggedModels(run, id));
  }

  /**
   * The model a coder names: its facts' model (exec, http), else its parameter model (llm, a model folder), else the
   * models its answers were served by (sorted, as exec and http name them), else the coder's name.
   */
  static String model(String name, Map<String, String> facts, Map<String, String> parameters, Set<String> served) {
    if (facts.containsKey("model") && !facts.get("model").isBlank()) {
      return facts.get("model");
    }
    if (parameters.containsKey("model") && !parameters.get("model").isBlank()) {
      return parameters.get("model");
    }
    if (!served.isEmpty()) {
      return String.join(", ", new java.util.TreeSet<>(served));
    }
    return name; // a model trained in the run (an empty model parameter) is the coder's own
  }

  /** The prompt hash of a coder that uses prompts (the first answer's {@code prompt_sha256}); empty for others. */
  static String promptHash(Path coderFolder) {
    Path log = coderFolder.resolve("predictions.jsonl");
    if (!Files.isRegularFile(log)) {
      return "";
    }
    try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (IOException e) {
          continue; // a line torn by a kill
        }
        JsonNode hash = node.path("annotations").path("prompt_sha256");
        if (hash.isTextual()) {
          return hash.asText().substring(0, Math.min(12, hash.asText().length()));
        }
        if (node.path("status").asText().equals("ok")) {
          return "";
        }
      }
    } catch (IOException e) {
      return "";
    }
    return "";
  }
}
