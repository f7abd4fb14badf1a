package org.medcode;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies flow one way: cli → run (the facade) → run.* (engine, gating, cohort, inspect, studies → record,
 * workspace) → {coder, gate, report} → study → eval → {prediction, dataset} → codesystem; no two packages, sub-packages
 * included, import each other.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.medcode");
  }

  @Test
  void nothingDependsOnTheCli() {
    noClasses().that().resideOutsideOfPackage("org.medcode.cli..").should().dependOnClassesThat().resideInAPackage("org.medcode.cli..")
        .check(classes);
  }

  @Test
  void onlyTheCliUsesTheFacade() {
    noClasses().that().resideOutsideOfPackages("org.medcode.cli..", "org.medcode.run..").should().dependOnClassesThat()
        .resideInAPackage("org.medcode.run..").check(classes);
  }

  @Test
  void codeSystemsStandAlone() {
    noClasses().that().resideInAPackage("org.medcode.codesystem..").should().dependOnClassesThat()
        .resideInAnyPackage("org.medcode.dataset..", "org.medcode.prediction..", "org.medcode.eval..", "org.medcode.report..",
            "org.medcode.run..")
        .check(classes);
  }

  @Test
  void datasetsAndPredictionsDoNotKnowEvaluation() {
    noClasses().that().resideInAnyPackage("org.medcode.dataset..", "org.medcode.prediction..").should().dependOnClassesThat()
        .resideInAnyPackage("org.medcode.eval..", "org.medcode.report..", "org.medcode.run..").check(classes);
  }

  @Test
  void evaluationDoesNotFormat() {
    noClasses().that().resideInAPackage("org.medcode.eval..").should().dependOnClassesThat()
        .resideInAnyPackage("org.medcode.report..", "com.fasterxml.jackson..", "org.apache.commons.csv..").check(classes);
  }

  /** Gates judge numbers; reading runs and baselines is run.gating's, writing verdicts the report layer's. */
  @Test
  void gatesArePureJudgement() {
    noClasses().that().resideInAPackage("org.medcode.gate..").should().dependOnClassesThat()
        .resideInAnyPackage("org.medcode.report..", "org.medcode.run..", "org.medcode.dataset..",
            "com.fasterxml.jackson..", "java.nio.file..", "java.io..")
        .check(classes);
  }

  /** Studies judge published figures against a run's numbers; reading study files and runs is run.studies'. */
  @Test
  void studiesArePureJudgement() {
    noClasses().that().resideInAPackage("org.medcode.study..").should().dependOnClassesThat()
        .resideInAnyPackage("org.medcode.report..", "org.medcode.run..", "org.medcode.coder..", "org.medcode.gate..",
            "com.fasterxml.jackson..", "java.nio.file..", "java.io..")
        .check(classes);
  }

  @Test
  void picocliOnlyInTheCli() {
    noClasses().that().resideOutsideOfPackage("org.medcode.cli..").should().dependOnClassesThat().resideInAPackage("picocli..")
        .check(classes);
  }

  /** Tablesaw (and its Excel writer) stays in the one package that needs it: the cross-run table of medcode table. */
  @Test
  void tablesawOnlyInTheRunTable() {
    noClasses().that().resideOutsideOfPackage("org.medcode.report.table..").should().dependOnClassesThat()
        .resideInAnyPackage("tech.tablesaw..", "org.apache.poi..").check(classes);
  }

  /** The analyses (strata, taxonomy, coverage, paired comparison) are pure functions: no report, no I/O. */
  @Test
  void analysesDoNoIo() {
    noClasses().that().resideInAPackage("org.medcode.eval..").should().dependOnClassesThat()
        .resideInAnyPackage("java.nio.file..", "java.io..").check(classes);
  }

  @Test
  void langChain4jOnlyInTheLlmAndEmbeddingCoders() {
    noClasses().that().resideOutsideOfPackages("org.medcode.coder.llm..", "org.medcode.coder.embed..").should()
        .dependOnClassesThat().resideInAPackage("dev.langchain4j..").check(classes);
  }

  @Test
  void trainedCodersDoNotKnowTheRunOrTheEvaluation() {
    noClasses().that().resideInAnyPackage("org.medcode.coder.ml..", "org.medcode.coder.embed..", "org.medcode.coder.ensemble..")
        .should().dependOnClassesThat().resideInAnyPackage("org.medcode.eval..", "org.medcode.report..", "org.medcode.run..",
            "org.medcode.cli..")
        .check(classes);
  }

  /** Coders and the run tell the user what happens through a RunListener; only the console prints. */
  @Test
  void onlyTheConsolePrints() {
    noClasses().that().resideOutsideOfPackage("org.medcode.cli..").and().doNotHaveFullyQualifiedName(
        "org.medcode.run.ConsoleListener").should().accessField(System.class, "err").orShould().accessField(System.class, "out")
        .check(classes);
  }

  /** Run records are typed; JSON trees stay in the helpers that read and write files. */
  @Test
  void jsonTreesOnlyInTheRunRecordsHelpers() {
    noClasses().that().resideInAPackage("org.medcode.run..").and().resideOutsideOfPackage("org.medcode.run.record..")
        .and().doNotHaveFullyQualifiedName("org.medcode.run.engine.PredictionLog").should().dependOnClassesThat()
        .haveFullyQualifiedName("com.fasterxml.jackson.databind.node.ObjectNode").check(classes);
  }

  /** The facade stays thin: one short verb per command, the work in the package that does it (issue 13: at most 250 lines). */
  @Test
  void theFacadeStaysThin() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("src/main/java/org/medcode/run/Medcode.java"));
    assertTrue(lines.size() <= 250, "Medcode.java has " + lines.size() + " lines");
  }

  /** Every package, sub-packages included, on its own: no import runs back up between any two of them. */
  @Test
  void noCycles() {
    slices().matching("org.medcode.(**)").should().beFreeOfCycles().check(classes);
  }
}
