package org.medcode.coder.rules;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.medcode.MedcodeException;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderFactory;
import org.medcode.coder.CoderParameter;
import org.medcode.coder.CoderParameter.Type;
import org.medcode.coder.CoderParameters;
import org.medcode.coder.Egress;
import org.medcode.coder.Refittable;
import org.medcode.coder.rules.ContextPolicy.Handling;
import org.medcode.coder.training.ModelFolders;
import org.medcode.dataset.Admission;
import org.medcode.dataset.DatasetSpec;
import org.medcode.dataset.load.Datasets;

/** {@code rules}: a dictionary coder over the code table's titles, project lists and phrases learned from training. */
public final class RulesCoderFactory implements CoderFactory {
  static final String NAME = "rules";

  static final String DEFAULT_RULES_DIR = "configs/rules";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "lexicon of code titles, synonyms and phrases learned from training, matched with negation/history/family context";
  }

  @Override
  public List<CoderParameter> parameters() {
    return List.of(
        new CoderParameter("rules-dir", "folder of the coder's lists (stop words, synonyms, abbreviations, triggers); "
            + "relative paths are tried in the working directory, then in $MEDCODE_HOME", DEFAULT_RULES_DIR, Type.PATH),
        new CoderParameter("language", "language of the notes: en, es, or auto (guessed per admission)", "auto", Type.CHOICE),
        new CoderParameter("negated", "negated mentions (\"no fever\"): drop or keep", "keep", Type.CHOICE),
        new CoderParameter("hypothetical", "hypothetical or uncertain mentions (\"rule out\"): keep or drop", "keep",
            Type.CHOICE),
        new CoderParameter("history", "personal-history mentions (\"history of\"): keep, z-code or drop", "keep", Type.CHOICE),
        new CoderParameter("family", "family mentions (\"mother had\"): z-code, drop or keep", "z-code", Type.CHOICE),
        new CoderParameter("context-window", "how many tokens a context trigger reaches (within its sentence)", "10",
            Type.INTEGER),
        new CoderParameter("slack", "extra tokens allowed between the words of a phrase", "2", Type.INTEGER),
        new CoderParameter("min-score", "lowest score of a reported code (0-1), or auto: the threshold that maximises micro "
            + "F1 on out-of-fold candidates of the training split (" + RulesCoder.DEFAULT_MIN_SCORE + " without training)",
            "auto", Type.TEXT),
        new CoderParameter("max-codes", "most codes reported per admission", "25", Type.INTEGER),
        new CoderParameter("learn", "learn phrases from the training split", "true", Type.BOOLEAN),
        new CoderParameter("learn-min-support", "training admissions a learned phrase-code pair needs", "2", Type.INTEGER),
        new CoderParameter("learn-min-precision", "share of a phrase's training admissions that must have the code",
            "0.5", Type.DECIMAL),
        new CoderParameter("learn-unaligned", "also learn n-grams that share no word with the code's titles or synonyms "
            + "when they are frequent and precise", "false", Type.BOOLEAN),
        new CoderParameter("lexicon-share", "ablation: share of lexicon phrases kept (titles, synonyms, abbreviations, "
            + "learned), chosen by a stable hash of phrase and code; 1 keeps all", "1", Type.DECIMAL),
        new CoderParameter("calibration-folds", "folds (by patient, seeded) of the training split: each phrase's confidence "
            + "is counted on the admissions its phrases were not learned from; 1 counts in sample", "5", Type.INTEGER),
        new CoderParameter("scorer", "how a candidate code is scored: logistic (a model over its phrases, mentions, context "
            + "and training frequency, fitted on out-of-fold candidates of the training split) or noisy-or (of its "
            + "phrases' confidences)", "logistic", Type.CHOICE),
        new CoderParameter("nested-mentions", "a mention inside a longer one of another phrase (\"pain\" in \"abdominal "
            + "pain\"): keep, drop, or auto (keep when the logistic scorer learned from training to weigh it, else drop)",
            "auto", Type.CHOICE),
        new CoderParameter("combinations", "propose combination codes of co-occurring candidates (combinations.tsv: "
            + "hypertension with heart or kidney disease, diabetes with complications)", "true", Type.BOOLEAN),
        new CoderParameter("seventh-character", "codes that take a 7th character (S, T, V-Y) from table phrases: initial "
            + "(the initial-encounter code, A), none (without it, as CodiEsp's gold), or auto (as most training gold codes)",
            "auto", Type.CHOICE),
        new CoderParameter("parallel-evidence", "a dataset spec holding translations of the training admissions (same ids) "
            + "with gold evidence spans, e.g. codiesp:train:es:D for CodiEsp's English translation: their spans are "
            + "projected onto the training notes by sentence and word alignment; empty: none", "", Type.TEXT),
        new CoderParameter("cache", "keep the built model in the cache folder (rules-models, keyed by table, parameters, rules "
            + "folder, seed and training content) and load it instead of building it again", "true", Type.BOOLEAN));
  }

  /** Local: matches the code table in this process. */
  @Override
  public Egress egress(Map<String, String> parameters) {
    return Egress.local();
  }

  /**
   * A parameter out of its range or choices (max-codes 0, min-score 7, negated: skip) or a rules folder not found:
   * refused before the run starts, so that a dry run says so too ({@link #create} checks the same).
   */
  @Override
  public Optional<String> refusal(CoderContext context, Map<String, String> parameters, double maxCost) {
    try {
      settings(context, parameters);
      return Optional.empty();
    } catch (MedcodeException e) {
      return Optional.of(e.getMessage());
    }
  }

  @Override
  public Coder create(CoderContext context, Map<String, String> parameters) {
    RulesSettings settings = settings(context, parameters);
    if (settings.nestedMentions().equals("auto")) {
      settings = settings.withNested(settings.logisticScorer() && !context.training().isEmpty() ? "keep" : "drop");
    }
    if (context.table().formatOnly()) {
      throw new MedcodeException("coder rules needs a code table with titles; " + context.table().describe()
          + " has none (give a user table)");
    }
    Map<RulesLanguage, List<Admission>> training = new EnumMap<>(RulesLanguage.class);
    List<RulesLanguage> languages = settings.language() == null ? List.of(RulesLanguage.values()) : List.of(settings.language());
    languages.forEach(language -> training.put(language, new ArrayList<>()));
    for (Admission admission : context.training()) {
      RulesLanguage language = settings.language() != null ? settings.language() : LanguageGuess.of(admission.text());
      training.get(language).add(admission);
    }
    Map<String, Admission> parallel = parallelAdmissions(context, settings);
    RulesLanguage parallelLanguage = parallel.isEmpty() ? null : LanguageGuess.of(parallel.values().iterator().next().text());
    Map<String, String> keyed = keyedParameters(parameters);
    Path folder = modelFolder(context, parameters, settings, parallel);
    boolean cache = Boolean.parseBoolean(parameters.getOrDefault("cache", "true").trim());
    HistoryFallback fallback = HistoryFallback.load(settings.rulesDir(), context.table());
    Map<RulesLanguage, RulesModel> models = null;
    if (cache && RulesModelStore.exists(folder)) {
      try {
        models = RulesModelStore.read(folder, languages, settings.rulesDir());
      } catch (RuntimeException e) { // a cached model cut or damaged: built again, as if it were not there
        context.listener().warning("rules: the cached model " + folder + " cannot be read (" + e.getMessage()
            + "); building it again");
        ModelFolders.deleteQuietly(folder); // else publishing would keep it
      }
    }
    if (models == null) {
      long started = System.nanoTime();
      Combinations combinations = settings.combinations() ? Combinations.load(settings.rulesDir(), context.table())
          : Combinations.NONE;
      Map<RulesLanguage, RulesModel> built = new EnumMap<>(RulesLanguage.class);
      for (RulesLanguage language : languages) {
        RulesResources resources = RulesResources.load(settings.rulesDir(), language);
        boolean translated = parallelLanguage != null && parallelLanguage != language;
        built.put(language, new ModelBuilder(resources, context.table(), settings, context.seed(), combinations,
            fallback).build(training.get(language), translated ? parallel : Map.of(),
                translated ? RulesResources.load(settings.rulesDir(), parallelLanguage) : null));
      }
      models = built;
      if (cache) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", RulesModelStore.FORMAT);
        manifest.put("kind", name());
        manifest.put("harness_version", ModelFolders.harnessVersion());
        manifest.put("created", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        manifest.put("code_system", context.table().system().id().label() + " " + context.table().version());
        manifest.put("parameters", keyed);
        manifest.put("seed", context.seed());
        manifest.put("training_admissions", context.training().size());
        manifest.put("parallel_admissions", parallel.size());
        manifest.put("build_seconds", Math.round((System.nanoTime() - started) / 1e8) / 10.0);
        Map<String, Object> byLanguage = new LinkedHashMap<>();
        built.forEach((language, model) -> {
          Map<String, Object> facts = new LinkedHashMap<>();
          facts.put("phrases", model.lexicon().size());
          facts.put("scorer", model.scoring().logistic() != null ? "logistic" : "noisy-or");
          facts.put("threshold", Double.isNaN(model.scoring().threshold()) ? "none" : model.scoring().threshold());
          byLanguage.put(language.label(), facts);
        });
        manifest.put("languages", byLanguage);
        ModelFolders.cache(folder, temporary -> RulesModelStore.write(built, manifest, temporary),
            "the rules model", message -> context.listener().warning("rules: " + message));
      }
    }
    return Refittable.wrap(new RulesCoder(models, settings, fallback), this, context, parameters);
  }

  /** The Lucene version it stems with: an upgrade may stem otherwise, so its cross-fitted answers are not reused. */
  @Override
  public String libraries() {
    return RulesModelStore.LUCENE;
  }

  /** Its {@code min-score} lowered to {@code minScore}, unless it is a number at most that already. */
  @Override
  public Optional<Map<String, String>> widened(Map<String, String> parameters, double minScore) {
    Double own = minScore(parameters);
    if (own != null && own <= minScore) {
      return Optional.empty();
    }
    Map<String, String> wider = new LinkedHashMap<>(parameters);
    wider.put("min-score", java.math.BigDecimal.valueOf(minScore).stripTrailingZeros().toPlainString());
    return Optional.of(wider);
  }

  /** The translations of the training admissions that {@code parallel-evidence} names, by id, in file order. */
  private static Map<String, Admission> parallelAdmissions(CoderContext context, RulesSettings settings) {
    Map<String, Admission> parallel = new LinkedHashMap<>();
    if (!settings.parallelEvidence().isEmpty()) {
      Set<String> ids = new HashSet<>();
      context.training().forEach(a -> ids.add(a.id()));
      for (Admission admission : Datasets.load(DatasetSpec.parse(settings.parallelEvidence()), context.dataRoot()).admissions()) {
        if (ids.contains(admission.id())) {   // only translations of training admissions: never the evaluated split
          parallel.put(admission.id(), admission);
        }
      }
    }
    return parallel;
  }

  private static Map<String, String> keyedParameters(Map<String, String> parameters) {
    Map<String, String> keyed = new TreeMap<>(parameters);
    keyed.remove("cache");
    return keyed;
  }

  private static Path modelFolder(CoderContext context, Map<String, String> parameters, RulesSettings settings,
      Map<String, Admission> parallel) {
    String key = RulesModelStore.key(context.table(), keyedParameters(parameters), settings.rulesDir(), context.seed(),
        context.training(), parallel);
    return context.cacheDir().resolve("rules-models").resolve("rules-" + key);
  }

  /** Whether {@link #create} would load the model of this context and these (resolved) parameters from the cache. */
  static boolean cached(CoderContext context, Map<String, String> parameters) {
    RulesSettings settings = settings(context, parameters);
    return RulesModelStore.exists(modelFolder(context, parameters, settings, parallelAdmissions(context, settings)));
  }

  /** Parses resolved parameter values; a value outside a parameter's choices is an error naming it. */
  static RulesSettings settings(CoderContext context, Map<String, String> p) {
    String language = choice(p, "language", "en", "es", "auto");
    ContextPolicy policy = new ContextPolicy(
        Handling.parse(choice(p, "negated", "drop", "keep")),
        Handling.parse(choice(p, "hypothetical", "keep", "drop")),
        Handling.parse(choice(p, "history", "keep", "z-code", "drop")),
        Handling.parse(choice(p, "family", "z-code", "drop", "keep")));
    return new RulesSettings(
        rulesDir(context, p.get("rules-dir")),
        language.equals("auto") ? null : RulesLanguage.valueOf(language.toUpperCase(Locale.ROOT)),
        policy,
        CoderParameters.atLeast(NAME, p, "context-window", 1),
        CoderParameters.atLeast(NAME, p, "slack", 0),
        minScore(p),
        CoderParameters.atLeast(NAME, p, "max-codes", 1),
        Boolean.parseBoolean(p.get("learn").trim()),
        CoderParameters.atLeast(NAME, p, "learn-min-support", 1),
        fraction(p, "learn-min-precision"),
        Boolean.parseBoolean(p.get("learn-unaligned").trim()),
        fraction(p, "lexicon-share"),
        CoderParameters.atLeast(NAME, p, "calibration-folds", 1),
        choice(p, "scorer", "logistic", "noisy-or").equals("logistic"),
        choice(p, "nested-mentions", "auto", "keep", "drop"),
        Boolean.parseBoolean(p.get("combinations").trim()),
        choice(p, "seventh-character", "auto", "initial", "none"),
        p.getOrDefault("parallel-evidence", "").trim());
  }

  private static String choice(Map<String, String> p, String name, String... choices) {
    String value = p.get(name).trim().toLowerCase(Locale.ROOT);
    for (String choice : choices) {
      if (choice.equals(value)) {
        return value;
      }
    }
    throw new MedcodeException("coder rules: parameter '" + name + "' must be one of " + String.join(", ", choices)
        + ", got '" + p.get(name) + "'");
  }

  private static Double minScore(Map<String, String> p) {
    String value = p.get("min-score").trim();
    if (value.equalsIgnoreCase("auto")) {
      return null;
    }
    try {
      Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new MedcodeException("coder rules: parameter 'min-score' must be auto or a number between 0 and 1, got '"
          + value + "'");
    }
    return fraction(p, "min-score");
  }

  private static double fraction(Map<String, String> p, String name) {
    double value = Double.parseDouble(p.get(name).trim());
    if (!(value >= 0 && value <= 1)) { // NaN too
      throw new MedcodeException("coder rules: parameter '" + name + "' must be between 0 and 1, got " + value);
    }
    return value;
  }

  private static Path rulesDir(CoderContext context, String value) {
    Path path = context.path(value);
    if (Files.isDirectory(path)) {
      return path;
    }
    String home = System.getenv("MEDCODE_HOME");
    if (!path.isAbsolute() && home != null && Files.isDirectory(Path.of(home).resolve(path))) {
      return Path.of(home).resolve(path);
    }
    // an absolute path that is no folder was taken as it was, and failed later as 'cannot read the rules folder X: X'
    throw new MedcodeException("coder rules: rules folder '" + value + "' not found"
        + (path.isAbsolute() ? "" : " in the working directory" + (home == null ? "" : " nor in MEDCODE_HOME (" + home + ")"))
        + "; set the parameter rules-dir to a folder of the coder's lists (the default: " + DEFAULT_RULES_DIR + ")");
  }
}
