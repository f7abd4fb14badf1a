package org.medcode.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medcode.eval.InvalidPolicy;
import org.medcode.eval.PairedComparison;
import org.medcode.eval.Population;

/**
 * {@code compare --json} counts every row of {@code changed_admissions.csv}: it gave improved_admissions and
 * regressed_admissions only, so a script adding them up missed the admissions whose found gold codes changed with the
 * same F1 (compare of a CodiEsp dev run with its half-lexicon ablation: 20 + 209 in the JSON, 233 rows in the file).
 */
class CompareJsonTest {
  @Test
  void theJsonCountsTheSameF1AdmissionsOfChangedAdmissionsCsv() throws IOException {
    PairedComparison comparison = new PairedComparison("a", "b", 4, 100, 100, 1, 0.95, List.of(),
        List.of(new PairedComparison.AdmissionChange("A1", 0.5, 1.0, List.of("I10"), List.of()),
            new PairedComparison.AdmissionChange("A2", 1.0, 0.5, List.of(), List.of("E119")),
            new PairedComparison.AdmissionChange("A3", 0.5, 0.5, List.of("I10"), List.of("E119"))),
        List.of(), List.of(), InvalidPolicy.COUNT, Population.ALL);
    JsonNode node = new ObjectMapper().readTree(JsonDocuments.compare(List.of(comparison), Path.of("cmp")))
        .path("comparisons").get(0);
    assertEquals(1, node.path("improved_admissions").asInt());
    assertEquals(1, node.path("regressed_admissions").asInt());
    assertEquals(1, node.path("same_f1_admissions").asInt(), node.toString());
  }
}
