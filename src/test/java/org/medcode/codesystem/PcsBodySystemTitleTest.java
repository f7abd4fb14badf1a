package org.medcode.codesystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.medcode.TestData;

/**
 * ICD-10-PCS body systems (the block level: {@code lookup}'s "body system", per_code.csv's block rows) had no title,
 * though the order file titles every root operation "body system, root operation"; they now take it from there.
 */
class PcsBodySystemTitleTest {
  @Test
  void everyBodySystemOfTheRealTablesHasTheTitleItsRootOperationsGive() {
    for (String year : List.of("2018", "2026")) {
      Path root = TestData.require("icd10pcs-cms/icd10pcs_fy" + year + "_order_file.zip");
      CodeTable table = CodeTables.load(root, CodeSystemId.ICD10PCS, year);
      TreeSet<String> bodySystems = new TreeSet<>();
      table.entries().keySet().forEach(code -> bodySystems.add(code.substring(0, 2)));
      List<String> untitled = new java.util.ArrayList<>();
      for (String key : bodySystems) {
        Optional<String> title = table.title(key, Granularity.BLOCK);
        if (title.isEmpty()) {
          untitled.add(key);
        }
        assertTrue(title.isEmpty() || !title.get().isBlank(), "FY" + year + " " + key + ": " + title);
      }
      // Mental Health and Substance Abuse Treatment have one body system, Z (None): "Mental Health, Counseling"
      assertEquals(List.of("GZ", "HZ"), untitled, "FY" + year);
      assertEquals(Optional.of("Gastrointestinal System"), table.title("0D", Granularity.BLOCK));
      assertEquals(Optional.of("Anatomical Regions, General"), table.title("0W", Granularity.BLOCK));
      assertEquals(Optional.of("Urinary System"), table.title("BT", Granularity.BLOCK), "after the section's title");
      assertEquals(Optional.of("Indwelling Device"), table.title("3C", Granularity.BLOCK), "one root operation");
      assertEquals(Optional.of("Gastrointestinal System, Resection"), table.title("0DT", Granularity.CATEGORY));
      assertEquals(Optional.of("Medical and Surgical"), table.title("0", Granularity.CHAPTER));
    }
    CodeTable fy2026 = CodeTables.load(TestData.require("icd10pcs-cms/icd10pcs_fy2026_order_file.zip"),
        CodeSystemId.ICD10PCS, "2026");
    // X0Z is titled "New Technology, Nervous System" (section and body system alone): skipped
    assertEquals(Optional.of("Nervous System"), fy2026.title("X0", Granularity.BLOCK));
  }
}
