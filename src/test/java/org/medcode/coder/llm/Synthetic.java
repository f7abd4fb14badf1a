package org.medcode.coder.llm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Synthetic admissions for the llm tests: admission {@code A000}…, note "Patient case A017 …", one or two gold codes
 * from a five-code user table; plus a price table pricing {@code stub-model} at 1 USD / 2 USD per million tokens.
 */
final class Synthetic {
  static final List<String> CODES = List.of("J18.9", "E11.9", "I10", "K35.80", "N39.0");

  private Synthetic() {}

  static String id(int n) {
    return String.format(Locale.ROOT, "A%03d", n);
  }

  static int number(String id) {
    return Integer.parseInt(id.substring(1));
  }

  /** The gold codes of admission n (display form). */
  static List<String> gold(int n) {
    return n % 3 == 0 ? List.of(CODES.get(n % 5), CODES.get((n + 1) % 5)) : List.of(CODES.get(n % 5));
  }

  /** The correct answer for admission n as the model would write it. */
  static String goldJson(String admission) {
    List<String> codes = gold(number(admission));
    return "{\"codes\": [\"" + String.join("\", \"", codes) + "\"]}";
  }

  static Path dataset(Path folder, int admissions) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int n = 0; n < admissions; n++) {
      StringBuilder codes = new StringBuilder();
      for (String code : gold(n)) {
        codes.append(codes.length() == 0 ? "" : ",").append("{\"system\":\"icd10cm\",\"code\":\"").append(code).append("\"}");
      }
      text.append(String.format(Locale.ROOT, "{\"id\":\"%s\",\"patient_id\":\"P%d\",\"notes\":[{\"type\":\"discharge summary\","
          + "\"text\":\"Patient case %s was admitted with findings number %d.\"}],\"codes\":[%s]}%n", id(n), n, id(n), n, codes));
    }
    Path file = folder.resolve("admissions.jsonl");
    Files.writeString(file, text);
    return file;
  }

  static Path table(Path folder) throws IOException {
    Path file = folder.resolve("table.csv");
    Files.writeString(file, "code,description\nJ18.9,Pneumonia, unspecified organism\nE11.9,Type 2 diabetes mellitus\n"
        .replace("Pneumonia, unspecified organism", "\"Pneumonia, unspecified organism\"")
        + "I10,Essential (primary) hypertension\nK35.80,Unspecified acute appendicitis\nN39.0,Urinary tract infection\n");
    return file;
  }

  static Path prices(Path folder) throws IOException {
    Path file = folder.resolve("prices.yaml");
    Files.writeString(file, "models:\n  stub-model: { input: 1.0, output: 2.0, checked: 2026-11-27 }\n");
    return file;
  }

  /** The coder's parameters as a YAML flow map, for a config file. */
  static String yaml(Map<String, String> parameters) {
    StringBuilder text = new StringBuilder("{ name: llm");
    parameters.forEach((k, v) -> text.append(", ").append(k).append(": \"").append(v).append('"'));
    return text.append(" }").toString();
  }
}
