package org.medcode.run.workspace;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.medcode.Futures;
import org.medcode.Launcher;
import org.medcode.MedcodeException;
import org.medcode.coder.RunListener;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.CodeTables;
import org.medcode.dataset.CodeQuery;
import org.medcode.dataset.Dataset;
import org.medcode.dataset.DatasetSpec;
import org.medcode.dataset.MimicCohort;
import org.medcode.dataset.load.Datasets;
import org.medcode.dataset.source.DataPuller;
import org.medcode.dataset.source.PullResult;
import org.medcode.dataset.source.Source;
import org.medcode.dataset.source.SourceRegistry;
import org.medcode.dataset.source.SourceStatus;
import org.medcode.eval.HardAdmissions;
import org.medcode.eval.Population;

/**
 * Where medcode works and what it works with: the checkout ({@code home}: configs, git commit), the pulled public data
 * ({@code dataRoot}, laid out like the mirror), the coders' cache ({@code cacheDir}: for the command line
 * {@code $MEDCODE_CACHE}, else {@code ~/.cache/medcode}, so a read-only data mirror works), the results folder, the clock
 * and the listener that tells the user what happens. Loads datasets and code tables, pulling a missing public source
 * first (from the mirror when one is set) unless automatic pulls are off. The run engine, stored runs and gates get
 * this object, never the facade.
 */
public final class Workspace {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private final Path home;
  private final Path dataRoot;
  private final Path resultsRoot;
  private final Path mirror;
  private final Path cacheDir;
  private final boolean autoPull;
  private final Clock clock;
  private final RunListener listener;
  /** What {@link #sharingLoads} keeps while its work runs (null outside it): datasets and code tables by what names them. */
  private Map<String, Object> shared;
  /** Code tables {@link #prefetchCodeTable} started loading, by the key {@link #codeTable} looks them up with. */
  private final Map<String, CompletableFuture<CodeTable>> prefetched = new ConcurrentHashMap<>();

  static {
    // every public-data file a reader opens is checked against its pull record first: one cut short at a line boundary
    // reads without an error and would give wrong numbers
    org.medcode.PublicData.install(org.medcode.dataset.source.PulledFiles::check);
  }

  /**
   * @param home the medcode checkout (for configs/ and the git commit)
   * @param dataRoot where public data is pulled to
   * @param resultsRoot where run folders go
   * @param mirror a folder laid out like the public-data mirror, or null to download from the official homes
   * @param autoPull whether missing public data is pulled automatically
   * @param listener where notes (e.g. an automatic pull), warnings and coders' progress go
   */
  public Workspace(Path home, Path dataRoot, Path resultsRoot, Path mirror, boolean autoPull, Clock clock,
      RunListener listener) {
    this(home, dataRoot, resultsRoot, mirror, dataRoot.resolve(".cache"), autoPull, clock, listener);
  }

  /** As above, with the coders' cache in {@code cacheDir} (the command line's: {@code $MEDCODE_CACHE} or the home's). */
  public Workspace(Path home, Path dataRoot, Path resultsRoot, Path mirror, Path cacheDir, boolean autoPull, Clock clock,
      RunListener listener) {
    this.cacheDir = cacheDir;
    this.home = home;
    this.dataRoot = dataRoot;
    this.resultsRoot = resultsRoot;
    this.mirror = mirror;
    this.autoPull = autoPull;
    this.clock = clock;
    this.listener = listener;
  }

  public Path home() {
    return home;
  }

  public Path dataRoot() {
    return dataRoot;
  }

  /** Where coders cache what they build once (trained models, indexes, LLM answers). */
  public Path cacheDir() {
    return cacheDir;
  }

  /** What each cache folder holds: its name (llm, http, ml-models, ...), files and bytes. */
  public record CacheUse(String name, Path folder, long files, long bytes) {}

  /**
   * The folders the built-in coders cache into, under {@link #cacheDir()}: the only ones {@code cache list} shows and
   * {@code cache clear} deletes, whatever else the folder holds (a mistyped {@code --cache-dir} must not empty a
   * checkout or a data folder).
   */
  public static final List<String> CACHE_NAMES =
      List.of("embed-index", "embed-thresholds", "ensemble-oof", "http", "llm", "ml-models", "rules-models");

  /** What to do about a cache folder that is something else than a folder ({@link #notAFolder}). */
  public static final String CACHE_NOT_A_FOLDER = "a file is there: give the caches a folder with --cache-dir or"
      + " MEDCODE_CACHE";

  /** Whether {@code folder} is there but not a folder (a file given as the cache folder). */
  public static boolean notAFolder(Path folder) {
    return java.nio.file.Files.exists(folder) && !java.nio.file.Files.isDirectory(folder);
  }

  /** The cache folders under {@link #cacheDir()} (those of {@link #CACHE_NAMES} that exist) and their sizes. */
  public List<CacheUse> caches() {
    if (!java.nio.file.Files.isDirectory(cacheDir)) {
      return List.of();
    }
    java.util.List<CacheUse> uses = new java.util.ArrayList<>();
    try (var children = java.nio.file.Files.list(cacheDir)) {
      for (Path folder : children.filter(java.nio.file.Files::isDirectory)
          .filter(folder -> CACHE_NAMES.contains(folder.getFileName().toString())).sorted().toList()) {
        long[] size = CacheFolders.size(folder);
        uses.add(new CacheUse(folder.getFileName().toString(), folder, size[0], size[1]));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read the cache folder " + cacheDir, e);
    }
    return uses;
  }

  /**
   * Deletes the named cache folders (all when {@code names} is empty); returns what was deleted. A cache of medcode's
   * that is not there (never filled, or cleared by another command meanwhile) is nothing to clear, not an error: two
   * CI jobs that both begin with {@code cache clear llm} must both go on.
   */
  public List<CacheUse> clearCaches(List<String> names) {
    if (notAFolder(cacheDir)) {
      throw new MedcodeException("the cache folder " + cacheDir + " is not a folder (" + CACHE_NOT_A_FOLDER
          + "); nothing was deleted");
    }
    for (String name : names) {
      if (!CACHE_NAMES.contains(name)) {
        throw new MedcodeException("'" + name + "' is not one of medcode's caches (" + String.join(", ", CACHE_NAMES)
            + "); nothing was deleted");
      }
    }
    List<CacheUse> present = caches();
    java.util.List<CacheUse> cleared = new java.util.ArrayList<>();
    for (CacheUse cache : present) {
      if (names.isEmpty() || names.contains(cache.name())) {
        CacheFolders.clear(cache.folder());
        cleared.add(cache);
      }
    }
    return cleared;
  }

  public RunListener listener() {
    return listener;
  }

  /** Now, to the second (the precision of every time medcode writes). */
  public Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  /**
   * A new folder under the results folder, {@code <UTC stamp of now>_<name>}, created here, so that no other medcode
   * process writes into it: when that name is taken (another command of the same name started or ended in the same
   * second), {@code <stamp>_<name>-2}, {@code -3}, … A caller that ends up writing nothing removes it again
   * ({@link #discardIfEmpty}).
   */
  public Path newResultFolder(Instant now, String name) {
    return newFolder(resultsRoot, STAMP.format(now) + "_" + name);
  }

  /** A new model folder under {@code results/models}: {@code <UTC stamp of now>_<name>}, made as {@link #newResultFolder}. */
  public Path newModelFolder(Instant now, String name) {
    return newFolder(resultsRoot.resolve("models"), STAMP.format(now) + "_" + name);
  }

  private static Path newFolder(Path root, String base) {
    try {
      Files.createDirectories(root);
      for (int n = 1; ; n++) {
        Path folder = root.resolve(n == 1 ? base : base + "-" + n);
        try {
          return Files.createDirectory(folder); // atomic: of two processes asking at once, one gets each name
        } catch (FileAlreadyExistsException taken) {
          // another command's folder: try the next name
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a folder under " + root + ": " + e.getMessage()
          + " (choose another --results-dir or --out)", e);
    }
  }

  /** Removes a folder made by {@link #newResultFolder} when nothing was written into it (a command refused). */
  public static void discardIfEmpty(Path folder) {
    try {
      Files.deleteIfExists(folder);
    } catch (IOException e) {
      // not empty (something was written: it stays) or not removable: either way nothing to tidy
    }
  }

  /** Lower-case letters and digits joined by '-', at most 60 characters: a name for a folder. */
  public static String slug(String text) {
    String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
    return slug.isEmpty() ? "run" : slug.length() > 60 ? slug.substring(0, 60) : slug; // a name of no letter or digit: "run"
  }

  /** Loads a dataset by spec, pulling its public source first when it is missing. */
  public Dataset loadDataset(String spec) {
    return loadDataset(spec, null);
  }

  /**
   * As {@link #loadDataset(String)}, its relative paths read from {@code base} (a stored run's directory; null or the
   * current directory: as written).
   */
  public Dataset loadDataset(String spec, Path base) {
    return loadDataset(spec, base, false);
  }

  /**
   * As {@link #loadDataset(String, Path)}, for scoring what coders answered, never for coding: each note is cut to the
   * start that the scores' analysis shows ({@link Dataset#excerpts}), so that a whole MIMIC-IV split's gigabytes of
   * notes do not stay in memory while it is scored. The spec, admissions, gold codes, note lengths and fingerprint are
   * those of {@link #loadDataset(String, Path)}.
   */
  public Dataset loadDatasetForScoring(String spec, Path base) {
    return loadDataset(spec, base, true);
  }

  private Dataset loadDataset(String spec, Path base, boolean excerpts) {
    DatasetSpec parsed = DatasetSpec.parse(spec);
    boolean variables = spec.contains("${");
    DatasetSpec resolved = elsewhere(base) ? parsed.resolvedAgainst(base) : parsed;
    Dataset read = excerpts
        ? shared("excerpts of dataset " + resolved, () -> {
          Object whole = shared == null ? null : shared.get("dataset " + resolved); // loaded for coding in this command
          return (whole != null ? (Dataset) whole : load(resolved)).excerpts(HardAdmissions.EXCERPT);
        })
        : shared("dataset " + resolved, () -> load(resolved));
    if (!elsewhere(base) && !variables) {
      return read;
    }
    // shown as the run wrote it: a report made elsewhere says what the run's own report says (its fingerprint still
    // being computed, not waited for), and ${MIMIC_IV_DIR} is named as such, not as this machine's folder (the
    // manifest, metrics.json, summary.md and report.html are shared)
    String shown = variables ? DatasetSpec.parseWritten(spec).toString() : parsed.toString();
    List<String> warnings = variables ? read.warnings().stream().map(warning -> DatasetSpec.unexpanded(warning, spec)).toList()
        : read.warnings();
    return new Dataset(shown, read.systems(), read.admissions(), warnings, read.digest(), read.credentialed());
  }

  private Dataset load(DatasetSpec spec) {
    return withData(() -> Datasets.load(whole(spec), dataRoot));
  }

  /**
   * {@code spec}, once the public source it reads is whole: a CodiEsp pull cut short (a killed {@code data pull}) leaves
   * cases without their text, which would be scored as empty notes; it is reported as missing, so that the source is
   * pulled again (automatically when allowed) instead.
   */
  private DatasetSpec whole(DatasetSpec spec) {
    if (spec.format() == DatasetSpec.Format.CODIESP) {
      SourceStatus status = new DataPuller().status(dataRoot, "codiesp");
      if (status.presence() == SourceStatus.Presence.PARTIAL) {
        throw new MedcodeException.DataMissing("codiesp is only partly pulled into " + status.folder() + " (it lacks "
            + String.join(", ", status.missing().subList(0, Math.min(3, status.missing().size())))
            + "; a pull cut short?): pull it again with " + pullCommand("codiesp") + " (add --mirror DIR on a machine"
            + " without internet)", "codiesp");
      }
      List<String> strays = new DataPuller().strays(dataRoot, "codiesp");
      if (!strays.isEmpty()) { // each would be read as one more case (a copy of a text: a case twice)
        throw new MedcodeException("codiesp in " + status.folder() + " holds " + strays.size() + " "
            + (strays.size() == 1 ? "file" : "files") + " that the release does not have ("
            + String.join(", ", strays.subList(0, Math.min(3, strays.size()))) + (strays.size() > 3 ? ", …" : "")
            + "), each of which would be loaded as one more case: delete " + (strays.size() == 1 ? "it" : "them") + " ("
            + Launcher.command() + " data list lists them)");
      }
    }
    return spec;
  }

  /** A dataset spec with its relative paths read from {@code base} when that is another directory (else as written). */
  public static String specFor(String spec, Path base) {
    return spec == null || !elsewhere(base) ? spec : DatasetSpec.parse(spec).resolvedAgainst(base).toString();
  }

  /** A user's file named in a stored run: read from the run's directory {@code base} when relative. */
  public static Path resolve(Path base, Path file) {
    return file == null || !elsewhere(base) || file.isAbsolute() ? file : base.resolve(file);
  }

  /** Whether {@code base} is a directory other than the current one. */
  private static boolean elsewhere(Path base) {
    return base != null && !base.equals(here());
  }

  /** The current directory, absolute. */
  private static Path here() {
    return Path.of("").toAbsolutePath();
  }

  /**
   * The current directory, for a run whose code table file ({@code table}, or null) or specs name files by relative
   * paths (null when none does).
   */
  public static String directoryFor(String table, String... specs) {
    return directoryFor(table, false, specs);
  }

  /** As {@link #directoryFor(String, String...)}, and the current directory too when {@code relativeFiles}. */
  public static String directoryFor(String table, boolean relativeFiles, String... specs) {
    boolean relative = relativeFiles || table != null && !Path.of(table).isAbsolute();
    for (String spec : specs) {
      relative |= spec != null && DatasetSpec.parse(spec).hasRelativePaths();
    }
    return relative ? here().toString() : null;
  }

  /**
   * Runs {@code work} (on this thread) loading each dataset and code table once: a command that reads two run folders
   * of one dataset (compare, gate against a baseline run) loads it once. Outside such work every load reads the files
   * again, so a later command sees a file that changed.
   */
  public <T> T sharingLoads(Supplier<T> work) {
    if (shared != null) {
      return work.get();
    }
    shared = new HashMap<>();
    try {
      return work.get();
    } finally {
      shared = null;
      prefetched.values().forEach(early -> early.cancel(false));
      prefetched.clear();
    }
  }

  @SuppressWarnings("unchecked")
  private <T> T shared(String key, Supplier<T> load) {
    if (shared == null) {
      return load.get();
    }
    Object loaded = shared.get(key);
    if (loaded == null) {
      loaded = load.get();
      shared.put(key, loaded);
    }
    return (T) loaded;
  }

  /** The {@code year} that names the dataset's own code dictionary instead of a CMS table. */
  public static final String DATASET_DICTIONARY = "dataset";

  /**
   * Loads the code table for a system: a user table when given; else, by {@code year}, the dataset's own dictionary
   * ({@value #DATASET_DICTIONARY}), the official table of a fiscal year ({@code 2024}) or of a range of years
   * ({@code 2016-2023}: a code is valid when any year has it).
   */
  public CodeTable codeTable(CodeSystemId system, String year, Path userTable, String datasetSpec) {
    if (year != null && userTable != null) { // one of the two would be dropped without a word
      throw new MedcodeException("--year " + year + " and --code-table " + userTable + " both name a code table; give one");
    }
    if ((system == CodeSystemId.CPT || system == CodeSystemId.HCPCS) && year != null
        && !year.trim().equalsIgnoreCase(DATASET_DICTIONARY)) { // it was dropped, and codes only format-checked
      throw new MedcodeException("year " + year.trim() + ": medcode has no " + system.label() + " table of any year"
          + " (none is shipped or pulled" + (system == CodeSystemId.CPT ? "; CPT descriptions are the AMA's" : "")
          + "); leave the year out to check the codes' format only, or give a table of your own (--code-table FILE.csv;"
          + " in a config, codeSystem: { table: FILE })");
    }
    String key = tableKey(system, year, userTable, datasetSpec);
    // a prefetch is for this call only: one that guessed another table is dropped, never served to a later call
    CompletableFuture<CodeTable> early = prefetched.remove(key);
    prefetched.values().forEach(other -> other.cancel(false));
    prefetched.clear();
    return shared(key, () -> {
      if (early != null) {
        try {
          return early.join();
        } catch (CompletionException | CancellationException e) {
          // not loaded early (its files are not here yet, or it is not a table): loaded, or pulled, as always
        }
      }
      return loadCodeTable(system, year, userTable, datasetSpec);
    });
  }

  /**
   * Starts loading, on another thread, the code table that {@link #codeTable} will most likely be asked for once the
   * dataset is loaded (the {@code requested} system, else the one the spec implies: ICD-10-PCS for CodiEsp procedures
   * and MIMIC procedures, ICD-9-CM for MIMIC's ICD-9 diagnoses, else ICD-10-CM), so that it loads while the dataset
   * does. Only files already here are read (a table that must be pulled is pulled when asked for, as always); a wrong
   * guess costs time on the other core, never a result.
   */
  public void prefetchCodeTable(CodeSystemId requested, String year, Path userTable, String datasetSpec) {
    CodeSystemId system = requested != null ? requested : likelySystem(datasetSpec);
    String chosen = year != null || system == null ? year : defaultYear(system, datasetSpec);
    if (system == null || chosen != null && chosen.trim().equalsIgnoreCase(DATASET_DICTIONARY)) {
      return;
    }
    String key = tableKey(system, year, userTable, datasetSpec);
    if (shared != null && shared.containsKey(key)) {
      return; // loaded once for this command already
    }
    prefetched.computeIfAbsent(key, k -> CompletableFuture.supplyAsync(() -> userTable != null
        ? CodeTables.userTable(system, userTable)
        : CodeTables.load(dataRoot, system, year != null ? year : defaultYear(system, datasetSpec)), Futures.thread("code table")));
  }

  /** What names a code table among the loads of a command ({@link #sharingLoads}) and the prefetched ones. */
  private static String tableKey(CodeSystemId system, String year, Path userTable, String datasetSpec) {
    return "table " + system + " " + year + " " + userTable + " " + datasetSpec;
  }

  /** The code system a dataset spec most likely holds (null when it cannot be told, or names two). */
  static CodeSystemId likelySystem(String datasetSpec) {
    DatasetSpec spec;
    try {
      spec = DatasetSpec.parse(datasetSpec);
    } catch (RuntimeException e) {
      return null; // the load says what is wrong with it
    }
    if (spec.codiesp() != null) {
      return switch (spec.codiesp().task()) {
        case D -> CodeSystemId.ICD10CM;
        case P -> CodeSystemId.ICD10PCS;
        case DP -> null;
      };
    }
    if (spec.mimic() != null) {
      MimicCohort cohort = spec.mimic();
      if (cohort.icd() == MimicCohort.IcdVersion.BOTH || cohort.codes() == MimicCohort.Codes.BOTH) {
        return null;
      }
      boolean ten = cohort.icd() == MimicCohort.IcdVersion.ICD10;
      return cohort.codes() == MimicCohort.Codes.DIAGNOSES ? (ten ? CodeSystemId.ICD10CM : CodeSystemId.ICD9CM)
          : (ten ? CodeSystemId.ICD10PCS : CodeSystemId.ICD9PCS);
    }
    return spec.codeQuery() != null ? spec.codeQuery().system() : CodeSystemId.ICD10CM;
  }

  private CodeTable loadCodeTable(CodeSystemId system, String year, Path userTable, String datasetSpec) {
    if (userTable != null) {
      return CodeTables.userTable(system, userTable);
    }
    String chosen = year != null ? year : defaultYear(system, datasetSpec);
    if (chosen != null && chosen.trim().equalsIgnoreCase(DATASET_DICTIONARY)) {
      if (datasetSpec == null) {
        throw new MedcodeException("the code table 'dataset' is a dataset's own dictionary, and there is no dataset here;"
            + " give a year (e.g. --year 2026) or a table of your own (--code-table)");
      }
      DatasetSpec spec = DatasetSpec.parse(datasetSpec);
      return withData(() -> Datasets.dictionary(spec, system, dataRoot));
    }
    refuseYearsNoPullHas(system, chosen);
    return withData(() -> CodeTables.load(dataRoot, system, chosen));
  }

  private static final java.util.regex.Pattern YEARS = java.util.regex.Pattern.compile(
      "(?i)\\s*(?:FY)?(\\d{4})(?:\\s*-\\s*(?:FY)?(\\d{4}))?\\s*");

  /**
   * An ICD-10 year (or a year of a range) that is neither under the data root nor among the files of its public source
   * is a configuration error (exit 2) listing the years that can be pulled, rather than a suggestion to pull what no
   * pull can fetch. Other malformed years are left to {@link CodeTables#load}, which says what it expects.
   */
  private void refuseYearsNoPullHas(CodeSystemId system, String year) {
    if (system != CodeSystemId.ICD10CM && system != CodeSystemId.ICD10PCS || year == null) {
      return;
    }
    java.util.regex.Matcher matcher = YEARS.matcher(year);
    if (!matcher.matches()) {
      return;
    }
    int from = Integer.parseInt(matcher.group(1));
    int to = matcher.group(2) == null ? from : Integer.parseInt(matcher.group(2));
    if (to < from || to - from > 50) {
      return;
    }
    String sourceName = system.label();
    java.util.TreeSet<Integer> pullable = new java.util.TreeSet<>();
    java.util.regex.Pattern fiscal = java.util.regex.Pattern.compile("(?i)_fy(\\d{4})_");
    for (var file : SourceRegistry.builtIn().source(sourceName).files()) {
      java.util.regex.Matcher m = fiscal.matcher(file.path());
      if (m.find()) {
        pullable.add(Integer.parseInt(m.group(1)));
      }
    }
    List<Integer> present = CodeTables.availableYears(dataRoot, system);
    List<Integer> impossible = new java.util.ArrayList<>();
    for (int y = from; y <= to; y++) {
      if (!pullable.contains(y) && !present.contains(y)) {
        impossible.add(y);
      }
    }
    if (!impossible.isEmpty() && !pullable.isEmpty()) {
      throw new MedcodeException("year " + year.trim() + ": there is no " + sourceName + " table of FY" + impossible.get(0)
          + (impossible.size() > 1 ? " (nor of " + (impossible.size() - 1) + " other years of the range)" : "")
          + " to pull; the years that can be pulled (" + pullCommand(sourceName) + ") are FY" + pullable.first()
          + "-FY" + pullable.last() + (present.isEmpty() ? "" : ", and " + dataRoot + " has " + present.stream()
              .map(y -> "FY" + y).collect(java.util.stream.Collectors.joining(", ")))
          + "; choose one of them, or give your own table with table: FILE (--code-table FILE)");
    }
  }

  /**
   * CodiEsp's codes are the 2018 edition; everything else defaults to the newest mirrored table; ICD-9 has one table,
   * v32, which takes no year (null).
   */
  static String defaultYear(CodeSystemId system, String datasetSpec) {
    if (system == CodeSystemId.ICD9CM || system == CodeSystemId.ICD9PCS) {
      return null;
    }
    if (datasetSpec != null && datasetSpec.trim().toLowerCase(Locale.ROOT).startsWith("code-query")) {
      try { // a code-query dataset drawn from one year's table (or a table of your own) is scored against that table
        CodeQuery query = DatasetSpec.parse(datasetSpec).codeQuery();
        if (query.table() != null) {
          return DATASET_DICTIONARY;
        }
        String year = query.year();
        if (year != null) {
          return year;
        }
      } catch (RuntimeException e) {
        // not a spec that parses: the usual default, and the dataset's own error where it is loaded
      }
    }
    return datasetSpec != null && datasetSpec.trim().toLowerCase(Locale.ROOT).startsWith("codiesp") ? "2018" : "2026";
  }

  /**
   * Refuses to score a population with no admission in it: a dataset with no admissions (an {@code ids} file of another
   * copy, filters that leave none, an empty file), or with {@code population: with-gold} a dataset none of whose
   * admissions has a gold code of the system, would be scored over nothing, every metric an undefined 0/0 shown as 0.
   */
  public static void refuseNothingToScore(Dataset dataset, CodeSystemId system, Population population) {
    refuseEmpty(dataset);
    if (population == Population.WITH_GOLD && dataset.admissions().stream()
        .noneMatch(admission -> admission.codes().stream().anyMatch(code -> code.system() == system))) {
      throw new MedcodeException("none of the " + dataset.admissions().size() + " admissions of " + dataset.spec()
          + " has a gold code of " + system.label() + ", so population with-gold would score nothing (every metric"
          + " undefined); score every admission (population all), or check the code system (--system)");
    }
  }

  private static void refuseEmpty(Dataset dataset) {
    if (dataset.admissions().isEmpty()) {
      throw new MedcodeException("the dataset " + dataset.spec() + " has no admissions, so there is nothing to code or"
          + " score (every metric would be an undefined 0/0 shown as 0)" + (dataset.warnings().isEmpty() ? ""
              : "; the dataset says: " + String.join("; ", dataset.warnings())) + ". Check the spec's options (ids,"
          + " split, filters, sample) and the data it reads");
    }
  }

  /** The code system to score: the one requested, else the dataset's only one. */
  public static CodeSystemId chooseSystem(CodeSystemId requested, Dataset dataset) {
    if (requested != null) {
      return requested;
    }
    if (dataset.systems().size() == 1) {
      return dataset.systems().get(0);
    }
    if (dataset.systems().isEmpty()) {
      refuseEmpty(dataset);
      throw new MedcodeException(dataset.spec() + " has no gold codes; name the code system with --system (a run's"
          + " config: codeSystem: { system: NAME })");
    }
    String first = dataset.systems().get(0).label();
    throw new MedcodeException(dataset.spec() + " has gold codes of " + dataset.systems()
        + "; score one system at a time: --system " + first + " (a run's config: codeSystem: { system: " + first + " })");
  }

  /**
   * Runs a loading step; when it reports a missing public source, pulls that source (from the mirror when one is set,
   * else from its official home) and tries again. A source is pulled at most once per call.
   */
  public <T> T withData(Supplier<T> step) {
    Set<String> pulled = new HashSet<>();
    while (true) {
      try {
        return step.get();
      } catch (MedcodeException.DataMissing missing) {
        if (!autoPull || !pulled.add(missing.pullName()) || present(missing.pullName())) {
          throw pullingHere(notInMirror(missing)); // nothing to pull: the source is there, the file asked for is not part of it
        }
        listener.note("medcode: " + missing.pullName() + " is not (wholly) in " + dataRoot + "; pulling it"
            + (mirror != null ? " from the mirror " + mirror : " from its official home") + " ...");
        try {
          pull(List.of(missing.pullName()));
        } catch (MedcodeException failure) {
          throw pullingHere(new MedcodeException.DataMissing(missing.getMessage() + " (automatic pull failed: "
              + failure.getMessage() + ")", missing.pullName()));
        }
      } catch (MedcodeException | UncheckedIOException failure) {
        throw damaged(failure);
      }
    }
  }

  /** A missing-data error whose pull commands fetch into this workspace's data folder ({@link #pullCommand}). */
  private MedcodeException.DataMissing pullingHere(MedcodeException.DataMissing missing) {
    String option = dataDirOption();
    return option.isEmpty() ? missing : missing.withPullOption(option);
  }

  /**
   * The command that pulls {@code source} into this workspace's data folder, as the user runs it: with
   * {@code --data-dir} when the folder is not the checkout's datasets/ ({@code --data-dir} given, or
   * {@code $MEDCODE_DATA}), where a pull without it would go.
   */
  private String pullCommand(String source) {
    return Launcher.command() + " data pull " + source + dataDirOption();
  }

  /** {@code " --data-dir DIR"} when the data folder is not the checkout's datasets/, else "". */
  private String dataDirOption() {
    return Launcher.real(dataRoot).equals(Launcher.real(home.resolve("datasets"))) ? ""
        : " --data-dir " + Launcher.shellWord(dataRoot.toAbsolutePath().normalize().toString());
  }

  /**
   * A missing file the mirror lacks too (an optional year such as ICD-10-CM FY2019): the pull the message names would
   * fetch nothing from the mirror, so it says that only a pull from the file's official home fetches it.
   */
  private MedcodeException.DataMissing notInMirror(MedcodeException.DataMissing missing) {
    Path root = dataRoot.toAbsolutePath().normalize();
    Path expected = missing.expected() == null ? null : missing.expected().toAbsolutePath().normalize();
    if (mirror == null || expected == null || !expected.startsWith(root)
        || Files.exists(mirror.toAbsolutePath().resolve(root.relativize(expected)))) {
      return missing;
    }
    return new MedcodeException.DataMissing(missing.getMessage() + "; the mirror " + mirror + " has no "
        + root.relativize(expected) + " either, so only a pull from its official home fetches it (" + Launcher.command() + " data pull "
        + missing.pullName() + " with neither --mirror nor MEDCODE_MIRROR, on a machine with internet)", missing.pullName());
  }

  /**
   * A file of a pulled source that does not read (cut short, edited): the failure, with how to check the source and
   * fetch it again, or, where it says so already ({@code PulledFiles}), with {@code --data-dir} in its commands when the
   * data folder is not the checkout's. Other failures are returned as they are.
   */
  private RuntimeException damaged(RuntimeException failure) {
    String launcher = Launcher.command();
    if (failure instanceof MedcodeException medcode && medcode.exitCode() != 2 || failure.getMessage() == null) {
      return failure; // not a file of a pulled source
    }
    if (failure.getMessage().contains(launcher + " data pull ")) { // already saying how to pull it again (PulledFiles)
      String option = dataDirOption();
      return option.isEmpty() || failure.getMessage().contains(" --data-dir ") ? failure
          : new MedcodeException(Pattern.compile(Pattern.quote(launcher) + " data (pull [a-z0-9-]+|list)(?![\\w-])")
              .matcher(failure.getMessage()).replaceAll(match -> Matcher.quoteReplacement(match.group() + option)),
              failure);
    }
    for (Source source : SourceRegistry.builtIn().sources()) {
      if (failure.getMessage().contains(dataRoot.resolve(source.folder()) + File.separator)) {
        return new MedcodeException(failure.getMessage() + " (a file of the pulled source " + source.name() + " that"
            + " does not read: " + launcher + " data list" + dataDirOption()
            + " checks it against the checksums recorded when it was pulled, and " + pullCommand(source.name())
            + " fetches what changed again)", failure);
      }
    }
    return failure;
  }

  private boolean present(String source) {
    return new DataPuller().status(dataRoot, source).presence() == SourceStatus.Presence.COMPLETE;
  }

  /** Pulls public sources (all when {@code names} is empty) into the data root, from the mirror when one is set. */
  private List<PullResult> pull(List<String> names) {
    List<PullResult> results = new DataPuller().pull(names, dataRoot, Optional.ofNullable(mirror));
    for (PullResult result : results) {
      if (result.outcome() == PullResult.Outcome.FAILED && names.size() == 1) {
        throw new MedcodeException("pulling " + result.name() + " failed: " + String.join("; ", result.problems()));
      }
    }
    return results;
  }

  /** Pulls public sources and returns every result, failures included (for {@code data pull}). */
  public List<PullResult> pullAll(List<String> names, Path mirrorOverride) {
    Path from = mirrorOverride != null ? mirrorOverride : mirror;
    return new DataPuller().pull(names, dataRoot, Optional.ofNullable(from));
  }

  /** What public data is under the data root. */
  public List<SourceStatus> listData() {
    return new DataPuller().list(dataRoot);
  }

  /** As {@link #listData()}, with the pulled files' contents checked against their recorded SHA-256 ({@code data list}). */
  public DataListing verifyData() {
    List<SourceStatus> sources = new DataPuller().list(dataRoot, true);
    Map<String, String> pulls = new java.util.LinkedHashMap<>();
    sources.forEach(source -> pulls.put(source.name(), pullCommand(source.name())));
    return new DataListing(sources, pulls);
  }

  /** The public sources under the data root, and the command that pulls each into it, by name. */
  public record DataListing(List<SourceStatus> sources, Map<String, String> pullCommands) {}
}
