package org.medcode.coder.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderParameters;
import org.medcode.codesystem.CodeEntry;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeSystems;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;
import org.medcode.dataset.Note;

/** A small hand-made ICD-10-CM table (real titles) and helpers to build and run rules coders in tests. */
final class RulesFixture {
  private RulesFixture() {}

  /** The project's rules folder (tests run in the project folder). */
  static final Path RULES = Path.of(RulesCoderFactory.DEFAULT_RULES_DIR);

  static final CodeTable TABLE = table(
      "J18", "N", "Pneumonia, unspecified organism",
      "J189", "Y", "Pneumonia, unspecified organism",
      "J181", "Y", "Lobar pneumonia, unspecified organism",
      "R509", "Y", "Fever, unspecified",
      "R079", "Y", "Chest pain, unspecified",
      "R0789", "Y", "Other chest pain",
      "I10", "Y", "Essential (primary) hypertension",
      "I219", "Y", "Acute myocardial infarction, unspecified",
      "E11", "N", "Type 2 diabetes mellitus",
      "E119", "Y", "Type 2 diabetes mellitus without complications",
      "E1121", "Y", "Type 2 diabetes mellitus with diabetic nephropathy",
      "C50", "N", "Malignant neoplasm of breast",
      "C50919", "Y", "Malignant neoplasm of unspecified site of unspecified female breast",
      "C61", "Y", "Malignant neoplasm of prostate",
      "D649", "Y", "Anemia, unspecified",
      "R609", "Y", "Edema, unspecified",
      "R51", "Y", "Headache",
      "R238", "Y", "Other skin changes",
      "Z803", "Y", "Family history of malignant neoplasm of breast",
      "Z809", "Y", "Family history of malignant neoplasm, unspecified",
      "Z8489", "Y", "Family history of other specified conditions",
      "Z8546", "Y", "Personal history of malignant neoplasm of prostate",
      "Z859", "Y", "Personal history of malignant neoplasm, unspecified",
      "Z87898", "Y", "Personal history of other specified conditions");

  private static CodeTable table(String... rows) {
    Map<String, CodeEntry> entries = new LinkedHashMap<>();
    for (int i = 0; i < rows.length; i += 3) {
      entries.put(rows[i], new CodeEntry(rows[i], rows[i + 1].equals("Y"), rows[i + 2], rows[i + 2]));
    }
    return CodeTable.of(CodeSystems.syntax(CodeSystemId.ICD10CM), "test", entries);
  }

  /** A coder on the fixture table without training, with parameters given as name, value pairs. */
  static Coder coder(String... parameters) throws Exception {
    return coder(TABLE, List.of(), parameters);
  }

  static Coder coder(CodeTable table, List<Admission> training, String... parameters) throws Exception {
    Map<String, String> given = new LinkedHashMap<>();
    given.put("rules-dir", RULES.toString());
    for (int i = 0; i < parameters.length; i += 2) {
      given.put(parameters[i], parameters[i + 1]);
    }
    RulesCoderFactory factory = new RulesCoderFactory();
    return factory.create(new CoderContext(table, training, Path.of("."), Path.of("target"), 1L),
        CoderParameters.resolve(factory, given));
  }

  static Admission admission(String id, List<String> codes, String... notes) {
    return new Admission(id, id, Stream.of(notes).map(text -> new Note("clinical case", text)).toList(),
        codes.stream().map(code -> new GoldCode(code, CodeSystemId.ICD10CM)).toList(), Map.of());
  }

  static List<CodeSuggestion> code(Coder coder, String... notes) throws Exception {
    return coder.code(admission("a1", List.of(), notes)).codes();
  }

  static List<String> codes(Coder coder, String... notes) throws Exception {
    return code(coder, notes).stream().map(CodeSuggestion::code).toList();
  }

  /** A copy of the project's rules folder with extra synonym rows (code TAB phrase). */
  static Path rulesWithSynonyms(Path folder, String... rows) throws IOException {
    try (Stream<Path> files = Files.walk(RULES)) {
      for (Path source : files.toList()) {
        Path target = folder.resolve(RULES.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
    Files.writeString(folder.resolve("en/synonyms.tsv"), String.join("\n", rows) + "\n",
        java.nio.file.StandardOpenOption.APPEND);
    return folder;
  }
}
