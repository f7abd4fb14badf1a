package org.medcode.coder.rules;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.lucene.analysis.CharArrayMap;
import org.medcode.MedcodeException;
import org.medcode.coder.training.CodeIdentity;
import org.medcode.coder.training.Logistic;
import org.medcode.coder.training.ModelFolders;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.dataset.EvidenceSpan;
import org.medcode.dataset.GoldCode;

/**
 * The cache of built rules models: {@code <cacheDir>/rules-models/<key>/} holds {@code manifest.json} (what the model
 * was built from, for people), {@code files.sha256} (checked before loading: a model edited or cut since is built
 * again) and one {@code <language>.bin} per language (vocabulary with surface forms, lexicon entries and their anchor
 * index, context triggers, combination rules, scorer; big-endian, written by {@link DataOutputStream}; doubles
 * round-trip exactly, so a loaded model codes exactly as the built one). The key is a SHA-256 of everything a model
 * depends on: the format, the builder's compiled code ({@link CodeIdentity}) and the Lucene version it stemmed with,
 * the table's system and version, the coder's parameters, the content of the rules folder, the seed, the training
 * admissions (ids, texts, gold codes of the table's system with their evidence spans) and the parallel admissions used
 * for evidence. The analysis chain is rebuilt from the rules folder on loading.
 */
final class RulesModelStore {
  /** The Lucene version the analysis chain stems with, in the model key and (the factory's libraries) the ensemble's. */
  static final String LUCENE = "lucene " + org.apache.lucene.util.Version.LATEST;

  /** Bump when what a model holds, or how it is built, changes. */
  static final int FORMAT = 1;

  private RulesModelStore() {}

  /** The cache key of a coder's models. */
  static String key(CodeTable table, Map<String, String> parameters, Path rulesDir, long seed, List<Admission> training,
      Map<String, Admission> parallel) {
    MessageDigest digest = sha256();
    // the builder's own code (and the training kit's and code tables'), so a model built by other code is never loaded
    update(digest, "rules format " + FORMAT + " code " + CodeIdentity.of(RulesModelStore.class, Logistic.class,
        CodeTable.class));
    // and the Lucene analysis its vocabulary was stemmed with (a Lucene upgrade may stem otherwise)
    update(digest, LUCENE);
    update(digest, table.system().id().label() + " " + table.identity());
    Map<String, String> sorted = new TreeMap<>(parameters);
    sorted.remove("rules-dir");
    update(digest, sorted.toString());
    update(digest, "seed " + seed);
    try (Stream<Path> files = Files.walk(rulesDir, java.nio.file.FileVisitOption.FOLLOW_LINKS)) { // a linked list too
      // the lists and rules the builder reads; not the folder's documentation
      for (Path file : files.filter(f -> Files.isRegularFile(f) && !f.toString().endsWith(".md")).sorted().toList()) {
        update(digest, rulesDir.relativize(file).toString().replace('\\', '/'));
        digest.update(Files.readAllBytes(file));
      }
    } catch (IOException e) {
      throw new MedcodeException("coder rules: cannot read the rules folder " + rulesDir + ": " + e.getMessage(), e);
    }
    for (List<Admission> admissions : List.of(training, parallel.values().stream()
        .sorted(java.util.Comparator.comparing(Admission::id)).toList())) {
      update(digest, "admissions " + admissions.size());
      for (Admission admission : admissions) {
        update(digest, admission.id());
        update(digest, admission.patientId());
        admission.notes().forEach(note -> update(digest, note.text()));
        for (GoldCode code : admission.codes()) {
          if (code.system() == table.system().id()) {
            update(digest, code.code());
            for (EvidenceSpan span : code.evidence()) {
              update(digest, span.note() + ":" + span.start() + "-" + span.end() + ":" + span.text());
            }
          }
        }
      }
    }
    return HexFormat.of().formatHex(digest.digest()).substring(0, 20);
  }

  static boolean exists(Path folder) {
    return Files.isRegularFile(folder.resolve("manifest.json"));
  }

  /** Writes the models into a folder (see {@link ModelFolders#publish} for caching it atomically). */
  static void write(Map<RulesLanguage, RulesModel> models, Map<String, Object> manifest, Path folder) throws IOException {
    Files.createDirectories(folder);
    ModelFolders.JSON.writeValue(folder.resolve("manifest.json").toFile(), manifest);
    for (Map.Entry<RulesLanguage, RulesModel> e : models.entrySet()) {
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
          Files.newOutputStream(folder.resolve(e.getKey().label() + ".bin")), 1 << 16))) {
        write(e.getValue(), out);
      }
    }
    ModelFolders.seal(folder); // files.sha256: a model edited or cut since is built again, not loaded
  }

  /** Reads the models of the given languages; the analysis chain comes from the rules folder. */
  static Map<RulesLanguage, RulesModel> read(Path folder, List<RulesLanguage> languages, Path rulesDir) {
    ModelFolders.verify(folder);
    Map<RulesLanguage, RulesModel> models = new EnumMap<>(RulesLanguage.class);
    for (RulesLanguage language : languages) {
      Path file = folder.resolve(language.label() + ".bin");
      try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
        models.put(language, read(in, RulesResources.load(rulesDir, language)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the cached rules model " + file + ": " + e.getMessage(), e);
      }
    }
    return models;
  }

  private static void write(RulesModel model, DataOutputStream out) throws IOException {
    out.writeInt(FORMAT);
    out.writeUTF(model.language().name());
    Vocabulary vocabulary = model.vocabulary();
    out.writeInt(vocabulary.size());
    for (int i = 0; i < vocabulary.size(); i++) {
      out.writeUTF(vocabulary.term(i));
    }
    List<String> forms = vocabulary.surfaceForms();
    List<Integer> ids = vocabulary.surfaceIds();
    out.writeInt(forms.size());
    for (int i = 0; i < forms.size(); i++) {
      out.writeUTF(forms.get(i));
      out.writeInt(ids.get(i));
    }
    Lexicon lexicon = model.lexicon();
    out.writeInt(lexicon.vocabularySize());
    out.writeInt(lexicon.slack());
    out.writeBoolean(lexicon.keepNested());
    List<LexiconEntry> entries = lexicon.entries();
    out.writeInt(entries.size());
    for (LexiconEntry entry : entries) {
      writeInts(out, entry.terms());
      out.writeUTF(entry.code());
      out.writeDouble(entry.confidence());
      out.writeInt(entry.support());
      out.writeByte(entry.source().ordinal());
      out.writeInt(entry.requiredContext());
      out.writeUTF(entry.phrase());
    }
    ContextRules context = model.context();
    out.writeInt(context.vocabularySize());
    out.writeInt(context.window());
    out.writeInt(context.triggers().size());
    for (ContextRules.Trigger trigger : context.triggers()) {
      writeInts(out, trigger.ids());
      out.writeByte(trigger.kind().ordinal());
      out.writeBoolean(trigger.forward());
    }
    List<Combinations.Rule> rules = model.combinations().rules();
    out.writeInt(rules.size());
    for (Combinations.Rule rule : rules) {
      out.writeInt(rule.parts().size());
      for (List<String> part : rule.parts()) {
        out.writeInt(part.size());
        for (String code : part) {
          out.writeUTF(code);
        }
      }
      out.writeUTF(rule.code());
      out.writeDouble(rule.confidence());
      out.writeInt(rule.support());
    }
    RulesModel.Scoring scoring = model.scoring();
    out.writeBoolean(scoring.logistic() != null);
    if (scoring.logistic() != null) {
      double[] weights = scoring.logistic().weights();
      out.writeInt(weights.length);
      for (double w : weights) {
        out.writeDouble(w);
      }
    }
    out.writeInt(scoring.priors().admissions());
    Map<String, Integer> counts = new TreeMap<>(scoring.priors().counts());
    out.writeInt(counts.size());
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      out.writeUTF(e.getKey());
      out.writeInt(e.getValue());
    }
    out.writeDouble(scoring.threshold());
  }

  private static RulesModel read(DataInputStream in, RulesResources resources) throws IOException {
    int format = in.readInt();
    if (format != FORMAT) {
      throw new IOException("format " + format + ", expected " + FORMAT);
    }
    RulesLanguage language = RulesLanguage.valueOf(in.readUTF());
    Vocabulary vocabulary = new Vocabulary();
    int terms = in.readInt();
    for (int i = 0; i < terms; i++) {
      char[] term = in.readUTF().toCharArray();
      vocabulary.add(term, term.length);
    }
    int forms = in.readInt();
    for (int i = 0; i < forms; i++) {
      char[] form = in.readUTF().toCharArray();
      vocabulary.addSurface(form, form.length, in.readInt());
    }
    int lexiconVocabulary = in.readInt();
    int slack = in.readInt();
    boolean keepNested = in.readBoolean();
    int size = in.readInt();
    LexiconEntry.Source[] sources = LexiconEntry.Source.values();
    Map<String, String> codes = new HashMap<>();
    List<LexiconEntry> entries = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      int[] ids = readInts(in);
      String code = codes.computeIfAbsent(in.readUTF(), c -> c);
      entries.add(new LexiconEntry(ids, code, in.readDouble(), in.readInt(), sources[in.readByte()], in.readInt(),
          in.readUTF()));
    }
    Lexicon lexicon = new Lexicon(entries, lexiconVocabulary, slack, keepNested);
    int contextVocabulary = in.readInt();
    int window = in.readInt();
    int triggerCount = in.readInt();
    ContextRules.Kind[] kinds = ContextRules.Kind.values();
    List<ContextRules.Trigger> triggers = new ArrayList<>(triggerCount);
    for (int i = 0; i < triggerCount; i++) {
      triggers.add(new ContextRules.Trigger(readInts(in), kinds[in.readByte()], in.readBoolean()));
    }
    ContextRules context = new ContextRules(triggers, window, contextVocabulary);
    int ruleCount = in.readInt();
    List<Combinations.Rule> rules = new ArrayList<>(ruleCount);
    for (int r = 0; r < ruleCount; r++) {
      int partCount = in.readInt();
      List<List<String>> parts = new ArrayList<>(partCount);
      for (int p = 0; p < partCount; p++) {
        int n = in.readInt();
        List<String> part = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
          part.add(in.readUTF());
        }
        parts.add(part);
      }
      rules.add(new Combinations.Rule(parts, in.readUTF(), in.readDouble(), in.readInt()));
    }
    Logistic logistic = null;
    if (in.readBoolean()) {
      double[] weights = new double[in.readInt()];
      for (int i = 0; i < weights.length; i++) {
        weights[i] = in.readDouble();
      }
      logistic = new Logistic(weights);
    }
    int admissions = in.readInt();
    int priorCount = in.readInt();
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < priorCount; i++) {
      counts.put(in.readUTF(), in.readInt());
    }
    double threshold = in.readDouble();
    CharArrayMap<char[]> tokenMap = new CharArrayMap<>(64, false);
    resources.tokenMap().forEach(row -> tokenMap.put(row[0].toLowerCase(Locale.ROOT), row[1].toCharArray()));
    TextAnalysis analysis = new TextAnalysis(language.analyzer(tokenMap), language);
    return new RulesModel(language, analysis, vocabulary, lexicon, context, new Combinations(rules),
        new RulesModel.Scoring(logistic, new Candidates.CodePriors(counts, admissions), threshold));
  }

  private static void writeInts(DataOutputStream out, int[] values) throws IOException {
    out.writeShort(values.length);
    for (int v : values) {
      out.writeInt(v);
    }
  }

  private static int[] readInts(DataInputStream in) throws IOException {
    int[] values = new int[in.readShort()];
    for (int i = 0; i < values.length; i++) {
      values[i] = in.readInt();
    }
    return values;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private static void update(MessageDigest digest, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    digest.update((bytes.length + ":").getBytes(StandardCharsets.UTF_8));
    digest.update(bytes);
  }
}
