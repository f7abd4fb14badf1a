package org.medcode.coder.rules;

import java.util.ArrayList;
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
  private static final int MAX_EVIDENCE_TERMS = 6;

  private final RulesResources resources;
  private final CodeTable table;
  private final RulesSettings settings;
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

  private final Map<Key, LexiconEntry> entries = new LinkedHashMap<>();

  ModelBuilder(RulesResources resources, CodeTable table, RulesSettings settings) {
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
    List<ContextRules.Trigger> triggers = triggers();
    if (resources.language() == RulesLanguage.EN) {
      addTitles();
    }
    addSynonyms();
    addAbbreviations();
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
    if (settings.learn() && !training.isEmpty()) {
      learn(notes, gold);
      addEvidence(training);
    }
    ContextRules context = new ContextRules(triggers, settings.contextWindow(), vocabulary.size());
    List<LexiconEntry> kept = new ArrayList<>();
    for (LexiconEntry entry : entries.values()) {
      if (kept(entry, settings.lexiconShare())) {
        kept.add(entry);
      }
    }
    Lexicon lexicon = lexicon(kept);
    if (!training.isEmpty()) {
      lexicon = lexicon(calibrate(lexicon, context, notes, gold));
    }
    return new RulesModel(resources.language(), analysis, vocabulary, lexicon, context);
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
      ContextRules.Kind kind;
      try {
        kind = ContextRules.Kind.valueOf(row[0].toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new org.medcode.MedcodeException("coder rules: " + resources.language().label() + "/triggers.tsv: unknown kind '"
            + row[0] + "'; expected negated, hypothetical, historical, family, pseudo or terminate");
      }
      boolean forward = switch (row[1].toLowerCase(Locale.ROOT)) {
        case "pre" -> true;
        case "post" -> false;
        default -> throw new org.medcode.MedcodeException("coder rules: " + resources.language().label()
            + "/triggers.tsv: direction of '" + row[2] + "' must be pre or post, got '" + row[1] + "'");
      };
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
    best.forEach((key, c) -> put(key.bag(), c.code(), c.prior(), Source.TITLE, key.requiredContext(), c.phrase()));
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
        put(bag, code, SYNONYM_PRIOR, Source.SYNONYM, 0, row[1]);
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
    PhraseLearner learner = new PhraseLearner(vocabulary, skip, settings.minSupport(), settings.minPrecision());
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

  private void addEvidence(List<Admission> training) {
    for (Admission admission : training) {
      for (GoldCode code : admission.codes()) {
        if (code.system() != table.system().id() || !table.status(code.code()).valid()) {
          continue;
        }
        for (EvidenceSpan span : code.evidence()) {
          if (span.text() == null || span.text().isBlank()) {
            continue;
          }
          Bag bag = content(span.text());
          if (bag.size() > 0 && bag.size() <= MAX_EVIDENCE_TERMS) {
            put(bag, code.code(), EVIDENCE_PRIOR, Source.EVIDENCE, 0, span.text());
          }
        }
      }
    }
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
      entries.put(key, new LexiconEntry(bag.ids(), code, confidence, source, required, phrase));
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
      ordered.add(new LexiconEntry(terms, entry.code(), entry.confidence(), entry.source(), entry.requiredContext(),
          entry.phrase()));
    }
    return new Lexicon(ordered, vocabulary.size(), settings.slack());
  }

  private List<LexiconEntry> calibrate(Lexicon lexicon, ContextRules context, List<List<Tokens>> notes, List<Set<String>> gold) {
    List<LexiconEntry> list = lexicon.entries();
    Map<LexiconEntry, Integer> index = new java.util.IdentityHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      index.put(list.get(i), i);
    }
    int[] fires = new int[list.size()];
    int[] hits = new int[list.size()];
    HistoryFallback noFallback = HistoryFallback.none();
    for (int a = 0; a < notes.size(); a++) {
      Set<Integer> fired = new HashSet<>();
      for (Tokens tokens : notes.get(a)) {
        for (Mention mention : lexicon.match(tokens, context.masks(tokens))) {
          Optional<String> code = settings.policy().outcome(mention, noFallback, true);
          if (code.isPresent() && code.get().equals(mention.entry().code())) {
            fired.add(index.get(mention.entry()));
          }
        }
      }
      for (int i : fired) {
        fires[i]++;
        if (gold.get(a).contains(list.get(i).code())) {
          hits[i]++;
        }
      }
    }
    double floor = settings.minScore() / 2;
    List<LexiconEntry> kept = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      LexiconEntry entry = list.get(i);
      double confidence = (hits[i] + entry.confidence() * PRIOR_WEIGHT) / (fires[i] + PRIOR_WEIGHT);
      if (confidence >= floor) {
        kept.add(entry.withConfidence(confidence));
      }
    }
    return kept;
  }
}
