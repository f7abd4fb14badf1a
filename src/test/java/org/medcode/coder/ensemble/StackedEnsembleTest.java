package org.medcode.coder.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderParameters;
import org.medcode.coder.CoderResult;
import org.medcode.coder.CodingSession;
import org.medcode.coder.Refittable;
import org.medcode.coder.ml.MlCoderFactory;
import org.medcode.coder.ml.Synthetic;
import org.medcode.coder.training.TrainingData;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;

/**
 * The stacked ensemble learns from its members' cross-fitted answers on the training split only: every copy of a member
 * codes admissions it did not learn from, the split being evaluated is never seen, and relabelling it changes nothing.
 */
class StackedEnsembleTest {
  private static final long SEED = 7;
  private static final List<Admission> TRAINING = Synthetic.admissions(120, 0, 1);
  private static final List<Admission> TEST = Synthetic.admissions(40, 1000, 2);

  @TempDir
  Path temp;

  /** A member that remembers, for every copy made of it, what it learned from and what it coded. */
  private static final class Spy implements Refittable {
    final Set<String> learned;
    final Set<String> coded = Collections.synchronizedSet(new HashSet<>());
    final List<Spy> copies;

    Spy(List<Admission> training, List<Spy> copies) {
      this.learned = ids(training);
      this.copies = copies;
    }

    @Override
    public CoderResult code(Admission admission) {
      coded.add(admission.id());
      // answers the most frequent code of what it learned from, whatever the text: a member that depends on its training
      return new CoderResult(List.of(new CodeSuggestion("K3580", 0.5 + learned.size() / 1000.0)));
    }

    @Override
    public String identity() {
      return "spy";
    }

    @Override
    public Coder refit(List<Admission> training) {
      Spy copy = new Spy(training, copies);
      copies.add(copy);
      return copy;
    }
  }

  private static Set<String> ids(List<Admission> admissions) {
    Set<String> ids = new HashSet<>();
    admissions.forEach(a -> ids.add(a.id()));
    return ids;
  }

  private Coder ensemble(List<Admission> training, Function<String, Coder> peers, String members, String... pairs) {
    Map<String, String> given = new HashMap<>();
    given.put("members", members);
    for (int i = 0; i < pairs.length; i += 2) {
      given.put(pairs[i], pairs[i + 1]);
    }
    EnsembleCoderFactory factory = new EnsembleCoderFactory();
    return factory.create(new CoderContext(Synthetic.table(), training, temp, temp.resolve("cache"), SEED, peers),
        CoderParameters.resolve(factory, given));
  }

  @Test
  void aMemberThatAnswersNoTrainingAdmissionIsWarnedAbout() throws Exception {
    Function<String, Coder> ml = mlPeers(TRAINING);
    Coder silent = admission -> org.medcode.coder.CoderResult.empty(); // a replay of evaluated admissions only
    Function<String, Coder> peers = id -> id.equals("replay") ? silent : ml.apply(id);
    List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
    org.medcode.coder.RunListener listener = org.medcode.coder.Warnings.into(warnings);
    EnsembleCoderFactory factory = new EnsembleCoderFactory();
    factory.create(new CoderContext(Synthetic.table(), TRAINING, temp, temp.resolve("cache"), SEED, peers, false, listener),
        CoderParameters.resolve(factory, Map.of("members", "ml-knn,replay", "mode", "stacked")));
    assertTrue(warnings.contains("ensemble: member replay answered none of the " + TRAINING.size() + " training"
        + " admissions, so the stacked ensemble learns to ignore it; give it answers for the training split too, or"
        + " combine without learning (mode: union, vote or fusion)"), warnings.toString());
  }

  /** A code that is no code as written, in a member's answer on a training admission, names the member and the admission. */
  @Test
  void aMalformedCodeInAMembersTrainingAnswerNamesTheMemberAndTheAdmission() throws Exception {
    Function<String, Coder> ml = mlPeers(TRAINING);
    String bad = TRAINING.get(3).id();
    Coder plugin = admission -> new org.medcode.coder.CoderResult(List.of(new org.medcode.coder.CodeSuggestion(
        admission.id().equals(bad) ? "E11 9" : "I10", 0.5)));
    Function<String, Coder> peers = id -> id.equals("plugin") ? plugin : ml.apply(id);
    org.medcode.MedcodeException e = assertThrows(org.medcode.MedcodeException.class,
        () -> ensemble(TRAINING, peers, "ml-knn,plugin", "mode", "stacked"));
    assertTrue(e.getMessage().startsWith("coder ensemble: member plugin answered training admission " + bad
        + " (cross-fitting) with a code that is no code as written: code 1 of 1 of the answer: "), e.getMessage());
  }

  private Function<String, Coder> mlPeers(List<Admission> training) throws Exception {
    CoderContext context = new CoderContext(Synthetic.table(), training, temp, temp.resolve("cache"), SEED);
    MlCoderFactory linear = MlCoderFactory.linear();
    MlCoderFactory knn = MlCoderFactory.knn();
    Coder a = linear.create(context, CoderParameters.resolve(linear, Map.of()));
    Coder b = knn.create(context, CoderParameters.resolve(knn, Map.of()));
    return id -> id.equals("ml-linear") ? a : b;
  }

  /**
   * A member with a reporting threshold of its own: it finds each condition of a note with score 0.3 and reports only
   * what scores at least {@code threshold}; {@link #widened} is its copy with a lower one.
   */
  private record Shy(double threshold, List<Shy> widenings) implements Refittable {
    @Override
    public CoderResult code(Admission admission) {
      List<CodeSuggestion> found = new ArrayList<>();
      for (Synthetic.Condition condition : Synthetic.CONDITIONS) {
        if (admission.text().contains(condition.phrase()) && 0.3 >= threshold) {
          found.add(new CodeSuggestion(condition.code(), 0.3));
        }
      }
      return new CoderResult(found);
    }

    @Override
    public String identity() {
      return "shy " + threshold;
    }

    @Override
    public Coder refit(List<Admission> training) {
      return new Shy(threshold, widenings);
    }

    @Override
    public java.util.Optional<Refittable> widened(double minScore) {
      Shy copy = new Shy(minScore, widenings);
      widenings.add(copy);
      return java.util.Optional.of(copy);
    }
  }

  /**
   * A member holding a resource outside the JVM (a worker process), with a threshold of its own: it and every copy made
   * of it (added to {@code copies}) count how often they were opened and closed, and the admissions coded while not open.
   */
  private static final class Worker implements Refittable {
    final double threshold;
    final List<Worker> copies;
    final java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger closed = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger codedShut = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean open;

    Worker(double threshold, List<Worker> copies) {
      this.threshold = threshold;
      this.copies = copies;
    }

    @Override
    public void open(List<Admission> pending) {
      opened.incrementAndGet();
      open = true;
    }

    @Override
    public CoderResult code(Admission admission) {
      if (!open) {
        codedShut.incrementAndGet();
      }
      return new CoderResult(List.of(new CodeSuggestion("K3580", 0.3)));
    }

    @Override
    public void close() {
      closed.incrementAndGet();
      open = false;
    }

    @Override
    public String identity() {
      return "worker " + threshold;
    }

    @Override
    public Coder refit(List<Admission> training) {
      return copy(threshold);
    }

    @Override
    public java.util.Optional<Refittable> widened(double minScore) {
      return java.util.Optional.of(copy(minScore));
    }

    private Worker copy(double threshold) {
      Worker copy = new Worker(threshold, copies);
      copies.add(copy);
      return copy;
    }
  }

  /**
   * The copies a stacked ensemble makes of a member, one per fold to cross-fit it and one reporting its candidates down
   * to member-min-score, were never opened nor closed by anyone: a member holding a worker process leaked one per copy,
   * and its copies coded without being opened. The ensemble now opens each copy before it codes and closes it after
   * (the widened copy with the ensemble); the member itself is the run's to open and close.
   */
  @Test
  void theCopiesAStackedEnsembleMakesOfAMemberAreOpenedBeforeTheyCodeAndClosedAfter() throws Exception {
    List<Worker> copies = Collections.synchronizedList(new ArrayList<>());
    Worker member = new Worker(0.5, copies);
    member.open(TEST); // as the run opened it
    Coder ensemble = ensemble(TRAINING, id -> member, "worker", "mode", "stacked", "folds", "3");
    assertEquals(1 + 3, copies.size(), "the widened copy, then one per fold");
    Worker wide = copies.get(0);
    for (Worker fold : copies.subList(1, copies.size())) {
      assertEquals(List.of(1, 1, 0), List.of(fold.opened.get(), fold.closed.get(), fold.codedShut.get()),
          "a fold's copy: opened, closed, and no admission coded while not open");
    }
    ensemble.open(TEST);
    assertEquals(TEST, ensemble.prepare(TEST, new CodingSession(temp.resolve("run"), Double.POSITIVE_INFINITY, false)));
    for (Admission admission : TEST) {
      ensemble.code(admission);
    }
    ensemble.close();
    assertEquals(List.of(1, 1, 0), List.of(wide.opened.get(), wide.closed.get(), wide.codedShut.get()),
        "the widened copy: opened with the ensemble, closed with it, and no admission coded while not open");
    assertEquals(List.of(1, 0), List.of(member.opened.get(), member.closed.get()), "the member is the run's to close");
  }

  @Test
  void aMemberIsAskedForTheCandidatesBelowItsOwnThresholdAndNotReadFromItsRunsAnswers() throws Exception {
    List<Shy> widenings = new ArrayList<>();
    Shy shy = new Shy(0.5, widenings);
    Coder wide = ensemble(TRAINING, id -> shy, "shy", "mode", "stacked"); // member-min-score 0.05 by default
    assertEquals(List.of(new Shy(0.05, widenings)), widenings, "asked once, for its candidates down to 0.05");
    // the run logged the member's own answers (nothing above 0.5): the ensemble asks its widened copy instead
    CodingSession.Answered logged = (coder, admission) -> java.util.Optional.of(CoderResult.empty());
    assertEquals(TEST, wide.prepare(TEST, new CodingSession(temp.resolve("run"), Double.POSITIVE_INFINITY, false,
        CodingSession.Room.UNLIMITED, Set.of(), logged)));
    int exact = 0;
    for (Admission admission : TEST) {
      if (wide.code(admission).codes().stream().map(CodeSuggestion::code).sorted().toList()
          .equals(Synthetic.gold(admission))) {
        exact++;
      }
    }
    assertEquals(TEST.size(), exact, "every condition the member finds below its own threshold is kept");
    Coder own = ensemble(TRAINING, id -> shy, "shy", "mode", "stacked", "member-min-score", "none");
    assertEquals(1, widenings.size(), "none: the member as it reports");
    for (Admission admission : TEST) {
      assertEquals(List.of(), own.code(admission).codes());
    }
  }

  @Test
  void aMemberMinScoreGivenToAnEnsembleThatDoesNotStackIsRefused() {
    org.medcode.MedcodeException e = assertThrows(org.medcode.MedcodeException.class,
        () -> ensemble(TRAINING, id -> new Shy(0.5, new ArrayList<>()), "shy", "mode", "fusion", "member-min-score", "0.1"));
    assertEquals("coder ensemble: parameter 'member-min-score' is what mode stacked asks its members for; mode fusion"
        + " combines what they report, so remove it", e.getMessage());
    ensemble(TRAINING, id -> new Shy(0.5, new ArrayList<>()), "shy", "mode", "fusion", "member-min-score", "0.050");
    ensemble(TRAINING, id -> new Shy(0.5, new ArrayList<>()), "shy", "mode", "fusion", "member-min-score", "none");
  }

  /**
   * Before: {@code --dry-run} planned a run whose fusion ensemble was given member-min-score (its refusal was empty), and
   * the run then stopped with exit 2 when it created the ensemble.
   */
  @Test
  void aMemberMinScoreGivenToAnEnsembleThatDoesNotStackIsRefusedBeforeTheRunStartsToo() {
    EnsembleCoderFactory factory = new EnsembleCoderFactory();
    Function<String, Coder> peers = id -> new Shy(0.5, new ArrayList<>());
    CoderContext trained = new CoderContext(Synthetic.table(), TRAINING, temp, temp.resolve("cache"), SEED, peers);
    assertEquals(java.util.Optional.of("parameter 'member-min-score' is what mode stacked asks its members for; mode"
        + " fusion combines what they report, so remove it"), factory.refusal(trained, CoderParameters.resolve(factory,
            Map.of("members", "shy", "mode", "fusion", "member-min-score", "0.1")), 0));
    CoderContext untrained = new CoderContext(Synthetic.table(), List.of(), temp, temp.resolve("cache"), SEED, peers);
    assertEquals(java.util.Optional.of("parameter 'member-min-score' is what mode stacked asks its members for; mode"
        + " fusion (what mode auto is without a training split) combines what they report, so remove it"),
        factory.refusal(untrained, CoderParameters.resolve(factory, Map.of("members", "shy", "member-min-score", "0.2")),
            0));
    assertEquals(java.util.Optional.empty(), factory.refusal(untrained, CoderParameters.resolve(factory,
        Map.of("members", "shy", "member-min-score", "none")), 0), "none: what the other modes do anyway");
    assertEquals(java.util.Optional.empty(), factory.refusal(trained, CoderParameters.resolve(factory,
        Map.of("members", "shy", "mode", "vote", "member-min-score", "0.050")), 0), "the default, however written");
    assertEquals(java.util.Optional.empty(), factory.refusal(trained, CoderParameters.resolve(factory,
        Map.of("members", "shy", "mode", "stacked", "member-min-score", "0.1")), 0), "what mode stacked uses");
  }

  @Test
  void aMemberMinScoreThatIsNoScoreIsRefusedNamingTheParameter() {
    for (String bad : List.of("0", "1.5", "low")) {
      org.medcode.MedcodeException e = assertThrows(org.medcode.MedcodeException.class,
          () -> ensemble(TRAINING, id -> new Shy(0.5, new ArrayList<>()), "shy", "member-min-score", bad));
      assertEquals("coder ensemble: parameter 'member-min-score' is none or a score above 0 and at most 1, got '" + bad
          + "'", e.getMessage());
    }
  }

  @Test
  void crossFittingCodesEveryTrainingAdmissionOnceWithACopyThatNeverLearnedFromIt() {
    List<Spy> copies = Collections.synchronizedList(new ArrayList<>());
    Spy spy = new Spy(TRAINING, copies);
    ensemble(TRAINING, id -> spy, "spy", "folds", "4");
    assertEquals(4, copies.size());
    Set<String> codedOnce = new HashSet<>();
    for (Spy copy : copies) {
      assertTrue(Collections.disjoint(copy.learned, copy.coded), "a copy coded an admission it learned from");
      assertTrue(ids(TRAINING).containsAll(copy.learned), "a copy learned from outside the training split");
      copy.coded.forEach(id -> assertTrue(codedOnce.add(id), id + " coded twice"));
      // folds are whole patients: no patient both learned from and coded
      Set<String> learnedPatients = new HashSet<>();
      Set<String> codedPatients = new HashSet<>();
      TRAINING.forEach(a -> (copy.learned.contains(a.id()) ? learnedPatients : copy.coded.contains(a.id()) ? codedPatients
          : new HashSet<String>()).add(a.patientId()));
      assertTrue(Collections.disjoint(learnedPatients, codedPatients));
    }
    assertEquals(ids(TRAINING), codedOnce);
    assertTrue(Collections.disjoint(codedOnce, ids(TEST)));
  }

  @Test
  void theGoldCodesOfTheAdmissionsCodedNeverChangeTheStackedAnswer() throws Exception {
    Coder coder = ensemble(TRAINING, mlPeers(TRAINING), "ml-linear,ml-knn", "mode", "stacked");
    int exact = 0;
    for (Admission admission : TEST) {
      Admission relabelled = new Admission(admission.id(), admission.patientId(), admission.notes(),
          List.of(new GoldCode("S72001A", CodeSystemId.ICD10CM)), admission.metadata());
      Admission unlabelled = new Admission(admission.id(), admission.patientId(), admission.notes(), List.of(), Map.of());
      List<CodeSuggestion> answer = coder.code(admission).codes();
      assertEquals(answer, coder.code(relabelled).codes());
      assertEquals(answer, coder.code(unlabelled).codes());
      if (answer.stream().map(CodeSuggestion::code).sorted().toList().equals(Synthetic.gold(admission))) {
        exact++;
      }
    }
    assertTrue(exact >= 36, exact + " of 40 admissions coded exactly");
  }

  @Test
  void theStackerLearnsFromTheTrainingLabelsAndOnlyFromThem() throws Exception {
    // the same training texts with other labels on a quarter of them give another stacker (so labels matter), and a run
    // that evaluates on TEST builds the very same ensemble whatever TEST's labels are: TEST is not in the context at all
    List<Admission> noisy = new ArrayList<>();
    int[] fold = TrainingData.folds(TRAINING, 4, SEED);
    for (int a = 0; a < TRAINING.size(); a++) {
      Admission admission = TRAINING.get(a);
      noisy.add(fold[a] != 0 ? admission : new Admission(admission.id(), admission.patientId(), admission.notes(),
          List.of(new GoldCode("I10", CodeSystemId.ICD10CM)), admission.metadata()));
    }
    Function<String, Coder> peers = mlPeers(TRAINING);
    Coder clean = ensemble(TRAINING, peers, "ml-linear,ml-knn", "mode", "stacked");
    Coder relabelled = ensemble(noisy, peers, "ml-linear,ml-knn", "mode", "stacked");
    List<List<CodeSuggestion>> a = new ArrayList<>();
    List<List<CodeSuggestion>> b = new ArrayList<>();
    for (Admission admission : TEST) {
      a.add(clean.code(admission).codes());
      b.add(relabelled.code(admission).codes());
    }
    assertNotEquals(a, b);
  }

  @Test
  void aDatasetSpecOfFilesInAParameterIsKeyedByTheFilesContent() throws Exception {
    java.nio.file.Path file = temp.resolve("parallel.jsonl");
    java.nio.file.Files.writeString(file, "{}\n");
    String before = org.medcode.coder.Refittable.content("jsonl:" + file);
    java.nio.file.Files.writeString(file, "{ }\n");
    String after = org.medcode.coder.Refittable.content("jsonl:" + file);
    assertTrue(before != null && !before.equals(after), before + " " + after);
    assertEquals(after, org.medcode.coder.Refittable.content("jsonl:" + file + "?credentialed=false"));
  }

  @Test
  void outOfFoldAnswersAreCachedLikeModels() throws Exception {
    List<Spy> copies = Collections.synchronizedList(new ArrayList<>());
    Spy spy = new Spy(TRAINING, copies);
    CoderContext context = new CoderContext(Synthetic.table(), TRAINING, temp, temp.resolve("cache"), SEED);
    CrossFit.Answers first = CrossFit.answers("spy", spy, context, 5);
    CrossFit.Answers second = CrossFit.answers("spy", spy, context, 5);
    assertEquals(CrossFit.Origin.CROSS_FITTED, first.origin());
    assertEquals(CrossFit.Origin.CACHE, second.origin());
    assertEquals(first.byAdmission(), second.byAdmission());
    assertEquals(5, copies.size(), "the second call refitted nothing");
    // other training data or other folds: cross-fitted again
    assertEquals(CrossFit.Origin.CROSS_FITTED, CrossFit.answers("spy", spy, context, 4).origin());
    assertEquals(CrossFit.Origin.CROSS_FITTED,
        CrossFit.answers("spy", spy, context.withTraining(TRAINING.subList(0, 100)), 5).origin());
    // the same admissions and codes with an evidence span more (which the rules coder learns phrases from)
    List<Admission> withEvidence = new ArrayList<>(TRAINING);
    Admission first0 = TRAINING.get(0);
    org.medcode.dataset.GoldCode code = first0.codes().get(0);
    List<org.medcode.dataset.GoldCode> codes = new ArrayList<>(first0.codes());
    codes.set(0, new org.medcode.dataset.GoldCode(code.code(), code.raw(), code.system(), code.sequence(), code.primary(),
        List.of(new org.medcode.dataset.EvidenceSpan(0, 0, 1, first0.notes().get(0).text().substring(0, 1)))));
    withEvidence.set(0, new Admission(first0.id(), first0.patientId(), first0.notes(), codes, first0.metadata()));
    assertEquals(CrossFit.Origin.CROSS_FITTED, CrossFit.answers("spy", spy, context.withTraining(withEvidence), 5).origin(),
        "evidence spans key the cache too");
  }

  @Test
  void aCutCacheFileIsCrossFittedAgainNotReadAsEmptyAnswers() throws Exception {
    List<Spy> copies = Collections.synchronizedList(new ArrayList<>());
    Spy spy = new Spy(TRAINING, copies);
    CoderContext context = new CoderContext(Synthetic.table(), TRAINING, temp, temp.resolve("cache"), SEED);
    CrossFit.Answers first = CrossFit.answers("spy", spy, context, 5);
    java.nio.file.Path file;
    try (var files = java.nio.file.Files.list(temp.resolve("cache/ensemble-oof"))) {
      file = files.findFirst().orElseThrow();
    }
    List<String> lines = java.nio.file.Files.readAllLines(file);
    java.nio.file.Files.write(file, lines.subList(0, lines.size() / 2));
    CrossFit.Answers again = CrossFit.answers("spy", spy, context, 5);
    assertEquals(CrossFit.Origin.CROSS_FITTED, again.origin(), "half a file is not a cache hit");
    assertEquals(first.byAdmission(), again.byAdmission());
    assertEquals(CrossFit.Origin.CACHE, CrossFit.answers("spy", spy, context, 5).origin(), "written whole again");
  }

  /**
   * A cache file whose lines were edited, dropped or swapped but that still ends with its end line (counting the
   * admissions only) is cross-fitted again: once, such a file was read as the member's out-of-fold answers.
   */
  @Test
  void anEditedCacheFileIsCrossFittedAgainNotRead() throws Exception {
    List<Spy> copies = Collections.synchronizedList(new ArrayList<>());
    Spy spy = new Spy(TRAINING, copies);
    CoderContext context = new CoderContext(Synthetic.table(), TRAINING, temp, temp.resolve("cache"), SEED);
    CrossFit.Answers first = CrossFit.answers("spy", spy, context, 5);
    java.nio.file.Path file;
    try (var files = java.nio.file.Files.list(temp.resolve("cache/ensemble-oof"))) {
      file = files.findFirst().orElseThrow();
    }
    List<String> lines = java.nio.file.Files.readAllLines(file);
    List<List<String>> edits = new ArrayList<>();
    List<String> scored = new ArrayList<>(lines);
    scored.set(5, scored.get(5).replaceFirst("\t[^\t]*$", "\t0.99")); // a score edited
    edits.add(scored);
    List<String> dropped = new ArrayList<>(lines);
    dropped.remove(7); // an answer gone
    edits.add(dropped);
    List<String> recoded = new ArrayList<>(lines);
    recoded.set(9, recoded.get(9).replace("K3580", "I10")); // a code changed
    edits.add(recoded);
    for (List<String> edited : edits) {
      java.nio.file.Files.write(file, edited);
      int before = copies.size();
      CrossFit.Answers again = CrossFit.answers("spy", spy, context, 5);
      assertEquals(CrossFit.Origin.CROSS_FITTED, again.origin(), "an edited file is not a cache hit");
      assertEquals(first.byAdmission(), again.byAdmission());
      assertEquals(before + 5, copies.size());
    }
    assertEquals(CrossFit.Origin.CACHE, CrossFit.answers("spy", spy, context, 5).origin(), "written whole again");
  }

  /** A cache folder that cannot be written: the answers cross-fitted are used, with one warning, not a failed run. */
  @Test
  void aCacheFolderThatCannotBeWrittenKeepsTheAnswersWithAWarning() throws Exception {
    java.nio.file.Path cache = java.nio.file.Files.createDirectories(temp.resolve("cache"));
    java.nio.file.Files.writeString(cache.resolve("ensemble-oof"), "a file where the folder belongs");
    List<String> warnings = new ArrayList<>();
    CoderContext context = new CoderContext(Synthetic.table(), TRAINING, temp, cache, SEED, CoderContext.NO_PEERS, false,
        org.medcode.coder.Warnings.into(warnings));
    CrossFit.Answers answers = CrossFit.answers("spy", new Spy(TRAINING, new ArrayList<>()), context, 5);
    assertEquals(CrossFit.Origin.CROSS_FITTED, answers.origin());
    assertEquals(TRAINING.size(), answers.byAdmission().size());
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("ensemble: cannot cache out-of-fold answers in "), warnings.get(0));
  }
}
