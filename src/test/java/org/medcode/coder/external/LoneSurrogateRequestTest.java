package org.medcode.coder.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medcode.codesystem.CodeEntry;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeSystems;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.dataset.Note;

/**
 * A note holding a lone UTF-16 surrogate (valid in a dataset's JSON as {@code \ud800}) reached an exec worker as
 * {@code ?}: the request line was encoded to UTF-8, which has no form for it. The protocol is JSON Lines in UTF-8, so
 * the harness now writes such a character as its JSON escape, which the worker's parser reads back as sent.
 */
class LoneSurrogateRequestTest {
  private static final CodeTable TABLE = CodeTable.of(CodeSystems.syntax(CodeSystemId.ICD10CM), "test",
      Map.of("I10", new CodeEntry("I10", true, "", "Hypertension")));
  private static final String TEXT = "a\ud800b \udc00 \ud83d\ude00 é end\ud800";

  private static Admission admission() {
    return new Admission("A1", "P1", List.of(new Note("note", TEXT)), List.of(), Map.of());
  }

  @Test
  void theRequestCarriesTheTextAsItIsOverUtf8() throws Exception {
    String line = Protocol.request(admission(), TABLE);
    String sent = new String(line.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    assertEquals(TEXT, Protocol.JSON.readTree(sent).get("notes").get(0).get("text").asText());
    assertTrue(line.contains("a\\ud800b \\udc00 \ud83d\ude00 é end\\ud800"), line); // a pair and é stay as they are
  }

  @Test
  void aPythonWorkerReadsTheTextAsSent() throws Exception {
    WorkerTest.needPython();
    List<String> echo = List.of("python3", "-c", String.join("\n",
        "import sys, json",
        "sys.stdin.readline()",
        "print(json.dumps({'hello': 'medcode-coder/v1', 'model': {'name': 't', 'version': '1'}}), flush=True)",
        "for line in sys.stdin:",
        "    m = json.loads(line)",
        "    t = m['notes'][0]['text']",
        "    print(json.dumps({'id': m['id'], 'codes': [{'code': 'I10', 'rationale': t + ' ' + str(len(t))}]}), flush=True)"));
    Worker worker = Worker.start(1, echo, null, Protocol.hello(TABLE), Duration.ofSeconds(20), new CoderLog(),
        WorkerGuard.NONE);
    try {
      String answer = worker.ask(Protocol.request(admission(), TABLE), "A1", Duration.ofSeconds(20));
      // python counts code points: the pair is one, each lone surrogate one
      int points = TEXT.codePointCount(0, TEXT.length());
      assertEquals(TEXT + " " + points, Protocol.JSON.readTree(answer).get("codes").get(0).get("rationale").asText());
    } finally {
      worker.stop();
    }
  }
}
