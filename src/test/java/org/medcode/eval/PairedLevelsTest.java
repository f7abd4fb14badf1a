package org.medcode.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.medcode.codesystem.Granularity;

/**
 * A level's paired values do not depend on which other levels are compared: the same draws and swaps at every level.
 * The gate relies on it to compare only the levels it reads ({@code GateRunner.pairedOptions}).
 */
class PairedLevelsTest {
  @ParameterizedTest
  @CsvSource({"1, false, 300", "2, true, 300", "3, false, 0"})
  void aLevelComparedAloneHasTheValuesItHasAmongAllLevels(long seed, boolean byPatient, int permutations) {
    PairedCases.Case c = PairedCases.toy(seed, 400, PairedCases.Variant.NEAR);
    EvalOptions all = options(List.of(Granularity.values()), byPatient, seed);
    PairedComparison whole = compare(c, all, permutations);
    for (List<Granularity> levels : List.of(List.of(Granularity.EXACT), List.of(Granularity.EXACT, Granularity.BLOCK),
        List.of(Granularity.CHAPTER))) {
      PairedComparison part = compare(c, options(levels, byPatient, seed), permutations);
      List<PairedComparison.Difference> expected = whole.differences().stream()
          .filter(d -> levels.contains(d.key().granularity())).toList();
      assertEquals(expected.size(), part.differences().size(), levels.toString());
      assertTrue(expected.size() > 0);
      for (int i = 0; i < expected.size(); i++) {
        PairedComparison.Difference x = expected.get(i);
        PairedComparison.Difference y = part.differences().get(i);
        assertEquals(x.key(), y.key());
        for (double[] pair : List.of(new double[] {x.a(), y.a()}, new double[] {x.b(), y.b()},
            new double[] {x.difference(), y.difference()}, new double[] {x.ciLow(), y.ciLow()},
            new double[] {x.ciHigh(), y.ciHigh()}, new double[] {x.pValue(), y.pValue()})) {
          assertEquals(Double.doubleToLongBits(pair[0]), Double.doubleToLongBits(pair[1]), x.key() + " at " + levels);
        }
      }
      if (levels.contains(Granularity.EXACT)) {
        assertEquals(whole.changedAdmissions(), part.changedAdmissions());
        assertEquals(whole.changedCodes(), part.changedCodes());
      }
    }
  }

  private static EvalOptions options(List<Granularity> levels, boolean byPatient, long seed) {
    return new EvalOptions(levels, InvalidPolicy.COUNT, 200, 0.95, seed, byPatient, List.of(1, 5), false,
        Population.ALL);
  }

  private static PairedComparison compare(PairedCases.Case c, EvalOptions options, int permutations) {
    PairedSide a = PairedSide.of("a", c.admissions(), c.a(), c.table(), options);
    PairedSide b = PairedSide.of("b", c.admissions(), c.b(), c.table(), options);
    return Paired.compare(a, b, options, permutations, c.admissions());
  }
}
