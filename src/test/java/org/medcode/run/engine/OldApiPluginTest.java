package org.medcode.run.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medcode.coder.Coder;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeSystems;
import org.medcode.dataset.Admission;
import org.medcode.dataset.Note;

/**
 * A plug-in built against an older medcode calls what this one no longer has: each admission fails saying to rebuild
 * it, not to put a missing library beside the jar (there is none to put).
 */
class OldApiPluginTest {
  private static final Admission ADMISSION = new Admission("A1", "P1", List.of(new Note("note", "text")), List.of(),
      Map.of());

  @Test
  void aMedcodeMethodMissingSaysToRebuildThePluginAgainstThisMedcode() {
    Coder old = admission -> {
      throw new NoSuchMethodError("'org.medcode.coder.CoderResult org.medcode.coder.CoderResult.ok(java.util.List)'");
    };
    PredictionLog.Entry entry = BenchmarkRunner.codeOne(old, CodeSystems.syntax(CodeSystemId.ICD10CM), ADMISSION);
    assertEquals("NoSuchMethodError", entry.failureKind());
    assertEquals("NoSuchMethodError: 'org.medcode.coder.CoderResult org.medcode.coder.CoderResult.ok(java.util.List)';"
        + " the coder was built against another version of medcode's coder API: rebuild it against this one (javac -cp"
        + " target/classes or target/medcode.jar of this checkout)", entry.failureMessage());
    Coder removed = admission -> {
      throw new NoClassDefFoundError("org/medcode/coder/Suggestions");
    };
    assertEquals("class not found: org/medcode/coder/Suggestions; the coder was built against another version of"
        + " medcode's coder API: rebuild it against this one (javac -cp target/classes or target/medcode.jar of this"
        + " checkout)", BenchmarkRunner.codeOne(removed, CodeSystems.syntax(CodeSystemId.ICD10CM), ADMISSION)
        .failureMessage());
    Coder library = admission -> {
      throw new NoSuchMethodError("'void org.example.Tokenizer.split(java.lang.String)'"); // a library of another version
    };
    assertEquals("NoSuchMethodError: 'void org.example.Tokenizer.split(java.lang.String)'; put the jars the coder needs"
        + " beside it (in plugins/ or a folder of MEDCODE_PLUGINS)",
        BenchmarkRunner.codeOne(library, CodeSystems.syntax(CodeSystemId.ICD10CM), ADMISSION).failureMessage());
  }
}
