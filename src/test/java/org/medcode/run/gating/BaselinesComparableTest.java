package org.medcode.run.gating;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.medcode.MedcodeException;

/** A baseline is used only when it was scored like the run: same data, code table, invalid-code policy, population. */
class BaselinesComparableTest {
  private static final String BEFORE = "icd10cm FY2018 (94,127 codes, 71,704 billable)";
  private static final String NAMED = "icd10cm FY2018 (94,127 codes, 71,704 billable; blocks and chapters of the FY2021"
      + " tabular list)";

  private static JsonNode metrics(String table) {
    ObjectNode root = new ObjectMapper().createObjectNode();
    root.putObject("dataset").put("fingerprint", "f1").put("spec", "codiesp:dev:en:D");
    root.putObject("code_table").put("system", "icd10cm").put("version", table);
    root.putObject("settings").put("invalid_policy", "count").put("population", "all");
    return root;
  }

  @Test
  void aBaselineRecordedBeforeTablesNamedTheirHierarchyStillGatesARunOfTheSameTable() {
    // configs/gates/codiesp-dev-rules.baseline.json records the table as BEFORE; a run now describes it as NAMED
    assertDoesNotThrow(() -> Baselines.checkComparable(metrics(NAMED), metrics(BEFORE), "baseline.json"));
    assertDoesNotThrow(() -> Baselines.checkComparable(metrics(BEFORE), metrics(NAMED), "baseline.json"));
  }

  /**
   * A FY2022-FY2025 table's blocks and chapters are the April 2026 hierarchy's with ranges cut to the year's categories
   * (chapter 17 Q00-Q99, not Q00-QA0): the same categories in each, so a baseline recorded before the cut, whose table
   * description does not say it, gates a run of the same year (it was refused as another code table); another year
   * still is not.
   */
  @Test
  void aBaselineRecordedBeforeALatersHierarchyWasCutToTheYearStillGatesARunOfThatYear() {
    String before = "icd10cm FY2024 (97,584 codes, 74,044 billable; blocks and chapters of the April 1, 2026 hierarchy)";
    String cut = "icd10cm FY2024 (97,584 codes, 74,044 billable; blocks and chapters of the April 1, 2026 hierarchy, its"
        + " ranges cut to the categories of FY2024)";
    assertDoesNotThrow(() -> Baselines.checkComparable(metrics(cut), metrics(before), "baseline.json"));
    assertDoesNotThrow(() -> Baselines.checkComparable(metrics(before), metrics(cut), "baseline.json"));
    String otherYear = cut.replace("FY2024", "FY2025");
    assertThrows(MedcodeException.class,
        () -> Baselines.checkComparable(metrics(cut), metrics(otherYear), "baseline.json"));
    assertThrows(MedcodeException.class,
        () -> Baselines.checkComparable(metrics(NAMED), metrics(cut), "baseline.json"));
  }

  @Test
  void anotherTableOrAnotherHierarchyIsRefused() {
    String otherYear = "icd10cm FY2019 (94,549 codes, 71,932 billable)";
    MedcodeException e = assertThrows(MedcodeException.class,
        () -> Baselines.checkComparable(metrics(NAMED), metrics(otherYear), "baseline.json"));
    assertTrue(e.getMessage().contains("another code table"), e.getMessage());
    String otherRelease = NAMED.replace("FY2021 tabular list", "April 1, 2026 hierarchy");
    assertThrows(MedcodeException.class,
        () -> Baselines.checkComparable(metrics(NAMED), metrics(otherRelease), "baseline.json"));
  }
}
