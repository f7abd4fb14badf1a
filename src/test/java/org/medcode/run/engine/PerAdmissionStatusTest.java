package org.medcode.run.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.TinyData;
import org.medcode.coder.RunListener;
import org.medcode.run.Medcode;
import org.medcode.run.ReportSpec;
import org.medcode.run.RunRequest;
import org.medcode.run.workspace.Workspace;

/**
 * per_admission.csv says how each admission was answered: a failed admission (scored as an empty prediction) looked
 * exactly like an answer without codes, and so did one never coded.
 */
class PerAdmissionStatusTest {
  @TempDir
  Path temp;

  @Test
  void failedAndNeverCodedAdmissionsAreToldApartFromEmptyAnswers() throws Exception {
    // A1 answered with a code, A2 with none, A3 failed, A4 never coded (the run killed before it)
    Files.writeString(temp.resolve("a.tsv"), "A1\tI10\nA3\tE11.9\nA4\tI10\n");
    Path config = TinyData.write(temp, new String[][] {{"I10"}, {"E11.9"}, {"E11.9"}, {"I10"}}, 1, i -> "x",
        "[ { name: replay, id: a, file: \"" + temp.resolve("a.tsv") + "\" } ]", 0);
    Medcode medcode = new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
        Clock.systemUTC(), RunListener.SILENT));
    Path out = temp.resolve("run");
    medcode.run(new RunRequest(config, List.of(), null, List.of(), out));

    List<String> log = Files.readAllLines(out.resolve("a/predictions.jsonl"));
    assertEquals(4, log.size());
    TinyData.killed(out, "a", List.of(log.get(0), log.get(1),
        TinyData.failedLine("A3")));

    medcode.report(new ReportSpec(out));
    Map<String, CSVRecord> exact = new LinkedHashMap<>();
    try (Reader reader = Files.newBufferedReader(out.resolve("a/per_admission.csv"))) {
      for (CSVRecord row : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
        if (row.get("granularity").equals("exact")) {
          exact.put(row.get("admission_id"), row);
        }
      }
    }
    assertEquals(Map.of("A1", "ok", "A2", "empty", "A3", "failed", "A4", "never_coded"),
        Map.of("A1", exact.get("A1").get("status"), "A2", exact.get("A2").get("status"), "A3", exact.get("A3").get("status"),
            "A4", exact.get("A4").get("status")));
    // a failed admission's metrics are an empty prediction's, as the run's metrics score it
    for (String id : List.of("A2", "A3", "A4")) {
      CSVRecord row = exact.get(id);
      assertEquals(List.of("1", "0", "0", "0", "1", "0", "0", "0"), List.of(row.get("gold"), row.get("predicted"),
          row.get("tp"), row.get("fp"), row.get("fn"), row.get("precision"), row.get("recall"), row.get("f1")), id);
    }
  }
}
