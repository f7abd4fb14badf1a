package org.medcode.coder.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.coder.RunListener;
import org.medcode.run.Medcode;
import org.medcode.run.RunRequest;
import org.medcode.run.engine.RunOutcome;
import org.medcode.run.workspace.Workspace;

/**
 * A real run of the llm coder over 200 synthetic admissions against the stub, which injects every kind of trouble:
 * each failure lands in its own bucket, no admission is lost, and a second run is answered from the cache (only the
 * admissions whose calls failed at the transport level are asked again: errors are never cached).
 */
class LlmRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int ADMISSIONS = 200;

  @TempDir
  Path temp;

  /** The trouble per admission number (the comments give the expected bucket). */
  static ChatStub.Reply script(String admission, int attempt) {
    int n = Synthetic.number(admission);
    String gold = Synthetic.goldJson(admission);
    return switch (n % 40) {
      case 10 -> ChatStub.status(500, Map.of());                                   // server_error after 3 attempts
      case 11 -> ChatStub.status(429, Map.of("retry-after-ms", "5"));              // rate_limited after 3 attempts
      case 12 -> ChatStub.answer(gold).delayed(3000);                              // timeout after 3 attempts
      case 13 -> ChatStub.status(400, Map.of());                                   // http_4xx, not retried
      case 27 -> ChatStub.answer("I'm sorry, but I can't help with that request."); // refusal (text)
      default -> switch (n % 20) {
        case 1 -> attempt == 1 ? ChatStub.status(429, Map.of("retry-after-ms", "20")) : ChatStub.answer(gold); // ok
        case 2 -> attempt == 1 ? ChatStub.status(503, Map.of()) : ChatStub.answer(gold);                       // ok
        case 3 -> attempt == 1 ? ChatStub.answer(gold).delayed(3000) : ChatStub.answer(gold);                 // ok
        case 4 -> ChatStub.answer("Here are the codes:\n```json\n" + gold + "\n```\nLet me know if you need more."); // ok
        case 5 -> ChatStub.answer("{\"codes\": [\"I10\", \"E11");                    // unparseable
        case 6 -> ChatStub.answer("{\"codes\": [\"Z99.999\", \"I10\", \"hypertension\"]}"); // ok, invalid codes kept
        case 7 -> ChatStub.refusal("I can't assist with that.");                    // refusal (OpenAI field)
        case 8 -> ChatStub.answer("");                                              // ok, empty
        case 9 -> ChatStub.answer("1. I10 - Essential hypertension\n2. E11.9");     // ok, plain list
        default -> ChatStub.answer(gold);                                           // ok
      };
    };
  }

  static Map<String, String> parameters(ChatStub stub, Path prices) {
    return parameters(stub.baseUrl(), prices);
  }

  /** The llm coder's parameters for a stub at {@code baseUrl}, priced by {@code prices}. */
  static Map<String, String> parameters(String baseUrl, Path prices) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("provider", "openai-compatible");
    p.put("baseUrl", baseUrl);
    p.put("model", "stub-model");
    p.put("timeout", "1");
    p.put("backoff", "0.01");
    p.put("maxRetries", "2");
    p.put("maxInFlight", "16");
    p.put("deadline", "20");
    p.put("prices", prices.toString());
    return p;
  }

  @Test
  void everyFailureInItsBucketNothingLostAndTheRerunComesFromTheCache() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> script(admission, attempt))) {
      Path config = temp.resolve("llm.yaml");
      Files.writeString(config, "name: llm-stub\n"
          + "dataset: { spec: \"jsonl:" + Synthetic.dataset(temp, ADMISSIONS) + "\" }\n"
          + "codeSystem: { system: icd10cm, table: \"" + Synthetic.table(temp) + "\" }\n"
          + "coders: [ " + Synthetic.yaml(parameters(stub, Synthetic.prices(temp))) + " ]\n"
          + "metrics: { bootstrap: 0 }\n");
      Medcode medcode = new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false, Clock.systemUTC(), RunListener.SILENT));
      PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

      RunOutcome first = medcode.run(new RunRequest(config, List.of(), null, List.of(), temp.resolve("run1")));
      List<String> lines = Files.readAllLines(temp.resolve("run1/llm/predictions.jsonl"));
      assertEquals(ADMISSIONS, lines.size());
      JsonNode coder = JSON.readTree(temp.resolve("run1/manifest.json").toFile()).get("coders").get("llm");
      // per 40 admissions: 1 each of server_error, rate_limited, timeout, http_4xx;
      // unparseable 2 (n%20==5); refusal 2 (n%20==7: one by OpenAI's refusal field, n%40==27 in plain text)
      Map<String, JsonNode> byId = byAdmission(lines);
      assertEquals("refusal", byId.get("A007").get("failure").get("kind").asText(), byId.get("A007").toString());
      Map<String, Integer> expected = new TreeMap<>(Map.of("server_error", 5, "rate_limited", 5, "timeout", 5, "http_4xx", 5,
          "refusal", 10, "unparseable", 10));
      Map<String, Integer> kinds = new TreeMap<>();
      coder.get("failures_by_kind").properties().forEach(e -> kinds.put(e.getKey(), e.getValue().asInt()));
      assertEquals(expected, kinds);
      assertEquals(40, coder.get("failed").asInt());
      assertEquals(160, coder.get("answered").asInt());
      assertEquals(10, coder.get("empty").asInt()); // n%20==8
      assertTrue(first.complete());
      assertTrue(stub.requests() >= 200 + 10 + 10 + 10 + 5 * 2 * 3, "requests: " + stub.requests());
      assertEquals("openai-compatible", coder.get("parameters").get("provider").asText());

      JsonNode invalid = byId.get("A006");
      assertEquals("ok", invalid.get("status").asText());
      assertEquals("[\"Z99999\",\"I10\",\"HYPERTENSION\"]", codes(invalid));
      assertEquals("[\"I10\",\"E119\"]", codes(byId.get("A009")));
      assertEquals("[\"N390\"]", codes(byId.get("A004"))); // prose and a code fence around the JSON
      assertEquals("the model answered nothing", byId.get("A008").get("annotations").get("empty_answer").asText());
      JsonNode retried = byId.get("A001");
      assertEquals(2, retried.get("usage").get("calls").asInt());
      assertEquals((100 * 1.0 + 20 * 2.0) / 1e6, retried.get("usage").get("cost").asDouble(), 1e-15);
      assertEquals("fits", retried.get("annotations").get("context").asText());
      assertEquals(64, retried.get("annotations").get("prompt_sha256").asText().length());
      JsonNode truncated = byId.get("A005");
      assertEquals("unparseable", truncated.get("failure").get("kind").asText());
      assertEquals(1, truncated.get("usage").get("calls").asInt()); // a paid answer, even though useless
      assertEquals(3, byId.get("A010").get("usage").get("calls").asInt());

      // the rerun: everything the model answered comes from the cache; transport errors were not cached
      stub.reset((admission, attempt, prompt) -> script(admission, attempt));
      medcode.run(new RunRequest(config, List.of(), null, List.of(), temp.resolve("run2")));
      List<String> again = Files.readAllLines(temp.resolve("run2/llm/predictions.jsonl"));
      assertEquals(ADMISSIONS, again.size());
      Set<String> asked = new TreeSet<>(stub.requestsByAdmission().keySet());
      Set<String> transportFailures = new TreeSet<>();
      for (int n = 0; n < ADMISSIONS; n++) {
        if (n % 40 >= 10 && n % 40 <= 13) {
          transportFailures.add(Synthetic.id(n));
        }
      }
      assertEquals(transportFailures, asked);
      Map<String, JsonNode> rerun = byAdmission(again);
      for (var entry : byId.entrySet()) {
        JsonNode before = entry.getValue();
        JsonNode after = rerun.get(entry.getKey());
        assertEquals(codes(before), codes(after), entry.getKey());
        assertEquals(before.path("failure").path("kind").asText(), after.path("failure").path("kind").asText());
        if (!transportFailures.contains(entry.getKey())) {
          assertTrue(after.get("usage").get("cached").asBoolean(), entry.getKey());
          assertEquals(0.0, after.get("usage").get("cost").asDouble());
          assertEquals(0, after.get("usage").get("calls").asInt());
        }
      }
      JsonNode manifest2 = JSON.readTree(temp.resolve("run2/manifest.json").toFile()).get("coders").get("llm");
      assertEquals(kinds.toString(), toMap(manifest2.get("failures_by_kind")).toString());
    }
  }

  private static Map<String, Integer> toMap(JsonNode node) {
    Map<String, Integer> map = new TreeMap<>();
    node.properties().forEach(e -> map.put(e.getKey(), e.getValue().asInt()));
    return map;
  }

  static Map<String, JsonNode> byAdmission(List<String> lines) throws Exception {
    Map<String, JsonNode> map = new TreeMap<>();
    for (String line : lines) {
      JsonNode node = JSON.readTree(line);
      map.put(node.get("admission_id").asText(), node);
    }
    return map;
  }

  private static String codes(JsonNode line) {
    StringBuilder text = new StringBuilder("[");
    for (JsonNode code : line.get("codes")) {
      text.append(text.length() == 1 ? "" : ",").append('"').append(code.get("code").asText()).append('"');
    }
    return text.append(']').toString();
  }
}
