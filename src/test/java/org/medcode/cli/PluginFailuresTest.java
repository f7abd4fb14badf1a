package org.medcode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plug-in coder that breaks (the test coder missing-class: a library it needs is not on the class path). */
class PluginFailuresTest {
  @TempDir
  Path temp;

  private Path config(String when) throws IOException {
    Path data = temp.resolve("data.jsonl");
    Files.writeString(data, "{\"id\":\"A1\",\"notes\":[{\"type\":\"note\",\"text\":\"fever\"}],\"codes\":[{\"system\":\"icd10cm\",\"code\":\"R50.9\"}]}\n"
        + "{\"id\":\"A2\",\"notes\":[{\"type\":\"note\",\"text\":\"cough\"}],\"codes\":[{\"system\":\"icd10cm\",\"code\":\"R05\"}]}\n");
    Path table = temp.resolve("table.csv");
    Files.writeString(table, "code,description\nR50.9,Fever\nR05,Cough\n");
    Path config = temp.resolve(when + ".yaml");
    Files.writeString(config, "name: plug\ndataset: { spec: \"jsonl:" + data + "\" }\n"
        + "codeSystem: { system: icd10cm, table: \"" + table + "\" }\n"
        + "coders:\n  - { name: missing-class, when: " + when + " }\n"
        + "metrics: { levels: [exact], bootstrap: 0 }\n");
    return config;
  }

  @Test
  void aCoderMissingAClassWhenCreatedStopsTheRunNamingTheClassWithExit2() throws IOException {
    // the NoClassDefFoundError went past the error handler: a stack trace and exit 1, which says "a quality rule failed"
    Path out = temp.resolve("create-run");
    MedcodeCommandTest.Result result = MedcodeCommandTest.run("run", config("create").toString(), "--out", out.toString(),
        "--no-pull");
    assertEquals(2, result.exit(), result.err());
    assertTrue(result.err().contains("error: coder missing-class could not start: class not found:"
        + " org/example/tokenizer/Tokenizer"), result.err());
    assertTrue(result.err().contains("the jars it needs"), result.err());
    assertFalse(Files.exists(out.resolve("missing-class/predictions.jsonl")));
  }

  @Test
  void aCoderMissingAClassWhenItCodesFailsEachAdmissionWithTheClassAndTheRunEndsIncomplete() throws IOException {
    // the NoClassDefFoundError ended the run at its first admission ("an unexpected error"), nothing recorded; it is
    // now each admission's failure, as any coder's failure on an admission, and the run says what to do
    Path out = temp.resolve("code-run");
    MedcodeCommandTest.Result result = MedcodeCommandTest.run("run", config("code").toString(), "--out", out.toString(),
        "--no-pull");
    assertEquals(3, result.exit(), result.err());
    assertFalse(result.err().contains("unexpected error"), result.err());
    assertTrue(result.err().contains("--retry-failed"), result.err());
    var lines = Files.readAllLines(out.resolve("missing-class/predictions.jsonl"));
    assertEquals(2, lines.size(), String.join("\n", lines));
    for (String line : lines) {
      var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
      assertEquals("failed", node.get("status").asText());
      assertEquals("NoClassDefFoundError", node.get("failure").get("kind").asText());
      assertTrue(node.get("failure").get("message").asText().startsWith(
          "class not found: org/example/tokenizer/Tokenizer; put the jars the coder needs beside it"), line);
    }
  }

  @Test
  void anErrorOutsideAnyAdmissionIsAnUnexpectedErrorWithExit3NeverTheExitOfAFailedRule() throws IOException {
    // a JVM error (here a class missing as the run asks the coder whether it may start) went past the error handler:
    // a stack trace and exit 1, which says "a quality rule failed"
    MedcodeCommandTest.Result result = MedcodeCommandTest.run("run", config("refusal").toString(), "--out",
        temp.resolve("refusal-run").toString(), "--no-pull");
    assertEquals(3, result.exit(), result.err());
    assertTrue(result.err().contains("error: java.lang.NoClassDefFoundError: org/example/tokenizer/Tokenizer"),
        result.err());
    assertTrue(result.err().contains("(an unexpected error: rerun with --verbose for the stack trace)"), result.err());
  }
}
