package org.medcode.coder.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.medcode.MedcodeException;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderParameters;
import org.medcode.coder.CoderResult;
import org.medcode.coder.ml.Synthetic;
import org.medcode.dataset.Admission;
import org.medcode.dataset.Note;

/** Union, vote and fusion over two scripted members, computed by hand. */
class EnsembleCoderFactoryTest {
  private static final Admission ADMISSION = new Admission("A1", "P1", List.of(new Note("note", "text")), List.of(), Map.of());
  // member a: X 0.9, Y 0.5, Z 0.1 (ranks 1, 2, 3); member b: Y 10, W 2 (ranks 1, 2)
  private static final Coder A = admission -> new CoderResult(List.of(new CodeSuggestion("X", 0.9), new CodeSuggestion("Y", 0.5),
      new CodeSuggestion("Z", 0.1)));
  private static final Coder B = admission -> new CoderResult(List.of(new CodeSuggestion("Y", 10.0), new CodeSuggestion("W", 2.0)));

  private static Coder ensemble(Function<String, Coder> peers, String... pairs) {
    Map<String, String> given = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      given.put(pairs[i], pairs[i + 1]);
    }
    EnsembleCoderFactory factory = new EnsembleCoderFactory();
    return factory.create(new CoderContext(Synthetic.table(), List.of(), Path.of("."), Path.of("."), 1, peers),
        CoderParameters.resolve(factory, given));
  }

  private static Function<String, Coder> peers() {
    return id -> switch (id) {
      case "a" -> A;
      case "b" -> B;
      default -> throw new MedcodeException("no coder '" + id + "'");
    };
  }

  private static List<String> codes(Coder coder) throws Exception {
    return coder.code(ADMISSION).codes().stream().map(CodeSuggestion::code).toList();
  }

  @Test
  void unionRanksByReciprocalRankFusion() throws Exception {
    // rrf (scaled so rank 1 = 1): a: X 1, Y 61/62, Z 61/63; b: Y 1, W 61/62; fused / total weight 2:
    // Y (61/62 + 1)/2 = 0.992, X 0.5, W 0.492, Z 0.484
    Coder union = ensemble(peers(), "members", "a,b", "mode", "union");
    assertEquals(List.of("Y", "X", "W", "Z"), codes(union));
    CodeSuggestion y = union.code(ADMISSION).codes().get(0);
    assertEquals((61.0 / 62 + 1) / 2, y.score(), 1e-12);
  }

  @Test
  void voteKeepsCodesOfAMajorityOfTheWeight() throws Exception {
    assertEquals(List.of("Y"), codes(ensemble(peers(), "members", "a,b", "mode", "vote")));
    // weights 3,1: a alone carries 3/4 > 0.5
    assertEquals(List.of("Y", "X", "Z"), codes(ensemble(peers(), "members", "a,b", "mode", "vote", "weights", "3,1")));
  }

  @Test
  void membersThatSpellACodeDifferentlyStillAgreeOnIt() throws Exception {
    Coder dotted = admission -> new CoderResult(List.of(new CodeSuggestion("j18.9", 0.9), new CodeSuggestion("I10", 0.8)));
    Coder plain = admission -> new CoderResult(List.of(new CodeSuggestion("J189", 0.7)));
    Function<String, Coder> peers = id -> id.equals("d") ? dotted : plain;
    assertEquals(List.of("J189"), codes(ensemble(peers, "members", "d,p", "mode", "vote")),
        "both members propose pneumonia: a majority");
    assertEquals("2 of 2 members", ensemble(peers, "members", "d,p", "mode", "union").code(ADMISSION).codes().get(0)
        .rationale());
  }

  @Test
  void stackingOnFewerPatientsThanFoldsIsRefused() {
    List<Admission> training = List.of(new Admission("T1", "P1", List.of(new Note("n", "x")), List.of(), Map.of()),
        new Admission("T2", "P1", List.of(new Note("n", "y")), List.of(), Map.of()),
        new Admission("T3", "P2", List.of(new Note("n", "z")), List.of(), Map.of()));
    EnsembleCoderFactory factory = new EnsembleCoderFactory();
    MedcodeException e = assertThrows(MedcodeException.class, () -> factory.create(
        new CoderContext(Synthetic.table(), training, Path.of("."), Path.of("."), 1, peers()),
        CoderParameters.resolve(factory, Map.of("members", "a,b", "mode", "stacked"))));
    assertTrue(e.getMessage().contains("it has 2 patients: give folds at most 2"), e.getMessage());
  }

  @Test
  void fusionKeepsCodesAboveTheMinimumFusedScore() throws Exception {
    // minmax: a: X 1, Y 0.5, Z 0; b: Y 1, W 0 -> fused/2: Y 0.75, X 0.5, W 0, Z 0
    Coder fusion = ensemble(peers(), "members", "a,b", "mode", "fusion", "fusion", "minmax", "min-score", "0.5");
    assertEquals(List.of("Y", "X"), codes(fusion));
    assertEquals(0.75, fusion.code(ADMISSION).codes().get(0).score(), 1e-12);
  }

  @Test
  void theMembersUsageIsSummed() throws Exception {
    Coder paid = admission -> new CoderResult(List.of(new CodeSuggestion("X", 1.0)), new CoderResult.Usage(10, 2, 0.5, 1, false),
        Map.of());
    Function<String, Coder> peers = id -> id.equals("p") ? paid : peers().apply(id);
    CoderResult result = ensemble(peers, "members", "a,p", "mode", "union").code(ADMISSION);
    assertEquals(new CoderResult.Usage(10, 2, 0.5, 1, false), result.usage());
    assertEquals(null, ensemble(peers(), "members", "a,b").code(ADMISSION).usage());
  }

  /**
   * A member that fails after another was paid (an llm member answered, the next member's server could not be reached)
   * fails the admission with what the paid one used, so that it is counted in cost and maxCost: the failure carried the
   * failing member's usage alone, and an ensemble listed before its llm member recorded 0 USD for 5 answers that cost
   * 2.95 (the llm coder then got them from the cache for nothing).
   */
  @Test
  void aMemberThatFailsLeavesTheCostOfTheMembersAskedBeforeItCounted() {
    CoderResult.Usage paid = new CoderResult.Usage(100, 20, 0.5, 1, false);
    Coder llm = admission -> new CoderResult(List.of(new CodeSuggestion("X", 0.9)), paid, Map.of());
    Coder unreachable = admission -> {
      throw new org.medcode.coder.CoderException("connection", "cannot reach the model server", null,
          new CoderResult.Usage(0, 0, 0, 1, false));
    };
    Coder broken = admission -> {
      throw new IllegalStateException("worker died");
    };
    Function<String, Coder> peers = id -> switch (id) {
      case "llm" -> llm;
      case "down" -> unreachable;
      default -> broken;
    };
    org.medcode.coder.CoderException failed = assertThrows(org.medcode.coder.CoderException.class,
        () -> ensemble(peers, "members", "llm,down", "mode", "union").code(ADMISSION));
    assertEquals("connection", failed.kind());
    assertEquals("cannot reach the model server", failed.getMessage());
    assertEquals(new CoderResult.Usage(100, 20, 0.5, 2, false), failed.usage());

    org.medcode.coder.CoderException other = assertThrows(org.medcode.coder.CoderException.class,
        () -> ensemble(peers, "members", "llm,broken", "mode", "vote").code(ADMISSION));
    assertEquals("IllegalStateException", other.kind()); // as the run names any other exception
    assertEquals("worker died", other.getMessage());
    assertEquals(paid, other.usage());
  }

  /**
   * A member answering a code that is no code as written ("E11 9") after a paid member answered failed the admission
   * with no usage (the run records a malformed answer thrown out of the ensemble without one): what the paid member
   * used was counted nowhere. The failure, still a malformed answer naming the code, now carries the members' usage.
   */
  @Test
  void aMalformedAnswerOfAMemberLeavesTheCostOfTheMembersAskedCounted() {
    CoderResult.Usage paid = new CoderResult.Usage(100, 20, 0.5, 1, false);
    Coder llm = admission -> new CoderResult(List.of(new CodeSuggestion("X", 0.9)), paid, Map.of());
    Coder spaced = admission -> new CoderResult(List.of(new CodeSuggestion("E11 9", 0.8)));
    Function<String, Coder> peers = id -> id.equals("llm") ? llm : spaced;
    for (String mode : List.of("union", "fusion")) {
      org.medcode.coder.CoderException failed = assertThrows(org.medcode.coder.CoderException.class,
          () -> ensemble(peers, "members", "llm,spaced", "mode", mode).code(ADMISSION), mode);
      assertEquals(org.medcode.coder.CoderException.MALFORMED, failed.kind());
      assertTrue(failed.getMessage().startsWith("code 1 of 1 of the answer: the code 'E11 9' holds white space"),
          failed.getMessage());
      assertEquals(paid, failed.usage(), mode);
    }
    assertThrows(CodeSuggestion.MalformedCode.class, () -> ensemble(peers, "members", "spaced,llm", "mode", "union")
        .code(ADMISSION), "nothing used before it: as any malformed answer");
  }

  @Test
  void anEnsembleCannotContainItself() {
    java.util.concurrent.atomic.AtomicReference<Function<String, Coder>> run = new java.util.concurrent.atomic.AtomicReference<>();
    run.set(id -> id.equals("ens") ? ensemble(run.get(), "members", "a,ens") : peers().apply(id));
    MedcodeException error = assertThrows(MedcodeException.class, () -> run.get().apply("ens"));
    assertTrue(error.getMessage().contains("contains itself"), error.getMessage());
  }

  @Test
  void badParametersNameTheParameter() {
    assertTrue(assertThrows(MedcodeException.class, () -> ensemble(peers(), "members", "a,b", "weights", "1"))
        .getMessage().contains("'weights'"));
    assertTrue(assertThrows(MedcodeException.class, () -> ensemble(peers(), "members", "a,b", "mode", "majority"))
        .getMessage().contains("'mode'"));
    assertTrue(assertThrows(MedcodeException.class, () -> ensemble(peers(), "members", "a,nope")).getMessage()
        .contains("nope"));
    // an infinite weight made every vote and fused score NaN or all-or-nothing; a negative family-min was taken
    for (String weights : List.of("Infinity,1", "1,-Infinity", "NaN,1", "-1,1")) {
      MedcodeException e = assertThrows(MedcodeException.class,
          () -> ensemble(peers(), "members", "a,b", "mode", "vote", "weights", weights), weights);
      assertTrue(e.getMessage().contains("weights must be finite numbers of at least 0"), e.getMessage());
    }
    assertTrue(assertThrows(MedcodeException.class, () -> stacked("family-min", "-5")).getMessage()
        .contains("'family-min'"));
  }

  @Test
  void aStackedEnsembleRefusesWhatItWouldIgnore() {
    // mode stacked learns the members' weights: weights, quorum, min-score and fusion were silently ignored (and
    // recorded in the manifest as if used), also when mode auto became stacked because the run has a training split
    MedcodeException e = assertThrows(MedcodeException.class, () -> stacked("mode", "stacked", "weights", "2,1"));
    assertTrue(e.getMessage().contains("mode stacked learns how to weigh its members from the training split and would"
        + " ignore weights: 2,1; remove it, or choose mode fusion, vote or union"), e.getMessage());
    MedcodeException auto = assertThrows(MedcodeException.class, () -> stacked("quorum", "0.7", "fusion", "minmax"));
    assertTrue(auto.getMessage().contains("mode stacked (what mode auto is with a training split) learns how to weigh its"
        + " members from the training split and would ignore fusion: minmax, quorum: 0.7; remove them"), auto.getMessage());
    // the defaults given explicitly change nothing, so they pass the check (and fail later, on this tiny training split)
    MedcodeException tiny = assertThrows(MedcodeException.class, () -> stacked("quorum", "0.5", "fusion", "rrf"));
    assertTrue(tiny.getMessage().contains("it has 2 patients"), tiny.getMessage());
    // ... however they are written: fusion RRF, 0.50, 0.30 and a weight of 1 per member were refused as ignored
    MedcodeException written = assertThrows(MedcodeException.class,
        () -> stacked("quorum", "0.50", "min-score", ".3", "fusion", "RRF", "weights", "1, 1.0"));
    assertTrue(written.getMessage().contains("it has 2 patients"), written.getMessage());
  }

  /** A stacked ensemble (mode auto unless given) of a and b with a training split of three admissions of two patients. */
  private static Coder stacked(String... pairs) {
    Map<String, String> given = new HashMap<>(Map.of("members", "a,b"));
    for (int i = 0; i < pairs.length; i += 2) {
      given.put(pairs[i], pairs[i + 1]);
    }
    List<Admission> training = List.of(new Admission("T1", "P1", List.of(new Note("n", "x")), List.of(), Map.of()),
        new Admission("T2", "P1", List.of(new Note("n", "y")), List.of(), Map.of()),
        new Admission("T3", "P2", List.of(new Note("n", "z")), List.of(), Map.of()));
    EnsembleCoderFactory factory = new EnsembleCoderFactory();
    return factory.create(new CoderContext(Synthetic.table(), training, Path.of("."), Path.of("."), 1, peers()),
        CoderParameters.resolve(factory, given));
  }
}
