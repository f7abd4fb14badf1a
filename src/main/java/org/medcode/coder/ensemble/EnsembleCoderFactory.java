package org.medcode.coder.ensemble;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.medcode.MedcodeException;
import org.medcode.Plural;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderException;
import org.medcode.coder.CoderFactory;
import org.medcode.coder.CoderParameter;
import org.medcode.coder.CoderParameter.Type;
import org.medcode.coder.CoderParameters;
import org.medcode.coder.CoderStoppedException;
import org.medcode.coder.CodingSession;
import org.medcode.coder.CoderResult;
import org.medcode.coder.Egress;
import org.medcode.coder.Refittable;
import org.medcode.coder.training.TrainingData;
import org.medcode.codesystem.CodeSystem;
import org.medcode.dataset.Admission;

/**
 * {@code ensemble}: asks the member coders of the same run (by id) for each admission and combines their answers
 * ({@link EnsembleMode}). In mode {@code stacked} (the default when the run has a training split) it first cross-fits
 * every member on the training split ({@link CrossFit}: each fold coded by a copy of the member that learned without
 * it) and learns from those answers a stacked scorer and its threshold ({@link Stacker}); every kept code is scored with
 * its stacked probability. A member that reports only codes above a threshold of its own (the rules coder) is replaced,
 * for cross-fitting and coding, by a copy reporting its candidates down to {@code member-min-score}: the stacked scorer
 * keeps a weak candidate when the other members confirm it. The split being evaluated is never used. In the other modes
 * every kept code is scored with its fused score ({@link Fusion}) and ranked by it (ties: more members, then code
 * order), so ranked metrics work. An ensemble cannot contain itself, directly or through another ensemble. A member's
 * failure on an admission is the ensemble's failure there. What the members' answers used (tokens, cost) is summed into
 * the ensemble's usage: the members are prepared with the ensemble's session, whose claims let only the first member
 * that meets a payment (the same receipt) charge it. A member that is not cached (e.g. an LLM) is asked again for an
 * admission its own run did not answer.
 */
public final class EnsembleCoderFactory implements CoderFactory {
  static final String MEMBER_MIN_SCORE = "member-min-score";
  /** Chosen in 5-fold cross-validation on CodiEsp train (English diagnoses), never on dev: README, the ensemble. */
  static final String DEFAULT_MEMBER_MIN_SCORE = "0.05";

  /** Members lists of ensembles being created on this thread, to catch an ensemble that contains itself. */
  private static final ThreadLocal<Deque<String>> CREATING = ThreadLocal.withInitial(ArrayDeque::new);

  @Override
  public String name() {
    return "ensemble";
  }

  @Override
  public boolean readsNotes() {
    return false; // its members' answers (each member is asked itself)
  }

  @Override
  public String description() {
    return "combines other coders of the run: a stacked scorer learned from their cross-fitted answers on the training split,"
        + " or union, weighted vote, score fusion (RRF or min-max)";
  }

  @Override
  public List<CoderParameter> parameters() {
    return List.of(
        new CoderParameter("members", "ids of coders of the same config, comma-separated (e.g. rules,ml-linear)", null, Type.TEXT),
        new CoderParameter("mode", "stacked, union, vote, fusion, or auto (stacked when the run has a training split, else "
            + "fusion)", "auto", Type.CHOICE),
        new CoderParameter("weights", "one weight per member, comma-separated (empty: all 1)", "", Type.TEXT),
        new CoderParameter("fusion", "how member ranks become scores: rrf or minmax", "rrf", Type.CHOICE),
        new CoderParameter("quorum", "vote: keep codes whose members carry more than this share of the total weight", "0.5",
            Type.DECIMAL),
        new CoderParameter("min-score", "fusion: keep codes whose fused score (0..1) is at least this", "0.3", Type.DECIMAL),
        new CoderParameter("max-codes", "at most this many codes per admission", "30", Type.INTEGER),
        new CoderParameter("folds", "stacked: folds of the training split (by patient, seeded) the members are cross-fitted on",
            "5", Type.INTEGER),
        new CoderParameter("family-min", "stacked: a code family (first character) gets its own correction of the stacked "
            + "scorer from this many positive out-of-fold candidates on", "200", Type.INTEGER),
        new CoderParameter(MEMBER_MIN_SCORE, "stacked: a member that reports only codes above a threshold of its own (the "
            + "rules coder's min-score) is asked for every candidate scoring at least this, so that the stacked scorer can "
            + "keep one the other members confirm; none: each member as it reports", DEFAULT_MEMBER_MIN_SCORE, Type.TEXT));
  }

  /** Local: combines its members' answers in this process; each member declares its own egress. */
  @Override
  public Egress egress(Map<String, String> parameters) {
    return Egress.local();
  }

  @Override
  public List<String> peers(Map<String, String> parameters) {
    return members(parameters.getOrDefault("members", ""));
  }

  private static List<String> members(String list) {
    List<String> ids = new ArrayList<>();
    for (String id : list.split(",")) {
      if (!id.isBlank() && !ids.contains(id.trim())) {
        ids.add(id.trim());
      }
    }
    return ids;
  }

  /** The parameters of an ensemble, checked: what {@link #create} uses, and what {@link #refusal} checks first. */
  private record Checked(List<String> ids, String modeName, EnsembleMode mode, int folds, int familyMin, Fusion fusion,
      double[] weights, double quorum, double minScore, int maxCodes, Double memberMinScore) {}

  /** Every parameter in its range or choices, or a {@link MedcodeException} naming the first that is not. */
  private static Checked check(CoderContext context, Map<String, String> parameters) {
    List<String> ids = members(parameters.get("members"));
    if (ids.isEmpty()) {
      throw new MedcodeException("coder ensemble: parameter 'members' names no coder; give ids such as rules,ml-linear");
    }
    String modeName = parameters.get("mode").trim();
    EnsembleMode mode = mode(modeName, context);
    int folds = CoderParameters.atLeast("ensemble", parameters, "folds", 2);
    int familyMin = CoderParameters.atLeast("ensemble", parameters, "family-min", 1);
    if (mode == EnsembleMode.STACKED && context.training().isEmpty()) {
      throw new MedcodeException("coder ensemble: mode stacked learns from the members' answers on the training split, but"
          + " the config names none; add training: { spec: \"...\" } or choose mode fusion");
    }
    Fusion fusion = choice(Fusion.class, "fusion", parameters.get("fusion"));
    double[] weights = weights(parameters.get("weights"), ids.size());
    double quorum = Double.parseDouble(parameters.get("quorum").trim());
    double minScore = Double.parseDouble(parameters.get("min-score").trim());
    int maxCodes = Integer.parseInt(parameters.get("max-codes").trim());
    if (quorum < 0 || quorum >= 1) {
      throw new MedcodeException("coder ensemble: parameter 'quorum' must be at least 0 and below 1, got " + quorum);
    }
    if (maxCodes < 1) {
      throw new MedcodeException("coder ensemble: parameter 'max-codes' must be at least 1, got " + maxCodes);
    }
    if (!(minScore >= 0 && minScore <= 1)) {
      throw new MedcodeException("coder ensemble: parameter 'min-score' is a fused score between 0 and 1, got " + minScore);
    }
    Double memberMinScore = memberMinScore(parameters.get(MEMBER_MIN_SCORE));
    Optional<String> unused = unusedMemberMinScore(mode, memberMinScore, modeName.equalsIgnoreCase("auto"));
    if (unused.isPresent()) {
      throw new MedcodeException("coder ensemble: " + unused.get());
    }
    if (mode != EnsembleMode.STACKED && Arrays.stream(weights).sum() <= 0) {
      throw new MedcodeException("coder ensemble: parameter 'weights' gives every member weight 0, so no code could be"
          + " kept; give at least one member a positive weight");
    }
    return new Checked(ids, modeName, mode, folds, familyMin, fusion, weights, quorum, minScore, maxCodes, memberMinScore);
  }

  @Override
  public Coder create(CoderContext context, Map<String, String> parameters) {
    Checked checked = check(context, parameters);
    List<String> ids = checked.ids();
    String modeName = checked.modeName();
    EnsembleMode mode = checked.mode();
    int folds = checked.folds();
    int familyMin = checked.familyMin();
    Fusion fusion = checked.fusion();
    double[] weights = checked.weights();
    double quorum = checked.quorum();
    double minScore = checked.minScore();
    int maxCodes = checked.maxCodes();
    Double memberMinScore = checked.memberMinScore();
    if (mode == EnsembleMode.STACKED) {
      refuseIgnored(context, parameters, modeName.equalsIgnoreCase("auto"));
    }
    String key = String.join(",", ids);
    Deque<String> creating = CREATING.get();
    if (creating.contains(key)) {
      throw new MedcodeException("coder ensemble (members " + key + ") contains itself, directly or through another"
          + " ensemble; remove it from its own members");
    }
    creating.push(key);
    List<Coder> members = new ArrayList<>();
    try {
      for (String id : ids) {
        members.add(context.peers().apply(id));
      }
    } finally {
      creating.pop();
    }
    boolean[] widened = new boolean[members.size()];
    Stacker stacker = null;
    if (mode == EnsembleMode.STACKED) {
      try {
        if (memberMinScore != null) {
          widen(ids, members, widened, memberMinScore, context);
        }
        stacker = stack(ids, members, context, folds, familyMin, maxCodes);
      } catch (RuntimeException e) {
        try {
          closeCopies(members, widened); // no ensemble holds them
        } catch (RuntimeException closing) {
          e.addSuppressed(closing);
        }
        throw e;
      }
    }
    return new Ensemble(List.copyOf(ids), List.copyOf(members), weights, mode, fusion, quorum, minScore, maxCodes,
        stacker, context.table().system(), widened, new AtomicReference<>(CodingSession.Answered.NONE), new Estimates());
  }

  /** {@code none}, or a score above 0 and at most 1. */
  private static Double memberMinScore(String value) {
    String text = value.trim();
    if (text.equalsIgnoreCase("none")) {
      return null;
    }
    double score;
    try {
      score = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      score = Double.NaN;
    }
    if (!(score > 0 && score <= 1)) {
      throw new MedcodeException("coder ensemble: parameter '" + MEMBER_MIN_SCORE + "' is none or a score above 0 and at"
          + " most 1, got '" + text + "'");
    }
    return score;
  }

  /**
   * Why a {@code member-min-score} given to an ensemble that does not stack is refused (it would change nothing); empty
   * when the ensemble stacks, or {@code score} is none (null) or the default.
   */
  private static Optional<String> unusedMemberMinScore(EnsembleMode mode, Double score, boolean auto) {
    // none is what the other modes do: each member as it reports
    if (mode == EnsembleMode.STACKED || score == null || score == Double.parseDouble(DEFAULT_MEMBER_MIN_SCORE)) {
      return Optional.empty();
    }
    return Optional.of("parameter '" + MEMBER_MIN_SCORE + "' is what mode stacked asks its members for; mode "
        + mode.name().toLowerCase(Locale.ROOT) + (auto ? " (what mode auto is without a training split)" : "")
        + " combines what they report, so remove it");
  }

  /**
   * Replaces each member that reports only codes above a higher threshold of its own by a copy reporting every candidate
   * scoring at least {@code minScore} ({@link Refittable#widened}): the copy is cross-fitted and asked in its place, and
   * what the member answered in its own run (cut at its own threshold) is not used for it. The ensemble opens and closes
   * the copy, which is no coder of the run.
   */
  private static void widen(List<String> ids, List<Coder> members, boolean[] widened, double minScore,
      CoderContext context) {
    for (int m = 0; m < members.size(); m++) {
      if (!(members.get(m) instanceof Refittable refittable)) {
        continue;
      }
      Optional<Refittable> copy;
      try {
        copy = refittable.widened(minScore);
      } catch (MedcodeException | java.io.UncheckedIOException e) {
        throw e;
      } catch (Exception e) {
        throw new MedcodeException("coder ensemble: creating member " + ids.get(m) + " to report its candidates down to"
            + " score " + minScore + " failed: " + e.getMessage(), e);
      }
      if (copy.isPresent()) {
        members.set(m, copy.get());
        widened[m] = true;
        context.listener().note("ensemble: member " + ids.get(m) + " reports every candidate scoring at least " + minScore
            + " to the ensemble (" + MEMBER_MIN_SCORE + "), below its own threshold; the ensemble asks it for each"
            + " admission itself");
      }
    }
  }

  /** Closes the copies the ensemble made of its members ({@link #widen}); a copy that fails to close stops no other. */
  private static void closeCopies(List<Coder> members, boolean[] widened) {
    RuntimeException failed = null;
    for (int m = 0; m < members.size(); m++) {
      if (!widened[m]) {
        continue;
      }
      try {
        members.get(m).close();
      } catch (RuntimeException e) {
        failed = failed == null ? e : failed;
      }
    }
    if (failed != null) {
      throw failed;
    }
  }

  /**
   * A member that pays per admission (an llm coder with a price) would be sent every training admission while the
   * ensemble is created, before the run's budget and records count anything: refused, with what to do instead.
   */
  private static void refusePaidCrossFitting(String id, Coder member, List<Admission> training) {
    double worst = 0;
    try {
      for (Admission admission : training) {
        worst += Math.max(0, member.worstCaseCost(admission));
        member.release(admission); // asked to weigh the member, never coded here
      }
    } catch (Exception e) {
      throw new MedcodeException("coder ensemble: cannot tell what member " + id + " would cost on the training split: "
          + e.getMessage(), e);
    }
    if (worst > 0) {
      throw new MedcodeException("coder ensemble: mode stacked would send member " + id + " the " + training.size()
          + " training admissions while the ensemble is created (up to " + String.format(Locale.ROOT, "%.4f",
              worst) + " in its price's currency), outside the run's cost budget and records; combine a paid member"
          + " with mode fusion, vote or union, or stack its answers from a replay of an earlier run");
    }
  }

  /** Cross-fits every member on the training split and learns the stacked scorer from their out-of-fold answers. */
  private static Stacker stack(List<String> ids, List<Coder> members, CoderContext context, int folds, int familyMin,
      int maxCodes) {
    List<Admission> training = context.training();
    long patients = training.stream().map(Admission::patientKey).distinct().count();
    if (patients < folds) {
      throw new MedcodeException("coder ensemble: mode stacked cross-fits its members on " + folds + " folds of the"
          + " training split by patient, but it has " + Plural.of(patients, "patient") + ": give folds at most " + patients
          + " (parameter folds), a larger training split, or mode fusion");
    }
    String system = context.table().system().id().label();
    if (training.stream().noneMatch(a -> !TrainingData.gold(a, context.table().system().id()).isEmpty())) {
      context.listener().warning("ensemble: the training split has no " + system + " gold codes: the stacked scorer"
          + " learns nothing from it and keeps every candidate with the same score");
    }
    List<List<List<CodeSuggestion>>> byMember = new ArrayList<>();
    for (int m = 0; m < members.size(); m++) {
      refusePaidCrossFitting(ids.get(m), members.get(m), training);
      CrossFit.Answers answers;
      try {
        answers = CrossFit.answers(ids.get(m), members.get(m), context, folds);
      } catch (MedcodeException | java.io.UncheckedIOException e) {
        throw e;
      } catch (Exception e) {
        throw new MedcodeException("coder ensemble: cross-fitting member " + ids.get(m) + " failed: " + e.getMessage(), e);
      }
      long answered = answers.byAdmission().stream().filter(a -> !a.isEmpty()).count();
      if (answered == 0 && !training.isEmpty()) {
        // e.g. a replay file of evaluated admissions only: the stacker can only learn that the member says nothing
        context.listener().warning("ensemble: member " + ids.get(m) + " answered none of the " + training.size()
            + " training admissions, so the stacked ensemble learns to ignore it; give it answers for the training split"
            + " too, or combine without learning (mode: union, vote or fusion)");
      } else if (answers.origin() == CrossFit.Origin.IN_SAMPLE) {
        context.listener().warning("ensemble: member " + ids.get(m) + " cannot be created again on part of the training "
            + "split; the ensemble learns from its answers on admissions it may have learned from");
      } else if (answers.origin() == CrossFit.Origin.CACHE) {
        context.listener().note("ensemble: out-of-fold answers of " + ids.get(m) + " read from the cache");
      }
      List<List<CodeSuggestion>> canonical = new ArrayList<>();
      for (int a = 0; a < training.size(); a++) {
        try {
          canonical.add(CodeSuggestion.canonical(answers.byAdmission().get(a), context.table().system()));
        } catch (CodeSuggestion.MalformedCode e) {
          throw new MedcodeException("coder ensemble: member " + ids.get(m) + " answered training admission "
              + training.get(a).id() + " (cross-fitting) with a code that is no code as written: " + e.getMessage()
              + "; a run records such an answer as the admission's failure, but the ensemble cannot learn from it");
        }
      }
      byMember.add(canonical);
    }
    List<Stacker.Example> examples = new ArrayList<>();
    for (int a = 0; a < training.size(); a++) {
      List<List<CodeSuggestion>> answers = new ArrayList<>();
      for (List<List<CodeSuggestion>> member : byMember) {
        answers.add(member.get(a));
      }
      examples.add(new Stacker.Example(answers, TrainingData.gold(training.get(a), context.table().system().id())));
    }
    int[] fold = TrainingData.folds(training, folds, context.seed() + 1);
    return Stacker.fit(examples, fold, maxCodes, familyMin);
  }

  /**
   * What of the ensemble's cost is an estimate ({@link CoderResult.Estimated}): what its log's lines held before this
   * session ({@link Coder#prepare}) and what the usage of this session's answers and failures holds.
   */
  private static final class Estimates {
    private volatile CoderResult.Estimated earlier = CoderResult.Estimated.NONE;
    private CoderResult.Estimated session = CoderResult.Estimated.NONE;

    void logged(CoderResult.Usage logged) {
      earlier = logged.estimated();
    }

    synchronized void add(CoderResult.Usage usage) {
      if (usage != null) {
        session = session.plus(usage.estimated());
      }
    }

    synchronized CoderResult.Estimated all() {
      return earlier.plus(session);
    }
  }

  /**
   * {@code answered}: what the members answered in the run folder of the session being coded ({@link #prepare}); the
   * ensemble combines those answers, and asks a member itself only for an admission its own run did not answer.
   * {@code estimates}: what of its cost is an estimate, stated in its {@link #facts} as the llm coder states its own.
   */
  private record Ensemble(List<String> ids, List<Coder> members, double[] weights, EnsembleMode mode, Fusion fusion,
      double quorum, double minScore, int maxCodes, Stacker stacker, CodeSystem system, boolean[] widened,
      AtomicReference<CodingSession.Answered> answered, Estimates estimates) implements Coder {
    @Override
    public CoderResult code(Admission admission) throws Exception {
      try {
        CoderResult result = mode == EnsembleMode.STACKED ? stacked(admission) : combined(admission);
        estimates.add(result.usage());
        return result;
      } catch (CoderException e) {
        estimates.add(e.usage()); // what the failed admission's line counts
        throw e;
      }
    }

    /**
     * Opens the copies it made of its members ({@link #widen}) for the admissions it will ask them for; its members
     * themselves are the run's coders, which the run opens.
     */
    @Override
    public void open(List<Admission> pending) throws Exception {
      for (int m = 0; m < members.size(); m++) {
        if (widened[m]) {
          members.get(m).open(pending);
        }
      }
    }

    /** Closes the copies it made of its members; its members themselves are the run's coders, which the run closes. */
    @Override
    public void close() {
      closeCopies(members, widened);
    }

    /**
     * The facts {@code usage_estimated} and {@code cost_worst_case} of what its lines counted of its members' usage,
     * every session's: the part of the ensemble's cost that is an estimate.
     */
    @Override
    public Map<String, String> facts() {
      return estimates.all().facts();
    }

    private CoderResult combined(Admission admission) throws Exception {
      double total = 0;
      for (double w : weights) {
        total += w;
      }
      Map<String, Double> fused = new HashMap<>();
      Map<String, Double> votes = new HashMap<>();
      Map<String, Integer> voters = new HashMap<>();
      LinkedHashSet<String> order = new LinkedHashSet<>();
      CoderResult.Usage usage = null;
      for (int m = 0; m < members.size(); m++) {
        CoderResult result = ask(m, admission, usage);
        if (result.usage() != null) {
          usage = together(usage, result.usage());
        }
        List<CodeSuggestion> answer = canonical(result, usage);
        double w = weights[m];
        fusion.normalise(answer).forEach((code, score) -> {
          fused.merge(code, w * score, Double::sum);
          votes.merge(code, w, Double::sum);
          voters.merge(code, 1, Integer::sum);
        });
        answer.forEach(c -> order.add(c.code()));
      }
      List<String> kept = new ArrayList<>();
      for (String code : order) {
        double score = total > 0 ? fused.get(code) / total : 0;
        boolean keep = switch (mode) {
          case UNION -> true;
          case VOTE -> total > 0 && votes.get(code) / total > quorum;
          case FUSION, STACKED -> score >= minScore;
        };
        if (keep) {
          kept.add(code);
        }
      }
      double divisor = total > 0 ? total : 1;
      kept.sort(Comparator.comparingDouble((String c) -> -fused.get(c)).thenComparing(c -> -voters.get(c))
          .thenComparing(Comparator.naturalOrder()));
      return new CoderResult(kept.stream().limit(maxCodes)
          .map(c -> new CodeSuggestion(c, fused.get(c) / divisor, List.of(), voters.get(c) + " of " + members.size() + " members"))
          .toList(), usage, Map.of());
    }

    private CoderResult stacked(Admission admission) throws Exception {
      List<List<CodeSuggestion>> answers = new ArrayList<>();
      CoderResult.Usage usage = null;
      for (int m = 0; m < members.size(); m++) {
        CoderResult result = ask(m, admission, usage);
        if (result.usage() != null) {
          usage = together(usage, result.usage());
        }
        answers.add(canonical(result, usage));
      }
      Map<String, Double> scores = stacker.score(answers);
      List<String> kept = new ArrayList<>();
      scores.forEach((code, score) -> {
        if (score >= stacker.threshold()) {
          kept.add(code);
        }
      });
      kept.sort(Comparator.comparingDouble((String c) -> -scores.get(c)).thenComparing(Comparator.naturalOrder()));
      List<CodeSuggestion> out = new ArrayList<>();
      for (String code : kept.subList(0, Math.min(maxCodes, kept.size()))) {
        int agreeing = 0;
        for (List<CodeSuggestion> answer : answers) {
          agreeing += answer.stream().anyMatch(c -> c.code().equals(code)) ? 1 : 0;
        }
        out.add(new CodeSuggestion(code, scores.get(code), List.of(), agreeing + " of " + members.size() + " members"));
      }
      return new CoderResult(out, usage, Map.of());
    }

    /**
     * A member's answer in canonical spelling; an answer holding a code that is no code as written fails the admission
     * as a malformed answer (as the run records one), carrying what the members asked so far used ({@code usage}, this
     * one's included), so that a paid member's answer is counted in cost and maxCost.
     */
    private List<CodeSuggestion> canonical(CoderResult result, CoderResult.Usage usage) throws CoderException {
      try {
        return CodeSuggestion.canonical(result.codes(), system);
      } catch (CodeSuggestion.MalformedCode e) {
        if (usage == null) {
          throw e;
        }
        throw new CoderException(CoderException.MALFORMED, e.getMessage(), e, usage);
      }
    }

    /**
     * What the members asked so far used and what the next one used, added: a payment two members meet (identical
     * members' requests, which one batch of the ensemble's folder answers for both, billed once) is charged by the first
     * only, as the session's claims ({@link CodingSession#claims}) say, so no usage holds what another does.
     */
    private static CoderResult.Usage together(CoderResult.Usage before, CoderResult.Usage next) {
      return before == null ? next : before.plus(next);
    }

    /**
     * What member {@code m} answered in the run folder, if it did: nothing to ask, and nothing paid again. Never for a
     * widened member: its run's answers are cut at its own threshold.
     */
    private Optional<CoderResult> logged(int m, Admission admission) {
      return widened[m] ? Optional.empty() : answered.get().answer(ids.get(m), admission.id());
    }

    /**
     * Member {@code m}'s answer: the one its own run logged, else asked of it; when asking fails, the admission's
     * failure carries what the members asked before it used (an {@code llm} member's paid answer), so that it is
     * counted in cost and maxCost, not dropped with their answers.
     */
    private CoderResult ask(int m, Admission admission, CoderResult.Usage before) throws Exception {
      Optional<CoderResult> logged = logged(m, admission);
      if (logged.isPresent()) {
        return logged.get();
      }
      Coder member = members.get(m);
      try {
        return member.code(admission);
      } catch (CoderException e) {
        if (before == null) {
          throw e;
        }
        throw new CoderException(e.kind(), e.getMessage(), e, e.usage() == null ? before : together(before, e.usage()));
      } catch (CoderStoppedException | InterruptedException e) {
        throw e; // a coder that stops itself, or an interrupted run: not one admission's failure
      } catch (Exception e) {
        if (before == null) {
          throw e;
        }
        // counted under its class name, as the run counts any other exception
        throw new CoderException(e.getClass().getSimpleName(), String.valueOf(e.getMessage()), e, before);
      }
    }

    /**
     * Prepares every member for the ensemble's session: what a member pays for while the ensemble asks it is counted on
     * the ensemble's lines, so it works in the ensemble's folder (a paid answer names it in the cache, and a resumed run
     * finds what its killed session paid for), learns the ensemble's receipts and asks the ensemble's budget for room
     * beyond an admission's worst case. Returns the admissions every member can answer, in order.
     */
    @Override
    public List<Admission> prepare(List<Admission> pending, CodingSession session) throws Exception {
      answered.set(session.answered());
      estimates.logged(session.logged());
      Map<String, Double> pledges = new HashMap<>();
      List<Admission> ready = Double.isFinite(session.budget()) ? affordable(pending, session, pledges) : pending;
      for (int m = 0; m < members.size(); m++) {
        Set<String> answerable = new HashSet<>();
        List<Admission> toAsk = new ArrayList<>();
        for (Admission admission : ready) {
          if (logged(m, admission).isPresent()) {
            answerable.add(admission.id());
          } else {
            toAsk.add(admission);
          }
        }
        members.get(m).prepare(toAsk, session).forEach(admission -> answerable.add(admission.id()));
        ready = ready.stream().filter(admission -> answerable.contains(admission.id())).toList();
      }
      for (Admission admission : ready) {
        Double pledge = pledges.get(admission.id());
        if (pledge != null) {
          session.room().pledge(admission.id(), pledge);
        }
      }
      return ready;
    }

    /**
     * Under a budget, before any member prepares: an admission for which a member would commit money while preparing (a
     * batch member submitting its requests) is prepared only while what the members commit for it and the most coding
     * it may then cost, added to those of the admissions before it, fit in the budget; that room is pledged to it, so
     * that no admission coded before it can spend it. Each member was handed the whole budget, so two batch members
     * could commit up to twice the budget, and what one paid for an admission the other could not was used by no one.
     * Admissions nobody commits for are all prepared: they are coded within the budget's reservations as they come.
     */
    private List<Admission> affordable(List<Admission> pending, CodingSession session, Map<String, Double> pledges)
        throws Exception {
      double[] committed = new double[pending.size()];
      for (int m = 0; m < members.size(); m++) {
        List<Integer> asked = new ArrayList<>(); // what the member answered in its own run commits nothing
        for (int i = 0; i < committed.length; i++) {
          if (logged(m, pending.get(i)).isEmpty()) {
            asked.add(i);
          }
        }
        double[] commitments = members.get(m).commitments(asked.stream().map(pending::get).toList(), session);
        for (int k = 0; k < asked.size(); k++) {
          committed[asked.get(k)] += Math.max(0, commitments[k]);
        }
      }
      double left = session.budget();
      boolean full = false;
      List<Admission> ready = new ArrayList<>();
      for (int i = 0; i < committed.length; i++) {
        Admission admission = pending.get(i);
        if (committed[i] <= 0) {
          ready.add(admission);
          continue;
        }
        double need = committed[i] + worstCaseCost(admission);
        full |= left - need < 0; // in order: a resumed run with a larger budget prepares the rest
        if (!full) {
          left -= need;
          pledges.put(admission.id(), need);
          ready.add(admission);
        } else {
          release(admission); // not coded in this session
        }
      }
      return ready;
    }

    @Override
    public boolean threadSafe() {
      return members.stream().allMatch(Coder::threadSafe);
    }

    /**
     * What the members it will ask may cost on this admission together (an llm member's requests), so that a run's
     * budget holds; a member whose own run answered the admission is not asked, and costs nothing.
     */
    @Override
    public double worstCaseCost(Admission admission) throws Exception {
      double worst = 0;
      for (int m = 0; m < members.size(); m++) {
        if (logged(m, admission).isEmpty()) {
          worst += Math.max(0, members.get(m).worstCaseCost(admission));
        }
      }
      return worst;
    }

    /** Every member's: a member that failed stops the others, which are then not asked for the admission. */
    @Override
    public void release(Admission admission) {
      members.forEach(member -> member.release(admission));
    }
  }

  /**
   * Refuses what a stacked ensemble would ignore: it learns how to weigh its members from the training split, so
   * weights, a quorum, a minimum fused score or a fusion given to it would change nothing while the manifest records
   * them as used. A resumed run whose folder has them (started before they were refused) goes on with a warning: its
   * answers came from the same stacked scorer, and a resume cannot change its config.
   */
  private void refuseIgnored(CoderContext context, Map<String, String> parameters, boolean auto) {
    List<String> ignored = ignored(parameters);
    if (!ignored.isEmpty() && context.resumed()) {
      context.listener().warning("ensemble: mode stacked" + (auto ? " (what mode auto is with a training split)" : "")
          + " ignores " + String.join(", ", ignored) + ", which this run folder's config gives it (a new run refuses"
          + " them); the resumed run goes on as it started, with weights learnt from the training split");
    } else if (!ignored.isEmpty()) {
      throw new MedcodeException("coder ensemble: " + ignoredMessage(ignored, auto));
    }
  }

  /** The parameters given to a stacked ensemble that it would ignore, as {@code name: value}. */
  private List<String> ignored(Map<String, String> parameters) {
    List<String> ignored = new ArrayList<>();
    for (CoderParameter parameter : parameters()) {
      String name = parameter.name();
      if (List.of("weights", "quorum", "min-score", "fusion").contains(name)
          && !sameAsDefault(name, parameters.get(name).trim(), parameter.defaultValue())) {
        ignored.add(name + ": " + parameters.get(name).trim());
      }
    }
    return ignored;
  }

  private static String ignoredMessage(List<String> ignored, boolean auto) {
    return "mode stacked" + (auto ? " (what mode auto is with a training split)" : "")
        + " learns how to weigh its members from the training split and would ignore " + String.join(", ", ignored)
        + "; remove " + (ignored.size() == 1 ? "it" : "them") + ", or choose mode fusion, vote or union to combine the"
        + " members by them";
  }

  /**
   * A new run (and {@code --dry-run}) refuses a stacked ensemble given what it would ignore before any coder codes:
   * {@link #create} comes after its members have coded every admission. A resume goes on ({@link #refuseIgnored}). An
   * ensemble that does not stack given {@code member-min-score} is refused, as {@link #create} refuses it, and so is a
   * parameter out of its range or choices ({@link #check}).
   */
  @Override
  public Optional<String> refusal(CoderContext context, Map<String, String> parameters, double maxCost) {
    Optional<String> refused = ignoredOrUnused(context, parameters);
    if (refused.isPresent()) {
      return refused;
    }
    try {
      check(context, parameters); // a parameter out of its range or choices (quorum -3, folds 1), as create refuses it
      return Optional.empty();
    } catch (MedcodeException e) {
      return Optional.of(e.getMessage());
    } catch (NumberFormatException e) {
      return Optional.empty(); // not a number: said when the coder is created, naming the parameter
    }
  }

  private Optional<String> ignoredOrUnused(CoderContext context, Map<String, String> parameters) {
    String modeName = parameters.get("mode").trim();
    try {
      EnsembleMode mode = mode(modeName, context);
      if (mode != EnsembleMode.STACKED) {
        return unusedMemberMinScore(mode, memberMinScore(parameters.get(MEMBER_MIN_SCORE)),
            modeName.equalsIgnoreCase("auto"));
      }
      if (context.resumed()) {
        return Optional.empty();
      }
      List<String> ignored = ignored(parameters);
      return ignored.isEmpty() ? Optional.empty() : Optional.of(ignoredMessage(ignored, modeName.equalsIgnoreCase("auto")));
    } catch (NumberFormatException | MedcodeException e) {
      return Optional.empty(); // not a number or not a mode: said when the coder is created, naming the parameter
    }
  }

  /** The mode a name asks for; {@code auto} is stacked when the run has a training split, else fusion. */
  private static EnsembleMode mode(String name, CoderContext context) {
    return name.equalsIgnoreCase("auto") ? (context.training().isEmpty() ? EnsembleMode.FUSION : EnsembleMode.STACKED)
        : choice(EnsembleMode.class, "mode", name);
  }

  /**
   * Whether a value means what the default does, however written ({@code RRF}, {@code 0.50}, weights of 1 each): those
   * change nothing, whichever the mode.
   */
  private static boolean sameAsDefault(String name, String value, String defaultValue) {
    if (name.equals("fusion")) {
      return value.equalsIgnoreCase(defaultValue);
    }
    if (name.equals("weights")) {
      return value.isEmpty() || Arrays.stream(value.split(",")).allMatch(w -> Double.parseDouble(w.trim()) == 1.0);
    }
    return Double.parseDouble(value) == Double.parseDouble(defaultValue);
  }

  private static double[] weights(String text, int members) {
    double[] weights = new double[members];
    java.util.Arrays.fill(weights, 1.0);
    if (text == null || text.isBlank()) {
      return weights;
    }
    String[] parts = text.split(",");
    if (parts.length != members) {
      throw new MedcodeException("coder ensemble: parameter 'weights' has " + parts.length + " values for " + members
          + " members; give one weight per member, in the same order");
    }
    for (int i = 0; i < members; i++) {
      try {
        weights[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new MedcodeException("coder ensemble: parameter 'weights' must be numbers, got '" + parts[i].trim() + "'");
      }
      if (!(weights[i] >= 0 && weights[i] < Double.POSITIVE_INFINITY)) {
        throw new MedcodeException("coder ensemble: weights must be finite numbers of at least 0, got '" + parts[i].trim()
            + "'");
      }
    }
    return weights;
  }

  private static <E extends Enum<E>> E choice(Class<E> type, String parameter, String value) {
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new MedcodeException("coder ensemble: parameter '" + parameter + "' must be one of "
          + java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList()
          + ", got '" + value + "'");
    }
  }
}
