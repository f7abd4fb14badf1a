package org.medcode.codesystem;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Keeps the promise of package-info: the JDK (with its StAX reader of the CDC tabular list), Commons CSV, MedcodeException
 * and the JDK-only helpers that word bad CSV and UTF-8 input, show a code, count things and name the launcher in a
 * message ({@code CsvSyntax}, {@code Utf8}, {@code Ids}, {@code Plural}, {@code Launcher}) and the hook that checks a
 * pulled file before it is read ({@code PublicData}), nothing else.
 */
class DependenciesTest {

  @Test
  void dependsOnlyOnTheJdkCommonsCsvAndMedcodeException() {
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.medcode.codesystem");
    classes().should().onlyDependOnClassesThat(
            resideInAnyPackage("java..", "javax.xml.stream..", "org.apache.commons.csv..", "org.medcode.codesystem..")
                .or(nameMatching("org\\.medcode\\.(MedcodeException(\\$.*)?|CsvSyntax|Utf8|Ids|Plural|PublicData|Launcher)")))
        .check(classes);
  }
}
