package org.medcode.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medcode.eval.InvalidPolicy;
import org.medcode.eval.PairedComparison;
import org.medcode.eval.PairedComparison.AdmissionChange;
import org.medcode.eval.Population;

/** The console table of {@code compare}: its admissions line counts every row of changed_admissions.csv. */
class ComparisonConsoleTest {
  private static String admissionsLine(List<AdmissionChange> changes) {
    PairedComparison c = new PairedComparison("a", "b", 5, 0, 0, 1L, 0.95, List.of(), changes, List.of(), List.of(),
        InvalidPolicy.COUNT, Population.ALL);
    StringWriter text = new StringWriter();
    ComparisonReports.print(List.of(c), new PrintWriter(text));
    return text.toString().lines().filter(l -> l.startsWith("admissions")).findFirst().orElseThrow();
  }

  /**
   * A1 improved (F1 0 → 1), A2 regressed (1 → 0), A3 and A4 found other gold codes at the same F1 (1/2 each side):
   * four rows of changed_admissions.csv (improved, regressed, same_f1, same_f1), four admissions counted.
   */
  @Test
  void theLineCountsTheAdmissionsWhoseCodesChangedAtTheSameF1() {
    List<AdmissionChange> changes = List.of(new AdmissionChange("A1", 0, 1, List.of("I10"), List.of()),
        new AdmissionChange("A2", 1, 0, List.of(), List.of("J189")),
        new AdmissionChange("A3", 0.5, 0.5, List.of("E119"), List.of("I10")),
        new AdmissionChange("A4", 0.5, 0.5, List.of("N390"), List.of("K3580")));
    assertEquals("admissions  1 improved, 1 regressed, 2 changed with the same F1 (exact F1)", admissionsLine(changes));
  }

  /** Without such admissions the line is as it was: every row is improved or regressed. */
  @Test
  void withoutSuchAdmissionsTheLineNamesImprovedAndRegressedOnly() {
    assertEquals("admissions  1 improved, 0 regressed (exact F1)",
        admissionsLine(List.of(new AdmissionChange("A1", 0, 1, List.of("I10"), List.of()))));
  }
}
