package org.medcode.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.coder.RunListener;
import org.medcode.run.workspace.Workspace;

/**
 * Issue 16, defect 3: leakage is checked by content. A training split that holds evaluated admissions (a copy of the
 * file, the same file by another path, another language of the same cases) is refused with exit 2, naming how many and
 * an example; by patient, shared patients too; allowOverlap: true runs it and says so in the manifest and every report.
 */
class TrainingLeakageTest {
  @TempDir
  Path temp;

  private static String admission(String id, String patient) {
    return "{\"id\":\"" + id + "\",\"patient_id\":\"" + patient + "\",\"notes\":[{\"text\":\"x\"}],"
        + "\"codes\":[{\"system\":\"icd10cm\",\"code\":\"I10\"}]}\n";
  }

  private Medcode medcode() {
    return new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false, Clock.systemUTC(),
        RunListener.SILENT));
  }

  private Path config(String training, String extra) throws Exception {
    Files.writeString(temp.resolve("t.csv"), "code,description\nI10,Hypertension\n");
    Path config = temp.resolve("c" + Math.abs((training + extra).hashCode()) + ".yaml");
    Files.writeString(config, "name: leak\ndataset: \"jsonl:" + temp.resolve("dev.jsonl") + "\"\n"
        + "training: " + training + "\n"
        + "codeSystem: { system: icd10cm, table: \"" + temp.resolve("t.csv") + "\" }\n"
        + "coders: [ { name: frequency, k: 1 } ]\nmetrics: { bootstrap: 0" + extra + " }\nthreads: 1\n");
    return config;
  }

  @Test
  void aCopyOfTheEvaluatedFileOrTheSameFileByAnotherPathIsRefused() throws Exception {
    Files.writeString(temp.resolve("dev.jsonl"), admission("A1", "P1") + admission("A2", "P2") + admission("A3", "P3"));
    Files.copy(temp.resolve("dev.jsonl"), temp.resolve("copy.jsonl"));
    Files.createDirectories(temp.resolve("sub"));
    for (String training : List.of("\"jsonl:" + temp.resolve("copy.jsonl") + "\"",
        "\"jsonl:" + temp.resolve("sub/../dev.jsonl") + "\"")) {
      MedcodeException e = assertThrows(MedcodeException.class,
          () -> medcode().run(new RunRequest(config(training, ""), List.of(), null, List.of(), temp.resolve("run"))));
      assertEquals(2, e.exitCode());
      assertTrue(e.getMessage().contains("holds 3 of the 3 admissions (e.g. 'A1')"), e.getMessage());
      assertTrue(e.getMessage().contains("allowOverlap: true"), e.getMessage());
      assertFalse(Files.exists(temp.resolve("run")), "nothing written");
    }
  }

  @Test
  void byPatientSharedPatientsAreRefusedToo() throws Exception {
    Files.writeString(temp.resolve("dev.jsonl"), admission("A1", "P1") + admission("A2", "P2"));
    Files.writeString(temp.resolve("train.jsonl"), admission("T1", "P9") + admission("T2", "P2"));
    Path byPatient = config("\"jsonl:" + temp.resolve("train.jsonl") + "\"", ", groupByPatient: true");
    MedcodeException e = assertThrows(MedcodeException.class,
        () -> medcode().run(new RunRequest(byPatient, List.of(), null, List.of(), temp.resolve("run"))));
    assertTrue(e.getMessage().contains("holds 1 of the patients (e.g. 'P2'"), e.getMessage());
    // not by patient: different admissions are no overlap
    medcode().run(new RunRequest(config("\"jsonl:" + temp.resolve("train.jsonl") + "\"", ""), List.of(), null, List.of(),
        temp.resolve("ok")));
    // but the shared patient is said (before: nothing, as a MIMIC split by admission, or icu=false training against an
    // icu=true cohort, shares patients with the evaluated admissions)
    String shared = "holds other admissions of 1 of the 2 evaluated patients (e.g. 'P2'): a coder may have learned them;"
        + " metrics.groupByPatient: true refuses such a split";
    for (String file : List.of("summary.md", "frequency/metrics.json")) {
      assertTrue(Files.readString(temp.resolve("ok").resolve(file)).contains(shared), file);
    }
  }

  @Test
  void allowOverlapRunsAndEveryReportSaysSo() throws Exception {
    Files.writeString(temp.resolve("dev.jsonl"), admission("A1", "P1") + admission("A2", "P2"));
    Files.writeString(temp.resolve("train.jsonl"), admission("A2", "P2") + admission("T3", "P3"));
    Path config = config("{ spec: \"jsonl:" + temp.resolve("train.jsonl") + "\", allowOverlap: true }", "");
    Path out = temp.resolve("run");
    medcode().run(new RunRequest(config, List.of(), null, List.of(), out));
    assertTrue(Files.readString(out.resolve("manifest.json")).contains("\"allowOverlap\" : true"));
    String note = "training overlaps the evaluated dataset (allowOverlap: true)";
    for (String file : List.of("summary.md", "report.html", "frequency/metrics.json")) {
      assertTrue(Files.readString(out.resolve(file)).contains(note), file);
    }
    Files.delete(out.resolve("summary.md"));
    medcode().report(new ReportSpec(out));
    assertTrue(Files.readString(out.resolve("summary.md")).contains(note), "report rebuilds it");
  }
}
