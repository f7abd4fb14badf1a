package org.medcode.coder.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.analysis.CharArrayMap;
import org.medcode.coder.training.Logistic;
import org.medcode.coder.training.ThresholdTuner;
import org.medcode.coder.training.TrainingData;
import org.medcode.codesystem.CodeEntry;
import org.medcode.codesystem.CodeTable;
import org.medcode.coder.rules.LexiconEntry.Source;
import org.medcode.dataset.Admission;
import org.medcode.dataset.EvidenceSpan;
import org.medcode.dataset.GoldCode;
import org.medcode.dataset.Note;

/**
 * Builds the {@link RulesModel} of one language:
 * <ol>
 *   <li>title phrases from every code of the table (long title whole and its core, short title), one code per bag
 *       of terms: billable before header, then the code whose title the bag covers best, "unspecified" before others,
 *       shorter before longer; "Family/Personal history of X" titles become phrases X that need that context;
 *   <li>the synonym list; then abbreviation variants of every title and synonym phrase;
 *   <li>phrases learned from the training split ({@link PhraseLearner}) and, where the training admissions carry
 *       them (CodiEsp Spanish), the gold evidence spans;
 *   <li>calibration: each phrase is run over the training notes under the context policy; its confidence becomes
 *       {@code (hits + prior·2) / (fires + 2)} where fires counts admissions in which the phrase yields its code and
 *       hits those whose gold has it. Phrases below half the coder's minimum score are dropped.
 * </ol>
 */
final class ModelBuilder {
  private static final double SYNONYM_PRIOR = 0.6;
  private static final double EVIDENCE_PRIOR = 0.5;
  private static final double ABBREVIATION_FACTOR = 0.9;
  private static final double PRIOR_WEIGHT = 2.0;
  /** L2 penalty of the candidate scorer (on its thirteen weights, not the intercept). */
  private static final double L2 = 1.0;
  private static final int MAX_EVIDENCE_TERMS = 6;
  private static final int SEGMENT_GAP = 30;

  private final RulesResources resources;
  private final CodeTable table;
  private final RulesSettings settings;
  private final long seed;
  private final Combinations combinations;
  private SeventhCharacter seventh;
  private List<List<ParallelEvidence.Projected>> projected = List.of();
  private final Vocabulary vocabulary = new Vocabulary();
  private final TextAnalysis analysis;
  private final BitSet stop = new BitSet();
  private final BitSet skip = new BitSet();
  private final Map<String, Set<Integer>> codeTerms = new HashMap<>();

  /** A title phrase competing for its bag. */
  private record Candidate(String code, int extras, boolean billable, boolean unspecified, double prior, String phrase) {}

  private static final Comparator<Candidate> BEST = Comparator.comparing((Candidate c) -> !c.billable())
      .thenComparingInt(Candidate::extras)
      .thenComparing(c -> !c.unspecified())
      .thenComparingInt(c -> c.code().length())
      .thenComparing(Candidate::code);

  /** The key of a lexicon entry while building. */
  private record Key(Bag bag, String code, int requiredContext) {}

  /** The history fallback rows, for reading out-of-fold candidates as the coder reads notes. */
  private final HistoryFallback fallback;
  private final Map<Key, LexiconEntry> entries = new LinkedHashMap<>();

  ModelBuilder(RulesResources resources, CodeTable table, RulesSettings settings, long seed, Combinations combinations,
      HistoryFallback fallback) {
    this.seed = seed;
    this.combinations = combinations;
    this.fallback = fallback;
    this.resources = resources;
    this.table = table;
    this.settings = settings;
    CharArrayMap<char[]> tokenMap = new CharArrayMap<>(64, false);
    resources.tokenMap().forEach(row -> tokenMap.put(row[0].toLowerCase(Locale.ROOT), row[1].toCharArray()));
    this.analysis = new TextAnalysis(resources.language().analyzer(tokenMap), resources.language());
    for (String word : resources.stopWords()) {
      for (int id : ids(word)) {
        stop.set(id);
        skip.set(id);
      }
    }
    for (String word : resources.titleFillers()) {
      for (int id : ids(word)) {
        skip.set(id);
      }
    }
  }

  /** Builds the model from the table, the lists and the training admissions of this language. */
  RulesModel build(List<Admission> training) {
    return build(training, Map.of(), null);
  }

  /**
   * Builds the model; {@code parallel} holds, by admission id, translations of training admissions that carry gold
   * evidence spans (in language {@code parallelResources}), whose spans are projected onto the training notes.
   */
  RulesModel build(List<Admission> training, Map<String, Admission> parallel, RulesResources parallelResources) {
    Set<String> trainingCodes = new HashSet<>();
    training.forEach(admission -> trainingCodes.addAll(goldCodes(admission)));
    seventh = new SeventhCharacter(SeventhCharacter.of(settings.seventhCharacter(), trainingCodes), table, trainingCodes);
    List<ContextRules.Trigger> triggers = triggers();
    if (resources.language() == RulesLanguage.EN) {
      addTitles();
    }
    addSynonyms();
    addAbbreviations();
    Map<Key, LexiconEntry> base = new LinkedHashMap<>(entries);
    List<List<Tokens>> notes = new ArrayList<>();
    List<Set<String>> gold = new ArrayList<>();
    for (Admission admission : training) {
      List<Tokens> analysed = new ArrayList<>();
      for (Note note : admission.notes()) {
        analysed.add(analysis.analyze(note.text(), vocabulary, true));
      }
      notes.add(analysed);
      gold.add(goldCodes(admission));
    }
    projected = parallel.isEmpty() ? List.of() : project(training, notes, parallel, parallelResources);
    ContextRules context = new ContextRules(triggers, settings.contextWindow(), vocabulary.size());
    if (training.isEmpty()) {
      return new RulesModel(resources.language(), analysis, vocabulary, lexicon(kept(entries.values())), context,
          combinations, RulesModel.Scoring.NONE);
    }
    // Calibration counts, out of fold: the lexicon learned without fold f is counted on fold f only.
    int[] fold = TrainingData.folds(training, settings.calibrationFolds(), seed);
    int folds = Arrays.stream(fold).max().orElse(0) + 1;
    List<Lexicon> foldLexicons = new ArrayList<>();
    List<Map<Key, int[]>> foldCounts = new ArrayList<>();
    List<List<Integer>> heldOut = new ArrayList<>();
    List<List<Integer>> fittedOn = new ArrayList<>();
    for (int f = 0; f < folds; f++) {
      List<Integer> fitted = new ArrayList<>();
      List<Integer> held = new ArrayList<>();
      for (int a = 0; a < training.size(); a++) {
        if (folds == 1 || fold[a] != f) {
          fitted.add(a);
        }
        if (folds == 1 || fold[a] == f) {
          held.add(a);
        }
      }
      entries.clear();
      entries.putAll(base);
      if (settings.learn()) {
        learnFrom(training, notes, gold, fitted);
      }
      Lexicon lexicon = lexicon(kept(entries.values()));
      Map<Key, int[]> counts = new HashMap<>();
      count(lexicon, context, notes, gold, held, counts);
      foldLexicons.add(lexicon);
      foldCounts.add(counts);
      heldOut.add(held);
      fittedOn.add(fitted);
    }
    Map<Key, int[]> total = sum(foldCounts);
    entries.clear();
    entries.putAll(base);
    if (settings.learn()) {
      learnFrom(training, notes, gold, range(training.size()));
    }
    List<LexiconEntry> calibrated = new ArrayList<>();
    for (LexiconEntry entry : kept(entries.values())) {
      LexiconEntry c = calibrate(entry, total);
      if (c.confidence() >= Candidates.FLOOR) {
        calibrated.add(c);
      }
    }
    Lexicon lexicon = lexicon(calibrated);
    Candidates.CodePriors priors = Candidates.CodePriors.of(gold);
    RulesModel.Scoring scoring = RulesModel.Scoring.NONE;
    Combinations calibratedCombinations = combinations;
    if (folds > 1) {
      // The scorer and its threshold learn from out-of-fold candidates: fold f is read with the lexicon learned
      // without it, each phrase's confidence counted on the other folds with lexicons learned without f either.
      List<Logistic.Row> rows = new ArrayList<>();
      List<List<Object[]>> byAdmission = new ArrayList<>();
      List<Set<String>> heldGold = new ArrayList<>();
      List<Map<Key, int[]>> nested = nestedCounts(training, notes, gold, fold, folds, base, context);
      List<Map<String, Candidates.Found>> oof = new ArrayList<>();
      List<Candidates.CodePriors> oofPriors = new ArrayList<>();
      for (int f = 0; f < folds; f++) {
        Map<Key, int[]> others = nested.get(f);
        RulesModel foldModel = new RulesModel(resources.language(), analysis, vocabulary,
            foldLexicons.get(f).reweighted(entry -> calibrate(entry, others)), context, combinations,
            RulesModel.Scoring.NONE);
        Candidates.CodePriors foldPriors = Candidates.CodePriors.of(select(gold, fittedOn.get(f)));
        for (int a : heldOut.get(f)) {
          oof.add(Candidates.collect(foldModel, notes.get(a), settings.policy(), fallback));
          oofPriors.add(foldPriors);
          heldGold.add(gold.get(a));
        }
      }
      // combination rules: fires and hits over the out-of-fold candidates; each admission sees them without its own
      List<Combinations.Rule> rules = combinations.rules();
      int[] ruleFires = new int[rules.size()];
      int[] ruleHits = new int[rules.size()];
      List<List<Integer>> applying = new ArrayList<>();
      for (int i = 0; i < oof.size(); i++) {
        List<Integer> these = combinations.applying(oof.get(i));
        applying.add(these);
        for (int r : these) {
          ruleFires[r]++;
          ruleHits[r] += heldGold.get(i).contains(rules.get(r).code()) ? 1 : 0;
        }
      }
      List<Combinations.Rule> calibratedRules = new ArrayList<>();
      for (int r = 0; r < rules.size(); r++) {
        calibratedRules.add(rules.get(r).calibrated(ruleFires[r], ruleHits[r]));
      }
      calibratedCombinations = combinations.with(calibratedRules);
      for (int i = 0; i < oof.size(); i++) {
        Map<String, Candidates.Found> found = oof.get(i);
        List<Combinations.Rule> leaveOneOut = new ArrayList<>();
        for (int r = 0; r < rules.size(); r++) {
          boolean fired = applying.get(i).contains(r);
          int hit = fired && heldGold.get(i).contains(rules.get(r).code()) ? 1 : 0;
          leaveOneOut.add(rules.get(r).calibrated(ruleFires[r] - (fired ? 1 : 0), ruleHits[r] - hit));
        }
        combinations.apply(found, applying.get(i), leaveOneOut);
        List<Object[]> candidates = new ArrayList<>();
        for (Map.Entry<String, Candidates.Found> e : found.entrySet()) {
          double[] x = Candidates.features(e.getKey(), e.getValue(), found, oofPriors.get(i));
          rows.add(new Logistic.Row(x, heldGold.get(i).contains(e.getKey())));
          candidates.add(new Object[] {e.getKey(), x, e.getValue().noisyOr()});
        }
        byAdmission.add(candidates);
      }
      Logistic logistic = settings.logisticScorer() && !rows.isEmpty() ? Logistic.fit(rows, L2) : null;
      List<ThresholdTuner.Example> examples = new ArrayList<>();
      for (int i = 0; i < byAdmission.size(); i++) {
        Map<String, Double> scores = new HashMap<>();
        for (Object[] c : byAdmission.get(i)) {
          scores.put((String) c[0], logistic != null ? logistic.probability((double[]) c[1]) : (Double) c[2]);
        }
        examples.add(new ThresholdTuner.Example(scores, heldGold.get(i)));
      }
      double threshold = ThresholdTuner.tune(examples, ThresholdTuner.Mode.GLOBAL, 1, settings.maxCodes(),
          RulesCoder.DEFAULT_MIN_SCORE).global();
      scoring = new RulesModel.Scoring(logistic, priors, threshold);
    }
    return new RulesModel(resources.language(), analysis, vocabulary, lexicon, context, calibratedCombinations, scoring);
  }

  /** A phrase's confidence from out-of-fold counts: {@code (hits + prior·2) / (fires + 2)}; support = fires. */
  private static LexiconEntry calibrate(LexiconEntry entry, Map<Key, int[]> counts) {
    int[] fh = counts.getOrDefault(new Key(Bag.of(entry.terms()), entry.code(), entry.requiredContext()), NO_COUNTS);
    return entry.calibrated((fh[1] + entry.confidence() * PRIOR_WEIGHT) / (fh[0] + PRIOR_WEIGHT), fh[0]);
  }

  private static final int[] NO_COUNTS = new int[2];

  /**
   * Calibration counts for reading each fold f out of fold: every other fold g counted with the lexicon learned without
   * f and g, so that no phrase owes its existence, nor its confidence, to fold f's gold codes. The lexicon learned
   * without f and g serves both f and g.
   */
  private List<Map<Key, int[]>> nestedCounts(List<Admission> training, List<List<Tokens>> notes, List<Set<String>> gold,
      int[] fold, int folds, Map<Key, LexiconEntry> base, ContextRules context) {
    List<Map<Key, int[]>> counts = new ArrayList<>();
    for (int f = 0; f < folds; f++) {
      counts.add(new HashMap<>());
    }
    for (int f = 0; f < folds; f++) {
      for (int g = f + 1; g < folds; g++) {
        List<Integer> fitted = new ArrayList<>();
        List<Integer> inF = new ArrayList<>();
        List<Integer> inG = new ArrayList<>();
        for (int a = 0; a < training.size(); a++) {
          (fold[a] == f ? inF : fold[a] == g ? inG : fitted).add(a);
        }
        entries.clear();
        entries.putAll(base);
        if (settings.learn()) {
          learnFrom(training, notes, gold, fitted);
        }
        Lexicon lexicon = lexicon(kept(entries.values()));
        count(lexicon, context, notes, gold, inG, counts.get(f));
        count(lexicon, context, notes, gold, inF, counts.get(g));
      }
    }
    return counts;
  }

  /** Fires and hits summed over the folds. */
  private static Map<Key, int[]> sum(List<Map<Key, int[]>> foldCounts) {
    Map<Key, int[]> total = new HashMap<>();
    for (int f = 0; f < foldCounts.size(); f++) {
      foldCounts.get(f).forEach((key, fh) -> {
        int[] t = total.computeIfAbsent(key, k -> new int[2]);
        t[0] += fh[0];
        t[1] += fh[1];
      });
    }
    return total;
  }

  private static List<Integer> range(int n) {
    List<Integer> all = new ArrayList<>(n);
    for (int a = 0; a < n; a++) {
      all.add(a);
    }
    return all;
  }

  private static <T> List<T> select(List<T> list, List<Integer> which) {
    List<T> out = new ArrayList<>(which.size());
    which.forEach(i -> out.add(list.get(i)));
    return out;
  }

  /** Learned phrases and evidence spans of the given training admissions, added to the entries. */
  private void learnFrom(List<Admission> training, List<List<Tokens>> notes, List<Set<String>> gold, List<Integer> which) {
    List<List<Tokens>> someNotes = new ArrayList<>();
    List<Set<String>> someGold = new ArrayList<>();
    List<Admission> some = new ArrayList<>();
    for (int a : which) {
      someNotes.add(notes.get(a));
      someGold.add(gold.get(a));
      some.add(training.get(a));
    }
    List<ParallelEvidence.Projected> evidence = new ArrayList<>(evidence(some));
    if (!projected.isEmpty()) {
      for (int a : which) {
        Set<Key> seen = new HashSet<>();
        for (ParallelEvidence.Projected p : projected.get(a)) {
          if (seen.add(new Key(p.bag(), p.code(), 0))) {
            evidence.add(p);
          }
        }
      }
    }
    learn(someNotes, someGold);
    addEvidence(evidence);
  }

  /**
   * Evidence phrases: a phrase's prior for a code is the share of the evidence spans with that phrase that are the
   * code's, counted once per admission and shrunk by one ({@code n(phrase, code) / (n(phrase) + 1)}: a phrase seen once
   * gets 0.5; a phrase annotated for two codes 0.33 each).
   */
  private void addEvidence(List<ParallelEvidence.Projected> evidence) {
    Map<Bag, Integer> total = new HashMap<>();
    Map<Key, Integer> byCode = new HashMap<>();
    Map<Key, String> text = new HashMap<>();
    for (ParallelEvidence.Projected p : evidence) {
      if (p.bag().size() == 0 || p.bag().size() > MAX_EVIDENCE_TERMS || !table.status(p.code()).valid()) {
        continue;
      }
      Key key = new Key(p.bag(), p.code(), 0);
      total.merge(p.bag(), 1, Integer::sum);
      byCode.merge(key, 1, Integer::sum);
      text.putIfAbsent(key, p.text());
    }
    byCode.forEach((key, n) -> put(key.bag(), key.code(), EVIDENCE_PRIOR, Source.EVIDENCE, 0, text.get(key)));
  }

  /** Evidence spans of the parallel admissions projected onto each training admission's first note. */
  private List<List<ParallelEvidence.Projected>> project(List<Admission> training, List<List<Tokens>> notes,
      Map<String, Admission> parallel, RulesResources sourceResources) {
    CharArrayMap<char[]> tokenMap = new CharArrayMap<>(64, false);
    sourceResources.tokenMap().forEach(row -> tokenMap.put(row[0].toLowerCase(Locale.ROOT), row[1].toCharArray()));
    TextAnalysis sourceAnalysis = new TextAnalysis(sourceResources.language().analyzer(tokenMap), sourceResources.language());
    Vocabulary sourceVocabulary = new Vocabulary();
    BitSet sourceSkip = new BitSet();
    for (String word : sourceResources.stopWords()) {
      Tokens tokens = sourceAnalysis.analyze(word, sourceVocabulary, true);
      for (int i = 0; i < tokens.size(); i++) {
        sourceSkip.set(tokens.ids()[i]);
      }
    }
    List<ParallelEvidence.Pair> pairs = new ArrayList<>();
    List<Integer> index = new ArrayList<>();
    for (int a = 0; a < training.size(); a++) {
      Admission source = parallel.get(training.get(a).id());
      if (source == null || source.notes().isEmpty() || notes.get(a).isEmpty()) {
        continue;
      }
      List<ParallelEvidence.SourceSpan> spans = new ArrayList<>();
      for (GoldCode code : source.codes()) {
        if (code.system() == table.system().id()) {
          for (List<EvidenceSpan> group : segments(code.evidence())) {
            if (group.get(0).note() == 0) {
              spans.add(new ParallelEvidence.SourceSpan(code.code(),
                  group.stream().map(span -> new int[] {span.start(), span.end()}).toList()));
            }
          }
        }
      }
      pairs.add(new ParallelEvidence.Pair(sourceAnalysis.analyze(source.notes().get(0).text(), sourceVocabulary, true),
          notes.get(a).get(0), spans));
      index.add(a);
    }
    List<List<ParallelEvidence.Projected>> byPair = new ParallelEvidence(sourceVocabulary, sourceSkip, vocabulary, skip)
        .project(pairs);
    List<List<ParallelEvidence.Projected>> out = new ArrayList<>();
    for (int a = 0; a < training.size(); a++) {
      out.add(new ArrayList<>());
    }
    for (int p = 0; p < pairs.size(); p++) {
      out.set(index.get(p), byPair.get(p));
    }
    return out;
  }

  private List<LexiconEntry> kept(java.util.Collection<LexiconEntry> all) {
    List<LexiconEntry> kept = new ArrayList<>();
    for (LexiconEntry entry : all) {
      if (kept(entry, settings.lexiconShare())) {
        kept.add(entry);
      }
    }
    return kept;
  }

  /** Counts, per phrase, the held-out admissions where it yields its code (fires) and those whose gold has it (hits). */
  private void count(Lexicon lexicon, ContextRules context, List<List<Tokens>> notes, List<Set<String>> gold,
      List<Integer> held, Map<Key, int[]> counts) {
    HistoryFallback noFallback = HistoryFallback.none();
    for (int a : held) {
      // in the order they fired (an identity set alone would be iterated in an order that differs between processes)
      Set<LexiconEntry> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
      List<LexiconEntry> fired = new ArrayList<>();
      for (Tokens tokens : notes.get(a)) {
        for (Mention mention : lexicon.match(tokens, context.masks(tokens))) {
          Optional<String> code = settings.policy().outcome(mention, noFallback, true);
          if (code.isPresent() && code.get().equals(mention.entry().code()) && seen.add(mention.entry())) {
            fired.add(mention.entry());
          }
        }
      }
      for (LexiconEntry entry : fired) {
        int[] fh = counts.computeIfAbsent(new Key(Bag.of(entry.terms()), entry.code(), entry.requiredContext()),
            k -> new int[2]);
        fh[0]++;
        if (gold.get(a).contains(entry.code())) {
          fh[1]++;
        }
      }
    }
  }

  private Set<String> goldCodes(Admission admission) {
    Set<String> codes = new HashSet<>();
    for (GoldCode code : admission.codes()) {
      if (code.system() == table.system().id()) {
        codes.add(code.code());
      }
    }
    return codes;
  }

  private int[] ids(String text) {
    Tokens tokens = analysis.analyze(text, vocabulary, true);
    return java.util.Arrays.copyOf(tokens.ids(), tokens.size());
  }

  /** Content terms of a phrase: no stop words, no title fillers. */
  private Bag content(String text) {
    return Bag.of(java.util.Arrays.stream(ids(text)).filter(id -> !skip.get(id)).toArray());
  }

  private List<ContextRules.Trigger> triggers() {
    List<ContextRules.Trigger> triggers = new ArrayList<>();
    for (String[] row : resources.triggers()) {
      // kind and direction were checked when triggers.tsv was read (RulesResources), naming its line
      ContextRules.Kind kind = ContextRules.Kind.valueOf(row[0].toUpperCase(Locale.ROOT));
      boolean forward = row[1].equalsIgnoreCase("pre");
      triggers.add(new ContextRules.Trigger(ids(row[2]), kind, forward));
    }
    return triggers;
  }

  private void addTitles() {
    Set<String> fillers = new HashSet<>(resources.titleFillers());
    Map<Key, Candidate> best = new HashMap<>();
    for (CodeEntry entry : table.entries().values()) {
      String title = entry.longTitle().isEmpty() ? entry.shortTitle() : entry.longTitle();
      if (title.isEmpty() || TitlePhrases.laterEncounter(title)) {
        continue;
      }
      boolean unspecified = title.toLowerCase(Locale.ROOT).contains("unspecified");
      Optional<TitlePhrases.History> history = TitlePhrases.history(title);
      int required = history.map(h -> h.context().bit()).orElse(0);
      String described = history.map(TitlePhrases.History::condition).orElse(title);
      int size = content(described).size();
      codeTerms(entry.code()).addAll(toSet(content(described)));
      List<TitlePhrases.Phrase> phrases = new ArrayList<>(TitlePhrases.ofLongTitle(described, fillers));
      if (history.isEmpty() && !entry.shortTitle().isEmpty()) {
        phrases.add(new TitlePhrases.Phrase(entry.shortTitle(), false, TitlePhrases.CORE_PRIOR));
      }
      for (TitlePhrases.Phrase phrase : phrases) {
        Bag bag = content(phrase.text());
        if (bag.size() == 0) {
          continue;
        }
        Candidate candidate = new Candidate(entry.code(), Math.max(0, size - bag.size()), entry.billable(), unspecified,
            phrase.prior(), phrase.text());
        best.merge(new Key(bag, "", required), candidate, (a, b) -> BEST.compare(a, b) <= 0 ? a : b);
      }
    }
    best.forEach((key, c) -> put(key.bag(), seventh.write(c.code()), c.prior(), Source.TITLE, key.requiredContext(),
        c.phrase()));
  }

  private Set<Integer> codeTerms(String code) {
    return codeTerms.computeIfAbsent(code, c -> new HashSet<>());
  }

  private static Set<Integer> toSet(Bag bag) {
    Set<Integer> set = new HashSet<>();
    for (int id : bag.ids()) {
      set.add(id);
    }
    return set;
  }

  private void addSynonyms() {
    for (String[] row : resources.synonyms()) {
      String code = table.system().normalize(row[0]);
      if (table.entry(code).isEmpty()) {
        continue;
      }
      Bag bag = content(row[1]);
      if (bag.size() > 0) {
        put(bag, seventh.write(code), SYNONYM_PRIOR, Source.SYNONYM, 0, row[1]);
        codeTerms(code).addAll(toSet(bag));
      }
    }
  }

  private void addAbbreviations() {
    List<LexiconEntry> base = new ArrayList<>(entries.values());
    for (String[] row : resources.abbreviations()) {
      Bag shortForm = content(row[0]);
      Bag expansion = content(row[1]);
      if (shortForm.size() == 0 || expansion.size() == 0) {
        continue;
      }
      for (LexiconEntry entry : base) {
        Bag bag = new Bag(entry.terms());
        if (bag.containsAll(expansion)) {
          put(bag.replace(expansion, shortForm), entry.code(), entry.confidence() * ABBREVIATION_FACTOR, Source.SYNONYM,
              entry.requiredContext(), entry.phrase() + " [" + row[0] + "]");
        }
      }
    }
  }

  private void learn(List<List<Tokens>> notes, List<Set<String>> gold) {
    PhraseLearner learner = new PhraseLearner(vocabulary, skip, settings.minSupport(), settings.minPrecision(),
        settings.learnUnaligned());
    for (PhraseLearner.Learned learned : learner.learn(notes, gold, this::alignmentTerms)) {
      if (table.status(learned.code()).valid()) {
        put(learned.bag(), learned.code(), learned.precision(), Source.LEARNED, 0, phrase(learned.bag()));
      }
    }
  }

  /** Terms of a code's own phrases and of its category's title, for alignment. */
  private Set<Integer> alignmentTerms(String code) {
    Set<Integer> terms = new HashSet<>(codeTerms.getOrDefault(code, Set.of()));
    for (int length = 3; length < code.length(); length++) {
      table.entry(code.substring(0, length)).ifPresent(e -> terms.addAll(toSet(content(e.longTitle()))));
    }
    table.entry(code).ifPresent(e -> terms.addAll(toSet(content(e.longTitle()))));
    return terms;
  }

  /** The gold evidence spans of training admissions as phrases, each (phrase, code) once per admission. */
  private List<ParallelEvidence.Projected> evidence(List<Admission> training) {
    List<ParallelEvidence.Projected> out = new ArrayList<>();
    for (Admission admission : training) {
      Set<Key> seen = new HashSet<>();
      for (GoldCode code : admission.codes()) {
        if (code.system() != table.system().id()) {
          continue;
        }
        for (List<EvidenceSpan> group : segments(code.evidence())) {
          String text = String.join(" ", group.stream().map(span -> span.text() == null ? "" : span.text()).toList());
          Bag bag = content(text);
          if (!text.isBlank() && seen.add(new Key(bag, code.code(), 0))) {
            out.add(new ParallelEvidence.Projected(code.code(), bag, text));
          }
        }
      }
    }
    return out;
  }

  /**
   * A code's evidence spans grouped into mentions: a discontinuous mention ("trombosis venosa profunda ...
   * femoropoplitea") comes as several spans in one note, at most {@value #SEGMENT_GAP} characters apart.
   */
  static List<List<EvidenceSpan>> segments(List<EvidenceSpan> spans) {
    List<EvidenceSpan> sorted = new ArrayList<>(spans);
    sorted.sort(Comparator.comparingInt(EvidenceSpan::note).thenComparingInt(EvidenceSpan::start));
    List<List<EvidenceSpan>> groups = new ArrayList<>();
    for (EvidenceSpan span : sorted) {
      List<EvidenceSpan> last = groups.isEmpty() ? null : groups.get(groups.size() - 1);
      EvidenceSpan previous = last == null ? null : last.get(last.size() - 1);
      if (previous != null && previous.note() == span.note() && span.start() >= previous.end()
          && span.start() - previous.end() <= SEGMENT_GAP) {
        last.add(span);
      } else {
        groups.add(new ArrayList<>(List.of(span)));
      }
    }
    return groups;
  }

  private String phrase(Bag bag) {
    StringBuilder text = new StringBuilder();
    for (int id : bag.ids()) {
      text.append(text.length() == 0 ? "" : " ").append(vocabulary.term(id));
    }
    return text.toString();
  }

  private void put(Bag bag, String code, double confidence, Source source, int required, String phrase) {
    Key key = new Key(bag, code, required);
    LexiconEntry existing = entries.get(key);
    if (existing == null || existing.confidence() < confidence) {
      entries.put(key, new LexiconEntry(bag.ids(), code, confidence, 0, source, required, phrase));
    }
  }

  /**
   * Whether an entry survives the {@code lexicon-share} ablation: a stable hash of its phrase and code, mapped to
   * [0, 1), is below the share (so a smaller share keeps a subset of what a larger one keeps).
   */
  static boolean kept(LexiconEntry entry, double share) {
    if (share >= 1) {
      return true;
    }
    long hash = 1125899906842597L;
    for (char c : (entry.phrase() + "\u0000" + entry.code()).toCharArray()) {
      hash = 31 * hash + c;
    }
    hash ^= hash >>> 33;
    hash *= 0xff51afd7ed558ccdL;
    hash ^= hash >>> 33;
    return (hash >>> 11) * 0x1.0p-53 < share;
  }

  /** A lexicon whose entries have their terms ordered rarest first (by how many entries hold the term). */
  private Lexicon lexicon(List<LexiconEntry> list) {
    int[] frequency = new int[vocabulary.size()];
    for (LexiconEntry entry : list) {
      for (int id : entry.terms()) {
        frequency[id]++;
      }
    }
    List<LexiconEntry> ordered = new ArrayList<>(list.size());
    for (LexiconEntry entry : list) {
      int[] terms = java.util.Arrays.stream(entry.terms()).boxed()
          .sorted(Comparator.<Integer>comparingInt(id -> frequency[id]).thenComparingInt(id -> id))
          .mapToInt(Integer::intValue).toArray();
      ordered.add(entry.withTerms(terms));
    }
    return new Lexicon(ordered, vocabulary.size(), settings.slack(), settings.keepNested());
  }
}
