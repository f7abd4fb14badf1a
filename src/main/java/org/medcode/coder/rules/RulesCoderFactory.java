package org.medcode.coder.rules;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.medcode.MedcodeException;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderFactory;
import org.medcode.coder.CoderParameter;
import org.medcode.coder.CoderParameter.Type;
import org.medcode.coder.Egress;
import org.medcode.coder.rules.ContextPolicy.Handling;
import org.medcode.dataset.Admission;

/** {@code rules}: a dictionary coder over the code table's titles, project lists and phrases learned from training. */
public final class RulesCoderFactory implements CoderFactory {
  static final String DEFAULT_RULES_DIR = "configs/rules";

  @Override
  public String name() {
    return "rules";
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
        new CoderParameter("min-score", "lowest score of a reported code (0-1)", "0.3", Type.DECIMAL),
        new CoderParameter("max-codes", "most codes reported per admission", "25", Type.INTEGER),
        new CoderParameter("learn", "learn phrases from the training split", "true", Type.BOOLEAN),
        new CoderParameter("learn-min-support", "training admissions a learned phrase-code pair needs", "2", Type.INTEGER),
        new CoderParameter("learn-min-precision", "share of a phrase's training admissions that must have the code",
            "0.5", Type.DECIMAL),
        new CoderParameter("lexicon-share", "ablation: share of lexicon phrases kept (titles, synonyms, abbreviations, "
            + "learned), chosen by a stable hash of phrase and code; 1 keeps all", "1", Type.DECIMAL));
  }

  /** Local: matches the code table in this process. */
  @Override
  public Egress egress(Map<String, String> parameters) {
    return Egress.local();
  }

  @Override
  public Coder create(CoderContext context, Map<String, String> parameters) {
    RulesSettings settings = settings(parameters);
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
    Map<RulesLanguage, RulesModel> models = new EnumMap<>(RulesLanguage.class);
    for (RulesLanguage language : languages) {
      RulesResources resources = RulesResources.load(settings.rulesDir(), language);
      models.put(language, new ModelBuilder(resources, context.table(), settings).build(training.get(language)));
    }
    return new RulesCoder(models, settings, HistoryFallback.load(settings.rulesDir(), context.table()));
  }

  /** Parses resolved parameter values; a value outside a parameter's choices is an error naming it. */
  static RulesSettings settings(Map<String, String> p) {
    String language = choice(p, "language", "en", "es", "auto");
    ContextPolicy policy = new ContextPolicy(
        Handling.parse(choice(p, "negated", "drop", "keep")),
        Handling.parse(choice(p, "hypothetical", "keep", "drop")),
        Handling.parse(choice(p, "history", "keep", "z-code", "drop")),
        Handling.parse(choice(p, "family", "z-code", "drop", "keep")));
    return new RulesSettings(
        rulesDir(p.get("rules-dir")),
        language.equals("auto") ? null : RulesLanguage.valueOf(language.toUpperCase(Locale.ROOT)),
        policy,
        atLeast(p, "context-window", 1),
        atLeast(p, "slack", 0),
        fraction(p, "min-score"),
        atLeast(p, "max-codes", 1),
        Boolean.parseBoolean(p.get("learn").trim()),
        atLeast(p, "learn-min-support", 1),
        fraction(p, "learn-min-precision"),
        fraction(p, "lexicon-share"));
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

  private static int atLeast(Map<String, String> p, String name, int min) {
    int value = Integer.parseInt(p.get(name).trim());
    if (value < min) {
      throw new MedcodeException("coder rules: parameter '" + name + "' must be at least " + min + ", got " + value);
    }
    return value;
  }

  private static double fraction(Map<String, String> p, String name) {
    double value = Double.parseDouble(p.get(name).trim());
    if (value < 0 || value > 1) {
      throw new MedcodeException("coder rules: parameter '" + name + "' must be between 0 and 1, got " + value);
    }
    return value;
  }

  private static Path rulesDir(String value) {
    Path path = Path.of(value);
    if (path.isAbsolute() || Files.isDirectory(path)) {
      return path;
    }
    String home = System.getenv("MEDCODE_HOME");
    if (home != null && Files.isDirectory(Path.of(home).resolve(path))) {
      return Path.of(home).resolve(path);
    }
    throw new MedcodeException("coder rules: rules folder '" + value + "' not found in the working directory"
        + (home == null ? "" : " nor in MEDCODE_HOME (" + home + ")") + "; set the parameter rules-dir");
  }
}
