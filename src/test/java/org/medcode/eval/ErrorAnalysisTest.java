package org.medcode.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;
import org.medcode.prediction.PredictedCode;
import org.medcode.prediction.Prediction;

/**
 * A hand-classified error-taxonomy fixture (toy system: category = 3 characters, chapter = first letter).
 *
 * <pre>
 * Table billable: A000 A001 E119 I10 I2510 I200 J189 J181 N400 N4001 K20; headers A00 E11 I25 J18 N40 K21.
 *
 * C1 gold E119 I2510 J189 N400 A000; predicted:
 *    E119 exact; E11 under-specified (header, ancestor of E119); I200 same chapter (I, category I20 ≠ I25);
 *    J1899 invalid (not in table, although a descendant of J189); N4001 over-specified (descendant of N400);
 *    A001 sibling (category A00 of A000); K20 wrong chapter; K21 header (unrelated non-billable header)
 *    gold: E119 exact; I2510 same chapter (I200); J189 over-specified (J1899 predicted); N400 over-specified (N4001);
 *    A000 sibling (A001)
 * C2 gold E119 I10; predicted E11 (under-specified), J181 (wrong chapter: no gold in J)
 *    gold: E119 under-specified (its ancestor E11 predicted); I10 missed (nothing in chapter I predicted)
 * C3 gold A000; no prediction → gold A000 missed
 * C4 gold A000; predicted A001 → sibling on both sides
 *
 * predicted (11): exact 1, invalid 1, under 2, over 1, header 1, sibling 2, same chapter 1, wrong chapter 2
 * gold (9): exact 1, under 1, over 2, sibling 2, same chapter 1, missed 2
 * confusions (missed gold × related wrong prediction, admissions): A000→A001 sibling 2 (C1, C4); E119→E11 under 1
 *   (C2); J189→J1899 over 1; N400→N4001 over 1 (C1). I2510/I200 are only same-chapter: not a confusion.
 * </pre>
 */
class ErrorAnalysisTest {
  static final CodeTable TABLE = ToyCodeSystem.table(new ToyCodeSystem(),
      List.of("A000", "A001", "E119", "I10", "I2510", "I200", "J189", "J181", "N400", "N4001", "K20"),
      List.of("A00", "E11", "I25", "J18", "N40", "K21"));

  static Admission admission(String id, String... gold) {
    return new Admission(id, id, List.of(), Arrays.stream(gold).map(c -> new GoldCode(c, CodeSystemId.ICD10CM)).toList(),
        Map.of());
  }

  static Prediction prediction(String id, String... codes) {
    return new Prediction(id, Arrays.stream(codes).map(PredictedCode::new).toList());
  }

  @Test
  void everyCodeGetsTheFirstKindThatApplies() {
    List<Admission> admissions = List.of(admission("C1", "E119", "I2510", "J189", "N400", "A000"),
        admission("C2", "E119", "I10"), admission("C3", "A000"), admission("C4", "A000"));
    Map<String, Prediction> predictions = new HashMap<>();
    predictions.put("C1", prediction("C1", "E119", "E11", "I200", "J1899", "N4001", "A001", "K20", "K21"));
    predictions.put("C2", prediction("C2", "E11", "J181"));
    predictions.put("C4", prediction("C4", "A001"));

    ErrorTaxonomy t = ErrorAnalysis.analyze(admissions, predictions, TABLE);

    assertEquals(11, t.predictedTotal());
    assertEquals(Map.of(ErrorKind.EXACT, 1L, ErrorKind.INVALID, 1L, ErrorKind.UNDER_SPECIFIED, 2L,
        ErrorKind.OVER_SPECIFIED, 1L, ErrorKind.HEADER, 1L, ErrorKind.SIBLING, 2L, ErrorKind.SAME_CHAPTER, 1L,
        ErrorKind.WRONG_CHAPTER, 2L), t.predicted());
    assertEquals(9, t.goldTotal());
    assertEquals(Map.of(ErrorKind.EXACT, 1L, ErrorKind.UNDER_SPECIFIED, 1L, ErrorKind.OVER_SPECIFIED, 2L,
        ErrorKind.SIBLING, 2L, ErrorKind.SAME_CHAPTER, 1L, ErrorKind.MISSED, 2L), t.gold());
    assertEquals(2.0 / 11, t.predictedRate(ErrorKind.WRONG_CHAPTER), 1e-12);
    assertEquals(2.0 / 9, t.goldRate(ErrorKind.MISSED), 1e-12);
    assertEquals(List.of(
        new ErrorTaxonomy.Confusion("A000", "A001", ErrorKind.SIBLING, 2),
        new ErrorTaxonomy.Confusion("E119", "E11", ErrorKind.UNDER_SPECIFIED, 1),
        new ErrorTaxonomy.Confusion("J189", "J1899", ErrorKind.OVER_SPECIFIED, 1),
        new ErrorTaxonomy.Confusion("N400", "N4001", ErrorKind.OVER_SPECIFIED, 1)), t.confusions());
  }

  @Test
  void goldVersusGoldIsAllExact() {
    List<Admission> admissions = List.of(admission("C1", "E119", "I10"), admission("C2"));
    Map<String, Prediction> predictions = Map.of("C1", prediction("C1", "I10", "E119"));
    ErrorTaxonomy t = ErrorAnalysis.analyze(admissions, predictions, TABLE);
    assertEquals(2L, t.predicted().get(ErrorKind.EXACT));
    assertEquals(2L, t.gold().get(ErrorKind.EXACT));
    assertEquals(1.0, t.predictedRate(ErrorKind.EXACT));
    assertEquals(List.of(), t.confusions());
  }
}
