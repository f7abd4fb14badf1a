package org.medcode.coder.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medcode.TestData;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderParameters;
import org.medcode.coder.CoderResult;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.CodeTables;
import org.medcode.dataset.Admission;
import org.medcode.dataset.DatasetSpec;
import org.medcode.dataset.EvidenceSpan;
import org.medcode.dataset.load.Datasets;

/** The rules coder on the real FY2018 table, trained on CodiEsp train, coding a few dev admissions (English and Spanish). */
class RulesCoderIT {

  @Test
  void codesEnglishDevAdmissionsSanely() throws Exception {
    check("en", "keep");
    check("en", "drop");
  }

  @Test
  void codesSpanishDevAdmissionsSanely() throws Exception {
    check("es", "keep");
  }

  private static void check(String language, String negated) throws Exception {
    Path root = TestData.require("codiesp");
    TestData.require("icd10cm-cms");
    CodeTable table = CodeTables.load(root, CodeSystemId.ICD10CM, "2018");
    List<Admission> train = Datasets.load(DatasetSpec.parse("codiesp:train:" + language + ":D"), root).admissions();
    List<Admission> dev = Datasets.load(DatasetSpec.parse("codiesp:dev:" + language + ":D"), root).admissions().subList(0, 10);
    RulesCoderFactory factory = new RulesCoderFactory();
    Map<String, String> parameters = CoderParameters.resolve(factory, Map.of("negated", negated));
    Coder coder = factory.create(new CoderContext(table, train, root, Path.of("target"), 1L), parameters);
    int coded = 0;
    for (Admission admission : dev) {
      CoderResult result = coder.code(admission);
      List<CodeSuggestion> codes = result.codes();
      assertTrue(codes.size() <= 25, admission.id() + ": " + codes.size() + " codes");
      coded += codes.isEmpty() ? 0 : 1;
      for (CodeSuggestion suggestion : codes) {
        assertTrue(table.status(suggestion.code()).valid(), suggestion.code() + " is not in " + table.describe());
        assertTrue(suggestion.score() > 0 && suggestion.score() <= 1, suggestion.toString());
        assertFalse(suggestion.evidence().isEmpty(), suggestion.code() + " has no evidence");
        for (EvidenceSpan span : suggestion.evidence()) {
          String note = admission.notes().get(span.note()).text();
          assertEquals(note.substring(span.start(), span.end()), span.text());
        }
        for (CodeSuggestion other : codes) {
          assertFalse(other != suggestion && other.code().startsWith(suggestion.code()),
              admission.id() + ": " + suggestion.code() + " reported with its descendant " + other.code());
        }
      }
      for (int i = 1; i < codes.size(); i++) {
        assertTrue(codes.get(i - 1).score() >= codes.get(i).score());
      }
    }
    assertTrue(coded >= 8, "only " + coded + " of 10 dev admissions got a code");
  }
}
