package org.medcode.coder.embed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.medcode.Launcher;
import org.medcode.MedcodeException;
import org.medcode.Plural;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderFactory;
import org.medcode.coder.CoderParameter.Type;
import org.medcode.coder.CoderParameter;
import org.medcode.coder.CoderResult;
import org.medcode.coder.Egress;
import org.medcode.coder.Refittable;
import org.medcode.coder.Trainable;
import org.medcode.coder.training.CodeIdentity;
import org.medcode.coder.training.ModelFolders;
import org.medcode.coder.training.ModelManifest;
import org.medcode.coder.training.ThresholdTuner;
import org.medcode.coder.training.Thresholds;
import org.medcode.coder.training.TrainingData;
import org.medcode.coder.training.TrainingSource;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;

/**
 * {@code embed-retrieval}: codes whose titles are closest to the note's sentences ({@link TitleRetriever}). The decision
 * threshold is a number, or {@code auto}: tuned for micro F1 on a seeded sample of training admissions (never the split
 * being evaluated) and cached like the index. A model folder made by {@code medcode train} holds the thresholds and a
 * copy of the index.
 */
public final class EmbedRetrievalCoderFactory implements CoderFactory, Trainable {
  public static final String NAME = "embed-retrieval";
  private final SentenceEmbedder embedder;

  public EmbedRetrievalCoderFactory() {
    this(null);
  }

  /** With a given embedder (tests); null means all-MiniLM-L6-v2, loaded on first use. */
  public EmbedRetrievalCoderFactory(SentenceEmbedder embedder) {
    this.embedder = embedder;
  }

  private SentenceEmbedder embedder() {
    return embedder != null ? embedder : MiniLmEmbedder.shared();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "codes whose titles are most similar to the note's sentences (all-MiniLM-L6-v2, in-process; no training needed)";
  }

  @Override
  public List<CoderParameter> parameters() {
    return List.of(
        new CoderParameter(MODEL, "a model folder written by medcode train (empty: index and thresholds from the cache)", "",
            Type.TEXT),
        new CoderParameter("per-sentence", "closest code titles kept per sentence", "5", Type.INTEGER),
        new CoderParameter("aggregate", "max or sum of a code's similarities over the sentences", "max", Type.CHOICE),
        new CoderParameter("threshold", "minimum score, or auto (tuned on training admissions)", "auto", Type.TEXT),
        new CoderParameter("tune-admissions", "training admissions (seeded sample) that auto tunes the threshold on", "60",
            Type.INTEGER),
        new CoderParameter("max-codes", "at most this many codes per admission", "10", Type.INTEGER));
  }

  @Override
  public Optional<Trainable> trainable() {
    return Optional.of(this);
  }

  /** Local: an embedding model run in this process (offline). */
  @Override
  public Egress egress(Map<String, String> parameters) {
    return Egress.local();
  }

  /**
   * A model folder that is not there, threshold auto without one or a training split, or a parameter out of its range
   * or choices (per-sentence 0): refused before the run starts, so that a dry run says so too.
   */
  @Override
  public Optional<String> refusal(CoderContext context, Map<String, String> parameters, double maxCost) {
    Optional<String> refused = Trainable.startRefusal(NAME, context, parameters,
        "auto".equalsIgnoreCase(parameters.get("threshold").trim()));
    if (refused.isPresent()) {
      return refused;
    }
    try {
      Settings.parse(parameters);
      return Optional.empty();
    } catch (MedcodeException | NumberFormatException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** The coder, refittable: a copy made for an ensemble's cross-fitting tunes its threshold on part of the training split. */
  @Override
  public Coder create(CoderContext context, Map<String, String> parameters) {
    Map<String, String> refit = new java.util.HashMap<>(parameters);
    refit.put(MODEL, "");
    return Refittable.wrap(coder(context, parameters), this, context, Map.copyOf(refit));
  }

  private Coder coder(CoderContext context, Map<String, String> parameters) {
    Settings settings = Settings.parse(parameters);
    String model = parameters.get(MODEL).trim();
    CodeTitleIndex index;
    Thresholds thresholds;
    // a model folder of another table than the run's: kept with every prediction, so that the run folder records it
    Map<String, String> annotations = Map.of();
    if (!model.isEmpty()) {
      Path folder = context.path(model);
      if (Files.isRegularFile(folder.resolve("manifest.json"))) {
        ModelFolders.verify(folder);
      }
      ModelManifest manifest = read(folder.resolve("manifest.json"), ModelManifest.class);
      if (!NAME.equals(manifest.kind())) {
        throw new MedcodeException("coder " + NAME + ": " + folder + " holds a " + manifest.kind() + " model");
      }
      String system = context.table().system().id().label();
      if (manifest.codeSystem() == null || !system.equals(manifest.codeSystem().system())) {
        throw new MedcodeException("coder " + NAME + ": " + folder + " was trained on " + (manifest.codeSystem() == null
            ? "an unknown code system" : manifest.codeSystem().system() + " codes") + " but this run scores " + system);
      }
      index = CodeTitleIndex.read(folder.resolve("index"));
      if (!manifest.codeSystem().sameTable(context.table())) {
        CodeTable table = context.table();
        long invalid = index.codes().stream().filter(code -> !table.status(code).valid()).count();
        context.listener().warning("coder " + NAME + ": the model " + folder + " indexed the titles of table "
            + manifest.codeSystem().tableVersion() + " but this run codes with " + table.version()
            + (manifest.codeSystem().tableVersion().equals(table.version())
                ? " of other contents (another file of that name, or the file edited since)" : "")
            + ": it proposes only codes of that table" + (invalid > 0 ? "; " + invalid + " of its "
                + Plural.of(index.codes().size(), "code") + " " + Plural.verb(invalid, "are") + " not in " + table.version()
                + " and " + Plural.verb(invalid, "count") + " as invalid when predicted" : "")
            + " (train it again with this table to index its titles)");
        annotations = Map.of(ModelManifest.CodeSystemInfo.TABLE_ANNOTATION, manifest.codeSystem().annotation(table));
      } else {
        // as the cache's index: three titles embedded again must give its vectors, else the queries would be compared
        // with title vectors of another space (another version of the model, its library or code); it cannot be built
        // again here, its thresholds were tuned on it
        String problem = index.mismatch(CodeTitleIndex.titles(context.table()), embedder());
        if (problem != null) {
          throw new MedcodeException("coder " + NAME + ": the index of the model folder " + folder + " cannot be used ("
              + problem + "); train it again with " + Launcher.command() + " train --coder " + NAME);
        }
      }
      thresholds = read(folder.resolve("thresholds.json"), Thresholds.class);
      // its thresholds were tuned on scores of the model's per-sentence and aggregate: score as it did, not as the
      // defaults would (a parameter set otherwise in the config is refused before the run starts)
      Map<String, String> trained = new TreeMap<>(parameters);
      trained.putAll(manifest.parameters());
      settings = Settings.parse(trained);
    } else {
      index = CodeTitleIndex.obtain(context.table(), embedder(), context.cacheDir(), context.listener());
      thresholds = thresholds(context, settings, index, parameters);
    }
    TitleRetriever retriever = new TitleRetriever(index, embedder(), settings.perSentence(), settings.aggregate());
    Thresholds frozen = thresholds;
    Map<String, String> frozenAnnotations = annotations;
    // an ensemble asks the same (shared) coder again for each admission: remember recent answers by id and text
    Map<String, CoderResult> recent = new java.util.concurrent.ConcurrentHashMap<>();
    return admission -> {
      String key = admission.id() + "\u0000" + admission.text();
      CoderResult known = recent.get(key);
      if (known != null) {
        return known;
      }
      CoderResult result = new CoderResult(decide(retriever.scores(admission.text()), frozen), null, frozenAnnotations);
      if (recent.size() >= RECENT) {
        recent.clear();
      }
      recent.put(key, result);
      return result;
    };
  }

  private static final int RECENT = 5_000;

  /**
   * Writes a model folder: {@code manifest.json}, {@code thresholds.json} (tuned on training admissions when the
   * threshold is {@code auto}) and {@code index/} (a copy of the code-title index).
   */
  @Override
  public Trained train(CoderContext context, Map<String, String> parameters, TrainingSource source, Path out) {
    List<Admission> training = context.training();
    CodeTable table = context.table();
    long seed = context.seed();
    Settings settings = Settings.parse(parameters);
    CodeTitleIndex index = CodeTitleIndex.obtain(table, embedder(), context.cacheDir(), context.listener());
    TitleRetriever retriever = new TitleRetriever(index, embedder(), settings.perSentence(), settings.aggregate());
    List<Admission> sample = sample(training, settings.tuneAdmissions(), seed);
    Thresholds thresholds = settings.threshold() != null ? Thresholds.fixed(settings.threshold(), settings.maxCodes())
        : tune(retriever, sample, table, settings);
    Map<String, String> recorded = new TreeMap<>(parameters);
    recorded.remove(MODEL);
    ModelManifest manifest = new ModelManifest(ModelManifest.FORMAT, NAME, ModelFolders.harnessVersion(),
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        new ModelManifest.Training(source.spec(), source.datasetFingerprint(),
            TrainingData.contentSha256(training, table.system().id()), training.size(), 0, sample.size()),
        new ModelManifest.CodeSystemInfo(table.system().id().label(), table.version(),
            table.identity()), recorded, seed, index.codes().size(),
        index.dimension(), null);
    try {
      Files.createDirectories(out);
      ModelFolders.JSON.writeValue(out.resolve("manifest.json").toFile(), manifest);
      ModelFolders.JSON.writeValue(out.resolve("thresholds.json").toFile(), thresholds);
      index.write(out.resolve("index"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the model folder " + out + ": " + e.getMessage(), e);
    }
    return new Trained(out, manifest, thresholds);
  }

  private Thresholds thresholds(CoderContext context, Settings settings, CodeTitleIndex index, Map<String, String> parameters) {
    if (settings.threshold() != null) {
      return Thresholds.fixed(settings.threshold(), settings.maxCodes());
    }
    if (context.training().isEmpty()) {
      throw new MedcodeException("coder " + NAME + ": threshold auto is tuned on training admissions, but the config names"
          + " no training split; add training: { spec: \"...\" } or set a number, e.g. threshold: 0.6");
    }
    Map<String, String> keyed = new TreeMap<>(parameters);
    keyed.remove(MODEL);
    String code = CodeIdentity.of(EmbedRetrievalCoderFactory.class, TrainingData.class, CodeTable.class);
    String key = ModelFolders.sha256(index.folder().getFileName() + "\ncode " + code + "\n" + keyed + "\nseed "
        + context.seed() + "\n" + TrainingData.contentSha256(context.training(), context.table().system().id())).substring(0, 16);
    Path file = context.cacheDir().resolve("embed-thresholds").resolve(key + ".json");
    if (Files.isRegularFile(file)) {
      try {
        Thresholds cached = read(file, Thresholds.class);
        if (cached.maxCodes() >= 1 && Double.isFinite(cached.global())) {
          return cached;
        }
        throw new MedcodeException("no code could pass them (max_codes " + cached.maxCodes() + ", global "
            + cached.global() + ")");
      } catch (MedcodeException e) { // cut or edited since: tuned again and replaced, not refused run after run
        context.listener().warning("coder " + NAME + ": the cached thresholds " + file + " cannot be used ("
            + e.getMessage() + "); they are tuned again and replaced");
      }
    }
    TitleRetriever retriever = new TitleRetriever(index, embedder(), settings.perSentence(), settings.aggregate());
    Thresholds tuned = tune(retriever, sample(context.training(), settings.tuneAdmissions(), context.seed()), context.table(),
        settings);
    Path temporary = null;
    try {
      Files.createDirectories(file.getParent());
      temporary = Files.createTempFile(file.getParent(), key, ".tmp");
      ModelFolders.JSON.writeValue(temporary.toFile(), tuned);
      Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // a read-only or full cache folder: the thresholds tuned now are used, and the next run tunes them again
      context.listener().warning("coder " + NAME + ": " + ModelFolders.notCached("thresholds", file, e.getMessage(),
          "those tuned now are used, and the next run tunes them again"));
      if (temporary != null) {
        ModelFolders.deleteQuietly(temporary);
      }
    }
    return tuned;
  }

  private static Thresholds tune(TitleRetriever retriever, List<Admission> sample, CodeTable table, Settings settings) {
    List<ThresholdTuner.Example> examples = new ArrayList<>();
    for (Admission admission : sample) {
      examples.add(new ThresholdTuner.Example(retriever.scores(admission.text()),
          TrainingData.gold(admission, table.system().id())));
    }
    return ThresholdTuner.tune(examples, ThresholdTuner.Mode.GLOBAL, Integer.MAX_VALUE, settings.maxCodes(), 0.5);
  }

  /** About {@code n} training admissions, whole patients, seeded (all of them when there are fewer). */
  static List<Admission> sample(List<Admission> training, int n, long seed) {
    if (training.size() <= n) {
      return training;
    }
    return TrainingData.carve(training, (double) n / training.size(), seed).validation();
  }

  static List<CodeSuggestion> decide(Map<String, Double> scores, Thresholds thresholds) {
    return scores.entrySet().stream().filter(e -> thresholds.accepts(e.getKey(), e.getValue()))
        .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
        .limit(thresholds.maxCodes()).map(e -> new CodeSuggestion(e.getKey(), e.getValue())).toList();
  }

  /** Parsed parameters; {@code threshold} null means auto. */
  record Settings(int perSentence, TitleRetriever.Aggregate aggregate, Double threshold, int tuneAdmissions, int maxCodes) {
    static Settings parse(Map<String, String> p) {
      int perSentence = atLeastOne(p, "per-sentence");
      TitleRetriever.Aggregate aggregate = switch (p.get("aggregate").trim().toLowerCase(Locale.ROOT)) {
        case "max" -> TitleRetriever.Aggregate.MAX;
        case "sum" -> TitleRetriever.Aggregate.SUM;
        default -> throw new MedcodeException("coder " + NAME + ": parameter 'aggregate' must be max or sum, got '"
            + p.get("aggregate") + "'");
      };
      String threshold = p.get("threshold").trim();
      Double fixed = null;
      if (!threshold.equalsIgnoreCase("auto")) {
        try {
          fixed = Double.parseDouble(threshold);
        } catch (NumberFormatException e) {
          throw new MedcodeException("coder " + NAME + ": parameter 'threshold' must be a number or auto, got '" + threshold + "'");
        }
      }
      return new Settings(perSentence, aggregate, fixed, atLeastOne(p, "tune-admissions"), atLeastOne(p, "max-codes"));
    }

    private static int atLeastOne(Map<String, String> p, String name) {
      int value = Integer.parseInt(p.get(name).trim());
      if (value < 1) {
        throw new MedcodeException("coder " + NAME + ": parameter '" + name + "' must be at least 1, got " + value);
      }
      return value;
    }
  }

  private static <T> T read(Path file, Class<T> type) {
    try {
      return ModelFolders.JSON.readValue(file.toFile(), type);
    } catch (java.nio.file.NoSuchFileException | java.io.FileNotFoundException e) {
      throw new MedcodeException("missing " + file + "; make the model folder with " + Launcher.command() + " train --coder " + NAME, e);
    } catch (IOException e) {
      throw new MedcodeException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
