package org.medcode.run.studies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.coder.RunListener;
import org.medcode.run.record.StudyConfigs;
import org.medcode.run.workspace.Workspace;
import org.medcode.study.Study;

/** The shipped study files read, name their needs, and refuse (exit 3) when what only a user can provide is missing. */
class StudyFilesTest {
  @TempDir
  Path temp;

  @Test
  void everyShippedStudyReadsAndRoundTripsBesideARun() throws java.io.IOException {
    List<Studies.Listing> listings = Studies.list(Path.of("configs/studies"), name -> null);
    assertEquals(List.of("gpt41-mimic4-icu", "soroush2024-code-query-cpt", "soroush2024-code-query-icd10cm",
        "soroush2024-code-query-icd9cm"), listings.stream().map(l -> l.study().name()).toList());
    for (Studies.Listing listing : listings) {
      Study study = listing.study();
      Files.createDirectories(temp.resolve(study.name()));
      StudyConfigs.write(study, temp.resolve(study.name()).resolve(StudyConfigs.FILE));
      assertEquals(study, StudyConfigs.read(temp.resolve(study.name())).orElseThrow(), study.name());
      assertTrue(listing.needs().stream().anyMatch(n -> n.need().kind() == Study.NeedKind.API_KEY), study.name());
    }
    Study icu = listings.get(0).study();
    assertEquals(Study.NeedKind.CREDENTIALED_DATA, icu.needs().get(0).kind());
    assertEquals("MIMIC_IV_DIR is not set", listings.get(0).needs().get(0).status());
    // a folder that is not MIMIC-IV's (it said 'is set', and the run then refused it): not met, with what the run says
    Studies.NeedStatus notMimic = Studies.list(Path.of("configs/studies"), Map.of("MIMIC_IV_DIR", temp.toString())::get)
        .get(0).needs().get(0);
    assertFalse(notMimic.met());
    assertTrue(notMimic.status().startsWith("MIMIC_IV_DIR is set, but " + temp + " is not a MIMIC-IV folder: it has no"
        + " hosp/ module"), notMimic.status());
    // a MIMIC-IV folder without a table the study reads (MIMIC-IV-Note is a project of its own, often kept apart): not
    // met, naming the table as the run does (it said 'is set', and the run then stopped with exit 3 on the missing table)
    for (String table : List.of("hosp/admissions", "hosp/diagnoses_icd", "icu/icustays")) {
      Files.createDirectories(temp.resolve(table).getParent());
      Files.writeString(temp.resolve(table + ".csv.gz"), "");
    }
    Studies.NeedStatus noNotes = Studies.list(Path.of("configs/studies"), Map.of("MIMIC_IV_DIR", temp.toString())::get)
        .get(0).needs().get(0);
    assertFalse(noNotes.met());
    assertTrue(noNotes.status().startsWith("MIMIC_IV_DIR is set, but MIMIC-IV-Note module note, table discharge not found:"
        + " expected " + temp.resolve("note/discharge.csv.gz")), noNotes.status());
    Files.delete(temp.resolve("icu/icustays.csv.gz"));
    Files.createDirectories(temp.resolve("note"));
    Files.writeString(temp.resolve("note/discharge.csv"), "");
    Studies.NeedStatus noIcu = Studies.list(Path.of("configs/studies"), Map.of("MIMIC_IV_DIR", temp.toString())::get)
        .get(0).needs().get(0);
    assertFalse(noIcu.met());
    assertTrue(noIcu.status().startsWith("MIMIC_IV_DIR is set, but MIMIC-IV module icu, table icustays not found"),
        noIcu.status());
    Files.writeString(temp.resolve("icu/icustays.csv.gz"), "");
    // without hosp/d_icd_diagnoses, the code table of a study with dictionary: dataset (it said 'is set', and the run
    // then stopped with exit 3 on the missing table)
    Studies.NeedStatus noDictionary = Studies.list(Path.of("configs/studies"),
        Map.of("MIMIC_IV_DIR", temp.toString())::get).get(0).needs().get(0);
    assertFalse(noDictionary.met());
    assertTrue(noDictionary.status().startsWith("MIMIC_IV_DIR is set, but MIMIC-IV module hosp, table d_icd_diagnoses"
        + " not found: expected " + temp.resolve("hosp/d_icd_diagnoses.csv.gz")), noDictionary.status());
    Files.writeString(temp.resolve("hosp/d_icd_diagnoses.csv.gz"), "");
    assertTrue(Studies.list(Path.of("configs/studies"), Map.of("MIMIC_IV_DIR", temp.toString())::get).get(0).needs().get(0)
        .met());
    // set to a folder that is not there: not here, and said so (it said 'is set', as if the study could run)
    Studies.NeedStatus missing = Studies.list(Path.of("configs/studies"),
        Map.of("MIMIC_IV_DIR", temp.resolve("absent").toString())::get).get(0).needs().get(0);
    assertFalse(missing.met());
    assertEquals("MIMIC_IV_DIR is set, but " + temp.resolve("absent") + " does not exist", missing.status());
    Studies.NeedStatus table = Studies.list(Path.of("configs/studies"), Map.of("CPT_TABLE", "absent.csv")::get).get(1)
        .needs().get(0);
    assertFalse(table.met());
    assertTrue(table.status().startsWith("CPT_TABLE is set, but absent.csv does not exist (relative paths are read from"),
        table.status());
    assertEquals("configs/studies/gpt41-mimic4-icu.yaml", listings.get(0).file().toString());
  }

  /**
   * studies names a file as a command run where it is listed can read it: from the checkout relative, from elsewhere
   * absolute (it said configs/studies/NAME.yaml, which run reads from the current directory: 'config file not found').
   */
  @Test
  void theRunLineNamesTheStudyFileAsTheCurrentDirectoryReadsIt() {
    Path file = temp.resolve("checkout/configs/studies/x.yaml");
    assertEquals(Path.of("configs/studies/x.yaml").toString(), Studies.runPath(file, temp.resolve("checkout")));
    assertEquals(file.toString(), Studies.runPath(file, temp.resolve("elsewhere")));
    assertEquals(file.toString(), Studies.runPath(temp.resolve("checkout/configs/../configs/studies/x.yaml"),
        temp.resolve("check")), "a sibling whose name starts the same is elsewhere");
  }

  /**
   * A coder configured with the study's model whose answers another model served (a local server behind an
   * openai-compatible URL) was said to have 'ran gpt-4 (served stub-model), not the study's model gpt-4': that it ran
   * the study's model and did not. The note names the model that answered and the one asked for.
   */
  @Test
  void anotherModelIsNamedAsTheOneThatAnswered() {
    Study study = Studies.list(Path.of("configs/studies"), name -> null).get(2).study();
    assertEquals("gpt-4", study.model());
    assertEquals("stub-model (asked for gpt-4)", Studies.otherModel(study, coder("gpt-4", Map.of("stub-model", 500))));
    assertEquals("gpt-4.1-2025-04-14 (asked for gpt-4.1)",
        Studies.otherModel(study, coder("gpt-4.1", Map.of("gpt-4.1-2025-04-14", 500))));
    assertEquals("gpt-4.1", Studies.otherModel(study, coder("gpt-4.1", Map.of())), "no served model: the configured one");
  }

  private static org.medcode.run.record.RunManifest.CoderEntry coder(String model, Map<String, Integer> served) {
    return new org.medcode.run.record.RunManifest.CoderEntry("llm", Map.of("model", model), 500, 500, 0, 0, Map.of(), 0,
        0, null, false, null, "complete", Map.of(), served, Map.of());
  }

  @Test
  void theCptStudyWithoutTheUsersTableSaysSoAndExits3() {
    Workspace workspace = new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false, Clock.systemUTC(),
        RunListener.SILENT);
    MedcodeException e = assertThrows(MedcodeException.class, () -> Studies.run(workspace,
        Path.of("configs/studies/soroush2024-code-query-cpt.yaml"), List.of(), null, List.of(), temp.resolve("run"),
        name -> null));
    assertEquals(3, e.exitCode());
    assertTrue(e.getMessage().contains("CPT descriptions are copyrighted by the AMA; medcode ships none): set CPT_TABLE"),
        e.getMessage());
    assertFalse(Files.exists(temp.resolve("run")), "nothing was written");
    assertTrue(e.getMessage().contains("(see ./medcode studies and README"), e.getMessage());
    // run from outside the checkout (the launcher exports MEDCODE_HOME): the listing's command as it works from here;
    // it said './medcode studies', and the working directory has no ./medcode
    Path checkout = temp.resolve("checkout");
    MedcodeException elsewhere = assertThrows(MedcodeException.class, () -> Studies.run(workspace,
        Path.of("configs/studies/soroush2024-code-query-cpt.yaml"), List.of(), null, List.of(), temp.resolve("run"),
        Map.of("MEDCODE_HOME", checkout.toString())::get));
    assertTrue(elsewhere.getMessage().contains("(see " + checkout.resolve("medcode") + " studies and README"),
        elsewhere.getMessage());
    // without the variable in the spec, the dataset itself says so, with the same exit code
    MedcodeException direct = assertThrows(MedcodeException.class, () -> Studies.run(workspace,
        Path.of("configs/studies/soroush2024-code-query-cpt.yaml"), List.of("dataset.spec=code-query:cpt?sample=5&seed=1"),
        null, List.of(), temp.resolve("run2"), name -> null));
    assertEquals(3, direct.exitCode());
    assertTrue(direct.getMessage().contains("CPT descriptions are copyrighted by the AMA and medcode ships none"),
        direct.getMessage());
    assertFalse(Files.exists(temp.resolve("run2")), "nothing was left behind");
  }

  @Test
  void mistakesInAStudyAreNamed() throws Exception {
    Path file = temp.resolve("s.yaml");
    String run = "dataset: a.jsonl\ncoders: [ frequency ]\n";
    Files.writeString(file, run + "study: { title: t, citation: c, figures: [ { metric: exact.recall } ] }\n");
    assertTrue(assertThrows(MedcodeException.class, () -> StudyConfigs.load(file, List.of())).getMessage()
        .contains("'exact.recall' is not a study figure"));
    Files.writeString(file, run + "study: { title: t, citation: c, figures: [ { metric: exact.micro.recall, published: lots } ] }\n");
    assertTrue(assertThrows(MedcodeException.class, () -> StudyConfigs.load(file, List.of())).getMessage()
        .contains("'lots' is not a published value or range"));
    Files.writeString(file, run + "study: { title: t, figures: [ { metric: exact.micro.recall } ] }\n");
    assertTrue(assertThrows(MedcodeException.class, () -> StudyConfigs.load(file, List.of())).getMessage()
        .contains("study.citation is required"));
    Files.writeString(file, run + "study: { title: t, citation: c, year: 2024, figures: [ { metric: exact.micro.recall } ] }\n");
    assertTrue(assertThrows(MedcodeException.class, () -> StudyConfigs.load(file, List.of())).getMessage()
        .contains("unknown key 'study.year'"));
    Files.writeString(file, run + "study: { title: t, citation: c, figures: [ { metric: exact.micro.recall, published: 20% } ] }\n");
    assertTrue(assertThrows(MedcodeException.class, () -> StudyConfigs.load(file, List.of("study.title=x"))).getMessage()
        .contains("a study's published figures are not overridden"));
    assertEquals(0.2, StudyConfigs.load(file, List.of("coders.0.k=5")).study().figures().get(0).published().low());
    assertTrue(StudyConfigs.isStudy(file));
    assertFalse(StudyConfigs.isStudy(Path.of("configs/default.yaml")));
  }

  @Test
  void aStudyFileWithAKeyGivenTwiceOrASecondDocumentIsRefusedNotHalfRead() throws Exception {
    // Unlike a config, a study file took a key given twice (the last 'seed' silently won) and read only its first YAML
    // document, leaving what followed a --- unread without a word.
    Path file = temp.resolve("s.yaml");
    String study = "study: { title: t, citation: c, figures: [ { metric: exact.micro.recall, published: 20% } ] }\n";
    Files.writeString(file, "dataset: a.jsonl\ncoders: [ frequency ]\nseed: 1\nseed: 2\n" + study);
    String twice = assertThrows(MedcodeException.class, () -> StudyConfigs.load(file, List.of())).getMessage();
    assertTrue(twice.startsWith(file + ":4: not valid YAML: Duplicate field 'seed'") && !twice.contains("[Source"), twice);
    Files.writeString(file, "dataset: a.jsonl\ncoders: [ frequency ]\n" + study + "---\nseed: 2\n");
    assertEquals(file + ":5: holds more than one YAML document (separated by ---), of which only the first would be"
        + " read: merge them, or keep one per file",
        assertThrows(MedcodeException.class, () -> StudyConfigs.load(file, List.of())).getMessage());
  }

  /** A list where a study key takes one value was read as '' ("study figure ...: '' is not a published value"). */
  @Test
  void aListWhereAStudyKeyTakesOneValueIsCalledThat() throws java.io.IOException {
    String shipped = Files.readString(Path.of("configs/studies/gpt41-mimic4-icu.yaml"));
    Path file = temp.resolve("listed.yaml");
    Files.writeString(file, shipped.replace("published: 18-21% }", "published: [18-21%] }"));
    MedcodeException e = assertThrows(MedcodeException.class, () -> StudyConfigs.load(file, List.of()));
    assertEquals(file + ": study.figures.published takes one value; got a list, [\"18-21%\"]", e.getMessage());
    Files.writeString(file, shipped.replace("model: gpt-4.1\n", "model: { name: gpt-4.1 }\n"));
    assertEquals(file + ": study.model takes one value; got a mapping, {\"name\":\"gpt-4.1\"}",
        assertThrows(MedcodeException.class, () -> StudyConfigs.load(file, List.of())).getMessage());
  }
}
