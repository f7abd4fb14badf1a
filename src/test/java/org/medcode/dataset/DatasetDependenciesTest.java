package org.medcode.dataset;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The dependency rules of the dataset package-info files. */
class DatasetDependenciesTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
      .importPackages("org.medcode.dataset");

  @Test
  void datasetNeverDependsOnTheLayersAboveIt() {
    noClasses().that().resideInAPackage("org.medcode.dataset..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.medcode.eval..", "org.medcode.report..", "org.medcode.run..", "org.medcode.coder..", "org.medcode.cli..",
            "org.medcode.prediction..")
        .check(CLASSES);
  }

  @Test
  void sourcesDoNotKnowTheLoaders() {
    noClasses().that().resideInAPackage("org.medcode.dataset.source..")
        .should().dependOnClassesThat().resideInAnyPackage("org.medcode.dataset", "org.medcode.codesystem..")
        .check(CLASSES);
  }
}
