package org.medcode.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medcode.MedcodeException;
import org.medcode.coder.RunListener;
import org.medcode.coder.llm.ChatStub;
import org.medcode.run.engine.RunOutcome;
import org.medcode.run.workspace.Workspace;

/**
 * Credentialed data, however it is marked, is refused by the harness before any request when a coder — the built-in
 * llm coder or a plug-in — sends it anywhere the run does not allow, or does not say where it sends it. The stub counts
 * requests: every refusal leaves it at zero, while the same coders on public data do reach it.
 */
class CredentialedEgressTest {
  @TempDir
  Path temp;
  private ChatStub stub;
  private Medcode medcode;
  private Path table;

  @BeforeEach
  void setUp() throws Exception {
    stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer("{\"codes\": [\"I10\"]}"));
    medcode = new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false, Clock.systemUTC(),
        RunListener.SILENT));
    table = temp.resolve("table.csv");
    Files.writeString(table, "code,description\nI10,Essential (primary) hypertension\nE119,Type 2 diabetes mellitus\n");
  }

  @AfterEach
  void tearDown() {
    stub.close();
  }

  /** A JSONL dataset of three admissions; with {@code field}, the second carries "credentialed": true. */
  private Path jsonl(boolean field) throws Exception {
    Path file = temp.resolve(field ? "marked.jsonl" : "public.jsonl");
    StringBuilder lines = new StringBuilder();
    for (int i = 1; i <= 3; i++) {
      lines.append("{\"id\":\"A00").append(i).append("\",\"notes\":[{\"text\":\"case A00").append(i)
          .append(": hypertension\"}],\"codes\":[{\"system\":\"icd10cm\",\"code\":\"I10\"}]")
          .append(field && i == 2 ? ",\"credentialed\":true" : "").append("}\n");
    }
    Files.writeString(file, lines);
    return file;
  }

  private Path config(String dataset, String coder, String extra) throws Exception {
    Path config = temp.resolve("run-" + Math.abs((dataset + coder + extra).hashCode()) + ".yaml");
    Files.writeString(config, "name: egress\ndataset: " + dataset + "\ncodeSystem: { system: icd10cm, table: \"" + table
        + "\" }\ncoders: [ " + coder + " ]\nmetrics: { bootstrap: 0 }\n" + extra);
    return config;
  }

  private String llm(String baseUrl) {
    return "{ name: llm, provider: openai-compatible, model: stub, baseUrl: \"" + baseUrl + "\", cache: false, maxRetries: 0 }";
  }

  private MedcodeException refused(Path config) {
    Path out = temp.resolve("out-" + config.getFileName());
    MedcodeException e = assertThrows(MedcodeException.class,
        () -> medcode.run(new RunRequest(config, List.of(), null, List.of(), out)));
    assertEquals(2, e.exitCode(), e.getMessage());
    assertEquals(0, stubRequests(), "nothing may reach the endpoint: " + e.getMessage());
    assertFalse(Files.exists(out.resolve("manifest.json")), "no run was started");
    return e;
  }

  private int stubRequests() {
    return stub.requestCount();
  }

  @ParameterizedTest
  @ValueSource(strings = {"field", "spec", "config", "csv"})
  void everyWayOfMarkingCredentialedDataIsRefusedForANonAllowedEndpoint(String how) throws Exception {
    String dataset = switch (how) {
      case "field" -> "{ spec: \"jsonl:" + jsonl(true) + "\" }";
      case "spec" -> "{ spec: \"jsonl:" + jsonl(false) + "?credentialed=true\" }";
      case "config" -> "{ spec: \"jsonl:" + jsonl(false) + "\", credentialed: true }";
      default -> {
        Path notes = temp.resolve("notes.csv");
        Files.writeString(notes, "admission_id,patient_id,note_type,text,credentialed\nA001,P1,,case A001: hypertension,\n"
            + "A002,P2,,case A002: hypertension,true\n");
        Path codes = temp.resolve("codes.csv");
        Files.writeString(codes, "admission_id,system,code\nA001,icd10cm,I10\nA002,icd10cm,I10\n");
        yield "{ spec: \"csv:" + notes + "," + codes + "\" }";
      }
    };
    String allowed = "allowedEndpoints: [gpu-box.hospital.internal]\n"; // the stub is on 127.0.0.1: not allowed
    MedcodeException llm = refused(config(dataset, llm(stub.baseUrl()), allowed));
    assertTrue(llm.getMessage().contains("holds credentialed patient data"), llm.getMessage());
    assertTrue(llm.getMessage().contains("coder llm: sends admissions to " + stub.baseUrl()), llm.getMessage());
    assertTrue(llm.getMessage().contains("is not on the allowed endpoints (gpu-box.hospital.internal)"), llm.getMessage());
    MedcodeException plugin = refused(config(dataset, "{ name: remote, endpoint: \"" + stub.baseUrl() + "/chat/completions\" }",
        allowed));
    assertTrue(plugin.getMessage().contains("coder remote: sends admissions to " + stub.baseUrl()), plugin.getMessage());
  }

  @Test
  void aCoderThatDeclaresNothingIsRefusedEvenOnLoopback() throws Exception {
    String dataset = "{ spec: \"jsonl:" + jsonl(true) + "\" }";
    MedcodeException undeclared = refused(config(dataset,
        "{ name: remote, declare: false, endpoint: \"" + stub.baseUrl() + "/chat/completions\" }", ""));
    assertTrue(undeclared.getMessage().contains("coder remote: 'remote' does not declare where it sends admissions"),
        undeclared.getMessage());
    MedcodeException scripted = refused(config(dataset, "scripted", ""));
    assertTrue(scripted.getMessage().contains("coder scripted: 'scripted' does not declare"), scripted.getMessage());
    MedcodeException both = refused(config(dataset, "frequency, scripted", ""));
    assertFalse(both.getMessage().contains("coder frequency"), "frequency keeps the data here: " + both.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://user:secret@127.0.0.1:PORT/v1", "http://localhost@127.0.0.1:PORT/v1",
      "http://localhost.:PORT/v1", "http://127.0.0.1.:PORT/v1", "http://127.0.0.1.example.com:PORT/v1",
      "http://127.1:PORT/v1", "http://[::2]:PORT/v1"})
  void bypassFormsOfLoopbackAreRefusedBeforeAnyRequest(String form) throws Exception {
    String url = form.replace("PORT", stub.baseUrl().replaceAll(".*:(\\d+)/v1", "$1"));
    refused(config("{ spec: \"jsonl:" + jsonl(true) + "\" }", llm(url), ""));
    refused(config("{ spec: \"jsonl:" + jsonl(true) + "\" }", "{ name: remote, endpoint: \"" + url + "\" }", ""));
  }

  @Test
  void localCodersAndAllowedEndpointsRunAndPublicDataGoesAnywhere() throws Exception {
    Path marked = jsonl(true);
    Path replay = temp.resolve("replay.tsv");
    Files.writeString(replay, "A001\tI10\nA002\tE11.9\n");
    RunOutcome local = medcode.run(new RunRequest(config("{ spec: \"jsonl:" + marked + "\" }", "{ name: replay, file: \""
        + replay + "\" }", ""), List.of(), null, List.of(), temp.resolve("local")));
    assertTrue(local.complete());
    assertTrue(Files.readString(temp.resolve("local/manifest.json")).contains("\"credentialed\" : true"));
    assertEquals(0, stubRequests());
    // loopback is allowed by default: the llm coder on this machine may see credentialed data
    medcode.run(new RunRequest(config("{ spec: \"jsonl:" + marked + "\" }", llm(stub.baseUrl()), ""), List.of(), null,
        List.of(), temp.resolve("loopback")));
    assertEquals(3, stubRequests());
    // public data may go to any endpoint, declared or not
    medcode.run(new RunRequest(config("{ spec: \"jsonl:" + jsonl(false) + "\" }", llm(stub.baseUrl()) + ", { name: remote,"
        + " declare: false, endpoint: \"" + stub.baseUrl() + "/chat/completions\" }", "allowedEndpoints: [gpu-box]\n"),
        List.of(), null, List.of(), temp.resolve("public")));
    assertEquals(3 + 3 + 3, stubRequests());
  }

  /**
   * The dry run's egress decision is the run's: it takes the run's allowedEndpoints (it judged every coder against
   * loopback alone, so the README's own study command, an endpoint added to allowedEndpoints, was called refused with
   * exit 2, and a loopback coder the run's list left out was called allowed), and it applies the harness's check to
   * plug-ins, which refuses a coder that declares nothing however the coder checks itself.
   */
  @Test
  void aDryRunDecidesEgressAsTheRunDoes() throws Exception {
    String dataset = "{ spec: \"jsonl:" + jsonl(true) + "\" }";
    String remoteHost = "{ name: llm, provider: openai-compatible, model: stub, baseUrl: \"http://gpu-box.hospital.internal:8000/v1\" }";
    org.medcode.run.engine.DryRun allowed = medcode.dryRun(new RunRequest(config(dataset, remoteHost,
        "allowedEndpoints: [gpu-box.hospital.internal]\n"), List.of(), null, List.of(), null));
    assertFalse(allowed.refused(), allowed.coders().toString());
    String egress = allowed.coders().get(0).estimate().egress();
    assertEquals("allowed: http://gpu-box.hospital.internal:8000/v1 is on allowedEndpoints (gpu-box.hospital.internal)"
        + " for this credentialed data", egress);
    // the same host with the default list (loopback): refused, as the run refuses it
    assertTrue(medcode.dryRun(new RunRequest(config(dataset, remoteHost, ""), List.of(), null, List.of(), null)).refused());
    // the stub on this machine while the run allows only another host: refused, as the run refuses it
    org.medcode.run.engine.DryRun loopback = medcode.dryRun(new RunRequest(config(dataset, llm(stub.baseUrl()),
        "allowedEndpoints: [gpu-box.hospital.internal]\n"), List.of(), null, List.of(), null));
    assertTrue(loopback.refused(), loopback.coders().toString());
    assertThrows(MedcodeException.class, () -> medcode.run(new RunRequest(config(dataset, llm(stub.baseUrl()),
        "allowedEndpoints: [gpu-box.hospital.internal]\n"), List.of(), null, List.of(), temp.resolve("refused"))));
    // a plug-in that declares nothing: refused by the harness on the run, so by the dry run
    org.medcode.run.engine.DryRun undeclared = medcode.dryRun(new RunRequest(config(dataset,
        "{ name: remote, declare: false, endpoint: \"" + stub.baseUrl() + "/chat/completions\" }", ""), List.of(), null,
        List.of(), null));
    assertTrue(undeclared.refused(), undeclared.coders().toString());
    assertTrue(undeclared.coders().get(0).refusal().contains("'remote' does not declare where it sends admissions"),
        undeclared.coders().get(0).refusal());
    assertEquals(0, stubRequests());
  }
}
