package org.medcode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.cli.MedcodeCommandTest.Result;
import org.medcode.dataset.Dataset;
import org.medcode.dataset.DatasetSpec;
import org.medcode.dataset.load.Datasets;
import org.medcode.dataset.mimic.MimicFixture;

/** {@code medcode cohort build} and {@code cohort show} on the demo with synthetic ICU stays and notes. */
class CohortCommandTest {
  @TempDir
  Path temp;

  @Test
  void buildWritesIdsAndSummaryThatShowPrintsAndTheReuseSpecLoads() throws IOException {
    Path mimic = MimicFixture.write(temp.resolve("mimiciv"));
    Path out = temp.resolve("cohort");
    Result built = MedcodeCommandTest.run("cohort", "build", "--dataset", "mimic-iv:" + mimic + "?codes=diagnoses", "--icd", "10",
        "--icu", "--min-chars", "5000", "--out", out.toString(), "--no-pull");
    assertEquals(0, built.exit(), built.err());
    // the same steps as MimicIvLoaderTest.theIcuCohortCountsEveryStep
    for (String row : List.of("admissions            275", "coded                 275          0", "icd                   123        152",
        "icu                    49         74  with an ICU stay in icustays", "notes                  43          6",
        "note length            24         19  with at least 5000 note characters")) {
      assertTrue(built.out().contains(row), row + " missing from:\n" + built.out());
    }
    assertTrue(built.out().contains("codes       icd10cm"), built.out());
    List<String> ids = Files.readAllLines(out.resolve("hadm_ids.txt"));
    assertEquals(24, ids.size());
    // icu stays in the reused spec: the admissions keep their stay metadata
    String reuse = "mimic-iv:" + mimic + "?codes=diagnoses&icd=10&icu=true&ids=" + out.resolve("hadm_ids.txt");
    assertTrue(built.out().contains("reuse with  --dataset '" + DatasetSpec.parse(reuse) + "'"), built.out());

    Result shown = MedcodeCommandTest.run("cohort", "show", out.toString());
    assertEquals(0, shown.exit(), shown.err());
    assertTrue(shown.out().contains("note length            24         19"), shown.out());
    assertEquals(built.out().substring(0, built.out().indexOf("\nwritten ")), shown.out().substring(0, shown.out().indexOf("\nreuse ")),
        "show prints what build printed (cohort.json reads back the same)");
    assertTrue(shown.out().startsWith("cohort      mimic-iv:" + mimic + "?icd=10&codes=diagnoses&icu=true&min_chars=5000\n"), shown.out());

    Dataset again = Datasets.load(DatasetSpec.parse(reuse), temp);
    assertEquals(ids, again.admissions().stream().map(a -> a.id()).toList());
    assertTrue(again.admissions().stream().allMatch(a -> a.metadata().containsKey("icu_stays")),
        "the reused cohort's admissions carry their ICU stays as the built one's do");

    Result twice = MedcodeCommandTest.run("cohort", "build", "--dataset", "mimic-iv:" + mimic, "--out", out.toString());
    assertEquals(2, twice.exit());
    assertTrue(twice.err().contains("already exists and is not an empty folder"), twice.err());

    // a folder moved since: show tells how to reuse it where it is; its ids edited since: refused
    Path moved = Files.move(out, temp.resolve("moved"));
    Result shownMoved = MedcodeCommandTest.run("cohort", "show", moved.toString());
    assertEquals(0, shownMoved.exit(), shownMoved.err());
    assertTrue(shownMoved.out().contains("ids=" + moved.resolve("hadm_ids.txt").toAbsolutePath()), shownMoved.out());
    Files.write(moved.resolve("hadm_ids.txt"), ids.subList(1, ids.size()));
    Result edited = MedcodeCommandTest.run("cohort", "show", moved.toString());
    assertEquals(2, edited.exit());
    assertTrue(edited.err().contains("the cohort's ids changed since it was built"), edited.err());

    // a cohort that selects nothing is refused, not written empty
    Path none = Files.writeString(temp.resolve("none.txt"), "99999999\n");
    Result empty = MedcodeCommandTest.run("cohort", "build", "--dataset", "mimic-iv:" + mimic + "?ids=" + none, "--out",
        temp.resolve("empty-cohort").toString(), "--no-pull");
    assertEquals(2, empty.exit(), empty.out() + empty.err());
    assertTrue(empty.err().contains("selects no admission"), empty.err());
    // before: the error named neither the step that left none nor the ids that are no admission, which the loader knew
    assertTrue(empty.err().contains("ids 0"), empty.err());
    assertTrue(empty.err().contains("1 of 1 id in " + none + " is not an admission of admissions: 99999999"), empty.err());
    assertTrue(!Files.exists(temp.resolve("empty-cohort/cohort.json")));
  }

  @Test
  void aVariableInTheSpecIsRecordedAndShownAsWrittenNotAsThisMachinesFolder() throws Exception {
    // before: cohort.json (spec, reuseSpec, summary.spec), the console and an evaluation's metrics.json, summary.md and
    // report.html named the expanded ${MIMIC_IV_DIR}, this machine's folder, in files meant to be shared
    Path mimic = MimicFixture.write(temp.resolve("mimiciv"));
    Path out = temp.resolve("cohort");
    Path data = Files.createDirectories(temp.resolve("data")); // the ICD-10-CM tables only, caches beside them
    Path tables = org.medcode.TestData.require("icd10cm-cms", "icd10cm-hierarchy").toAbsolutePath();
    for (String folder : List.of("icd10cm-cms", "icd10cm-hierarchy")) {
      Files.createSymbolicLink(data.resolve(folder), tables.resolve(folder));
    }
    Process build = org.medcode.MedcodeProcess.start(data, java.util.Map.of("MIMIC_IV_DIR", mimic.toString()), List.of(),
        "cohort", "build", "--dataset", "mimic-iv:${MIMIC_IV_DIR}?codes=diagnoses", "--icd", "10", "--out", out.toString());
    String console = new String(build.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, build.waitFor(), console);
    String spec = "mimic-iv:${MIMIC_IV_DIR}?icd=10&codes=diagnoses";
    assertTrue(console.startsWith("cohort      " + spec + "\n"), console);
    assertTrue(console.contains("reuse with  --dataset '" + spec + "&ids=" + out.resolve("hadm_ids.txt") + "'"), console);
    String record = Files.readString(out.resolve("cohort.json"));
    assertTrue(record.contains("\"spec\" : \"" + spec + "\""), record);
    assertTrue(!console.contains(mimic.toString()) && !record.contains(mimic.toString()), console + record);
    Result shown = MedcodeCommandTest.run("cohort", "show", out.toString()); // MIMIC_IV_DIR is not set here
    assertEquals(0, shown.exit(), shown.err());
    assertTrue(shown.out().startsWith("cohort      " + spec + "\n"), shown.out());

    Path predictions = Files.writeString(temp.resolve("p.tsv"), Files.readAllLines(out.resolve("hadm_ids.txt")).get(0) + "\tI10\n");
    Path evaluated = temp.resolve("evaluated");
    Process evaluate = org.medcode.MedcodeProcess.start(data, java.util.Map.of("MIMIC_IV_DIR", mimic.toString()), List.of(),
        "evaluate", "--dataset", spec + "&ids=" + out.resolve("hadm_ids.txt"), "--predictions", predictions.toString(),
        "--bootstrap", "0", "--out", evaluated.toString());
    String evaluation = new String(evaluate.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, evaluate.waitFor(), evaluation);
    assertTrue(!evaluation.contains(mimic.toString()), evaluation);
    try (var files = Files.walk(evaluated)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String text = Files.readString(file);
        assertTrue(!text.contains(mimic.toString()), file + " names this machine's MIMIC folder:\n" + text);
      }
    }
    assertTrue(Files.readString(evaluated.resolve("summary.md")).contains(spec), "the dataset is named as written");

    // a variable in an option too: the ids step says ${COHORT}, not the folder it holds
    Path again = temp.resolve("again");
    Process rebuild = org.medcode.MedcodeProcess.start(data, java.util.Map.of("MIMIC_IV_DIR", mimic.toString(), "COHORT",
        out.toString()), List.of(), "cohort", "build", "--dataset", "mimic-iv:${MIMIC_IV_DIR}?ids=${COHORT}/hadm_ids.txt",
        "--codes", "diagnoses", "--out", again.toString());
    String rebuilt = new String(rebuild.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, rebuild.waitFor(), rebuilt);
    assertTrue(rebuilt.contains("listed in ${COHORT}/hadm_ids.txt"), rebuilt);
    String again2 = Files.readString(again.resolve("cohort.json"));
    assertTrue(!again2.contains(out.resolve("hadm_ids.txt").toString()) && !again2.contains(mimic.toString()), again2);
  }

  @Test
  void aRunOnACohortThatSelectsNoAdmissionIsRefusedNotScoredZero() throws IOException {
    // The ids of another MIMIC copy matched none of this one's: the run coded nothing, printed 0.000 for every metric
    // as if the coder had been measured, exited 0, and a gate on it passed.
    Path mimic = MimicFixture.write(temp.resolve("mimiciv"));
    Path none = Files.writeString(temp.resolve("none.txt"), "99999999\n");
    Path answers = Files.writeString(temp.resolve("answers.tsv"), "");
    Path table = Files.writeString(temp.resolve("table.csv"), "code,description\nI10,Essential hypertension\n");
    Path config = Files.writeString(temp.resolve("cohort.yaml"), "name: cohort\n"
        + "dataset: { spec: \"mimic-iv:" + mimic + "?icd=10&codes=diagnoses&ids=" + none + "\" }\n"
        + "codeSystem: { system: icd10cm, table: \"" + table + "\" }\n"
        + "coders: [ { name: replay, file: \"" + answers + "\" } ]\n");
    Result run = MedcodeCommandTest.run("run", config.toString(), "--out", temp.resolve("run").toString(), "--no-pull");
    assertEquals(2, run.exit(), run.out() + run.err());
    assertTrue(run.err().contains("has no admissions, so there is nothing to code or score"), run.err());
    assertTrue(run.err().contains("1 of 1 id in " + none + " is not an admission"), run.err());
    assertTrue(!Files.exists(temp.resolve("run/manifest.json")), "no run folder");
  }

  @Test
  void errorsHaveTheirExitCodes() throws IOException {
    Result notMimic = MedcodeCommandTest.run("cohort", "build", "--dataset", "jsonl:a.jsonl", "--out", temp.resolve("c").toString());
    assertEquals(2, notMimic.exit());
    assertEquals("error: medcode cohort build takes a mimic-iv: or mimic-iii: dataset spec, not 'jsonl:a.jsonl'", notMimic.err().strip());
    Result twice = MedcodeCommandTest.run("cohort", "build", "--dataset", "mimic-iv:m?icd=9", "--icd", "10", "--out", temp.toString());
    assertEquals(2, twice.exit());
    assertTrue(twice.err().contains("option 'icd' given twice"), twice.err());
    Result missing = MedcodeCommandTest.run("cohort", "build", "--dataset", "mimic-iv:" + temp.resolve("none"), "--out",
        temp.resolve("c").toString());
    assertEquals(3, missing.exit());
    assertTrue(missing.err().contains("does not exist"), missing.err());
    Files.createDirectories(temp.resolve("empty"));
    Result show = MedcodeCommandTest.run("cohort", "show", temp.resolve("empty").toString());
    assertEquals(2, show.exit());
    assertTrue(show.err().contains("is not a cohort folder: it has no cohort.json (make one with ./medcode cohort build)"),
        show.err());
    Files.writeString(temp.resolve("empty/cohort.json"), "{\"format\":\"medcode-cohort/1\"}");
    Result cut = MedcodeCommandTest.run("cohort", "show", temp.resolve("empty").toString());
    assertEquals(2, cut.exit(), cut.err());
    assertTrue(cut.err().contains("the cohort file lacks its spec (cut or edited): build the cohort again with ./medcode"
        + " cohort build"), cut.err());
  }
}
