package org.medcode.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.TinyData;
import org.medcode.coder.RunListener;
import org.medcode.run.workspace.Workspace;

/**
 * The replay coder given a run's own predictions.jsonl replayed a failed line as an answer without codes: the new run
 * counted it answered (empty) where the old one had failed. It is now replayed as that failure, of its kind.
 */
class ReplayRunLogTest {
  @TempDir
  Path temp;

  @Test
  void aFailedLineOfARunLogIsReplayedAsAFailure() throws Exception {
    Files.writeString(temp.resolve("predictions.jsonl"), "{\"admission_id\":\"A1\",\"status\":\"ok\",\"codes\":[{\"code\":"
        + "\"I10\"}],\"millis\":1}\n{\"admission_id\":\"A2\",\"status\":\"failed\",\"codes\":[],\"failure\":{\"kind\":"
        + "\"server_error\",\"message\":\"HTTP 503\"},\"millis\":3}\n");
    Path config = TinyData.write(temp, new String[][] {{"I10"}, {"E11.9"}}, 1, i -> "x",
        "[ { name: replay, file: \"" + temp.resolve("predictions.jsonl") + "\" } ]", 0);
    Medcode medcode = new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
        Clock.systemUTC(), RunListener.SILENT));
    medcode.run(new RunRequest(config, List.of(), null, List.of(), temp.resolve("run")));
    List<String> log = Files.readAllLines(temp.resolve("run/replay/predictions.jsonl"));
    JsonNode a2 = log.stream().map(line -> {
      try {
        return new ObjectMapper().readTree(line);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).filter(n -> n.get("admission_id").asText().equals("A2")).findFirst().orElseThrow();
    assertEquals("failed", a2.get("status").asText(), a2.toString());
    assertEquals("server_error", a2.get("failure").get("kind").asText(), a2.toString());
    assertTrue(Files.readString(temp.resolve("run/replay/per_admission.csv")).contains("\nA2,A2,failed,exact,"));
  }
}
