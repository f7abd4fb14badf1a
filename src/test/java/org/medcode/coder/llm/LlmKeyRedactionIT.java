package org.medcode.coder.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeProcess;

/**
 * Issue 16, defect 5, as a user meets it: {@code medcode run} in its own JVM with the key in the environment, against a
 * server whose 400 body echoes the request's {@code Authorization} header. The key is sent (in the header), and no
 * file of the run folder or the data folder, and nothing printed, holds it.
 */
class LlmKeyRedactionIT {
  private static final String KEY = "sk-test-9f8e7d6c5b4a3210SECRETKEY";

  @TempDir
  Path temp;

  @Test
  void aServerEchoingTheKeyPutsItInNoFileAndNoOutput() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> new ChatStub.Reply(400, Map.of(),
        "{\"error\":{\"message\":\"invalid request; headers were Authorization: Bearer " + KEY + ", api-key: " + KEY
            + "\",\"type\":\"invalid_request_error\"}}", 0))) {
      Map<String, String> parameters = new LinkedHashMap<>(LlmRunTest.parameters(stub, Synthetic.prices(temp)));
      parameters.put("apiKeyEnv", "MEDCODE_TEST_KEY");
      parameters.put("maxRetries", "0");
      Path config = temp.resolve("llm.yaml");
      Files.writeString(config, "name: key-echo\n"
          + "dataset: { spec: \"jsonl:" + Synthetic.dataset(temp, 4) + "\" }\n"
          + "codeSystem: { system: icd10cm, table: \"" + Synthetic.table(temp) + "\" }\n"
          + "coders: [ " + Synthetic.yaml(parameters) + " ]\nmetrics: { bootstrap: 0 }\n");
      Path out = temp.resolve("run");
      Process process = MedcodeProcess.start(temp.resolve("data"), Map.of("MEDCODE_TEST_KEY", KEY), List.of(), "run",
          config.toString(), "--out", out.toString(), "--verbose");
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(3, process.waitFor(), "every admission failed: the run is incomplete\n" + output);

      assertTrue(stub.headers().stream().anyMatch(h -> h.toString().contains(KEY)), "the key was sent in a header");
      assertFalse(output.contains(KEY) || output.contains("9f8e7d6c5b4a3210"), output);
      String log = Files.readString(out.resolve("llm/predictions.jsonl"));
      assertTrue(log.contains("Bearer [redacted]"), log);
      assertTrue(log.contains("\"http_4xx\""), log);
      for (Path root : List.of(out, temp.resolve("data"))) {
        try (Stream<Path> files = Files.walk(root)) {
          for (Path file : files.filter(Files::isRegularFile).toList()) {
            String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertFalse(text.contains("9f8e7d6c5b4a3210"), "the key is in " + file);
          }
        }
      }
    }
  }
}
