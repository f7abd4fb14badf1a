package org.medcode.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medcode.codesystem.Granularity;
import org.medcode.eval.Averaging;
import org.medcode.eval.Estimate;
import org.medcode.eval.Metric;
import org.medcode.eval.InvalidPolicy;
import org.medcode.eval.MetricKey;
import org.medcode.eval.PairedComparison;
import org.medcode.eval.Population;
import org.medcode.gate.CoderVerdict;
import org.medcode.gate.Completeness;
import org.medcode.gate.Gate;
import org.medcode.gate.GateRule;
import org.medcode.gate.GateVerdict;
import org.medcode.gate.RuleResult;
import org.medcode.gate.Scores;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The verdict files: {@code junit.xml} validates against the Jenkins and the Apache Ant JUnit schemas in every case
 * (pass, fail, incomplete run, text that needs escaping) and says what failed; {@code gate.json} and {@code gate.md}
 * carry the same verdict.
 */
class GateReportsTest {
  private static final Instant CREATED = Instant.parse("2026-11-27T15:00:00Z");
  private static final Scores RUN = new Scores("run", Map.of("exact.micro.recall", new Estimate(0.38, 0.35, 0.41),
      "invalid_rate", Estimate.point(0.0)), 0.95);
  private static final Scores BASE = new Scores("base", Map.of("exact.micro.recall", new Estimate(0.45, 0.42, 0.48),
      "invalid_rate", Estimate.point(0.0)), 0.95);

  @TempDir
  Path temp;

  private static List<RuleResult> judge(String... rules) {
    return Gate.judge(java.util.Arrays.stream(rules).map(GateRule::parse).toList(), RUN, BASE,
        Map.of("exact.micro.recall", new Estimate(-0.07, -0.09, -0.05)), Map.of("exact.micro.recall", 0.0004),
        "paired bootstrap <&> \"quoted\"");
  }

  private static PairedComparison comparison() {
    return new PairedComparison("base", "run", 3, 100, 100, 1, 0.95,
        List.of(new PairedComparison.Difference(new MetricKey(Granularity.EXACT, Averaging.MICRO, Metric.RECALL), 0.45,
            0.38, -0.07, -0.09, -0.05, 0.01)),
        List.of(new PairedComparison.AdmissionChange("A<1>", 1.0, 0.5, List.of(), List.of("I10")),
            new PairedComparison.AdmissionChange("A2", 0.5, 1.0, List.of("E119"), List.of())),
        List.of(new PairedComparison.CodeChange("I10", 0, 4), new PairedComparison.CodeChange("E119", 1, 0)),
        List.of("note"), InvalidPolicy.COUNT, Population.ALL);
  }

  static GateVerdict passing() {
    return new GateVerdict("results/run", null, List.of(new CoderVerdict("rules",
        Completeness.of(3, 3, 0, 0.01, "complete"), judge("exact.micro.recall >= 0.30", "invalid_rate <= 0.02"), null,
        InvalidPolicy.COUNT, Population.ALL)),
        List.of());
  }

  static GateVerdict failing() {
    return new GateVerdict("results/run ü", "baselines/rules.json", List.of(new CoderVerdict("rules & co",
        Completeness.of(3, 3, 0, 0.01, "complete"),
        judge("exact.micro.recall.delta >= -0.01 interval", "exact.micro.recall >= 0.30"), comparison(),
        InvalidPolicy.DROP, Population.WITH_GOLD)),
        List.of("a note with <angle> brackets"));
  }

  static GateVerdict incomplete() {
    return new GateVerdict("results/run", null, List.of(new CoderVerdict("llm",
        Completeness.of(10, 6, 3, 0.01, "incomplete"), judge("exact.micro.recall >= 0.30"), null, InvalidPolicy.COUNT,
        Population.ALL),
        new CoderVerdict("gone", new Completeness(10, 0, 0, 10, 0.01, "not run", List.of("coder 'gone' did not run")),
            List.of(), null, null, null)), List.of());
  }

  private static String junit(GateVerdict verdict) throws IOException {
    StringWriter out = new StringWriter();
    GateReports.junit(verdict, null, CREATED, out);
    return out.toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {"jenkins-junit.xsd", "JUnit.xsd"})
  void junitXmlValidatesAgainstTheCommonSchemas(String schema) throws Exception {
    SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    try (InputStream xsd = getClass().getResourceAsStream("/junit-schemas/" + schema)) {
      javax.xml.validation.Validator validator = factory.newSchema(new StreamSource(xsd)).newValidator();
      for (GateVerdict verdict : List.of(passing(), failing(), incomplete())) {
        validator.validate(new StreamSource(new StringReader(junit(verdict))));
      }
      // the schemas have teeth: a test case without its name is rejected
      String broken = junit(failing()).replace("<testcase name=\"run complete\"", "<testcase");
      assertThrows(org.xml.sax.SAXException.class, () -> validator.validate(new StreamSource(new StringReader(broken))));
    }
  }

  /**
   * A folder whose name holds a control character (a terminal colour's escape, U+0001) was written into junit.xml as
   * it was, which no XML parser reads: CI servers refused the whole file. It becomes U+FFFD; the rest is kept.
   */
  @Test
  void junitXmlOfPathsWithControlCharactersIsWellFormed() throws Exception {
    String run = "results/run\u001b[31m\u0001 <&\"é";
    GateVerdict verdict = new GateVerdict(run, "base\u0002.json", List.of(new CoderVerdict("rules",
        new Completeness(3, 1, 0, 2, 0.01, "not run", List.of("coder 'rules' did not run in " + run)),
        List.of(), null, null, null)), List.of("the baseline base\u0002.json is coder 'x'"));
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new org.xml.sax.InputSource(new StringReader(junit(verdict))));
    Element property = (Element) doc.getElementsByTagName("property").item(0);
    assertEquals("results/run\ufffd[31m\ufffd <&\"é", property.getAttribute("value"));
    assertEquals("coder 'rules' did not run in results/run\ufffd[31m\ufffd <&\"é",
        doc.getElementsByTagName("error").item(0).getTextContent());
    assertEquals("the baseline base\ufffd.json is coder 'x'", doc.getElementsByTagName("system-err").item(0)
        .getTextContent());
  }

  @Test
  void junitXmlHasATestCasePerRuleAndSaysWhatFailed() throws Exception {
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new org.xml.sax.InputSource(new StringReader(junit(failing()))));
    Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
    assertEquals("medcode gate: rules & co", suite.getAttribute("name"));
    assertEquals("3", suite.getAttribute("tests"), "run complete + two rules");
    assertEquals("1", suite.getAttribute("failures"));
    assertEquals("0", suite.getAttribute("errors"));
    NodeList cases = doc.getElementsByTagName("testcase");
    assertEquals("run complete", ((Element) cases.item(0)).getAttribute("name"));
    assertEquals("exact.micro.recall.delta >= -0.01 interval", ((Element) cases.item(1)).getAttribute("name"));
    Element failure = (Element) ((Element) cases.item(1)).getElementsByTagName("failure").item(0);
    assertEquals("quality-gate", failure.getAttribute("type"));
    assertTrue(failure.getTextContent().contains("regressed codes:\nI10: lost in 4 admissions"), failure.getTextContent());
    assertEquals(0, ((Element) cases.item(2)).getElementsByTagName("failure").getLength());

    Document stopped = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new org.xml.sax.InputSource(new StringReader(junit(incomplete()))));
    Element error = (Element) stopped.getElementsByTagName("error").item(0);
    assertEquals("incomplete-run", error.getAttribute("type"));
    assertTrue(error.getAttribute("message").contains("1 of 10 admissions was never coded"), error.getAttribute("message"));
    assertTrue(error.getAttribute("message").contains("3 of 10 admissions failed (30.00%)"), error.getAttribute("message"));
    assertEquals(2, stopped.getElementsByTagName("testsuite").getLength());
  }

  @Test
  void gateJsonAndMarkdownCarryTheVerdict() throws IOException {
    GateReports.write(failing(), null, temp, CREATED, "1.2.3");
    for (String file : GateReports.FILES) {
      assertTrue(Files.exists(temp.resolve(file)), file);
    }
    JsonNode json = new ObjectMapper().readTree(temp.resolve("gate.json").toFile());
    assertEquals("fail", json.get("verdict").asText());
    assertEquals(1, json.get("exit_code").asInt());
    assertEquals("1.2.3", json.get("tool").get("version").asText());
    JsonNode coder = json.get("coders").get(0);
    assertFalse(coder.get("passed").asBoolean());
    JsonNode rule = coder.get("rules").get(0);
    assertEquals("exact.micro.recall", rule.get("metric").asText());
    assertTrue(rule.get("delta").asBoolean());
    assertEquals("interval", rule.get("mode").asText());
    assertEquals(-0.05, rule.get("ci_high").asDouble());
    assertEquals(0.45, rule.get("baseline").asDouble());
    assertEquals("I10", coder.get("regressed_codes").get(0).get("code").asText());
    assertEquals(4, coder.get("regressed_codes").get(0).get("lost").asInt());
    assertEquals(1, coder.get("regressed_codes_total").asInt(), "E119 was gained, not lost");
    assertEquals("A<1>", coder.get("regressed_admissions").get(0).get("admission_id").asText());
    assertEquals(1, coder.get("improved_admissions_total").asInt());
    String markdown = Files.readString(temp.resolve("gate.md"));
    assertTrue(markdown.startsWith("## medcode gate: failed (1 of 2 rules)"), markdown);
    assertTrue(markdown.contains("| ❌ | `exact.micro.recall.delta >= -0.01 interval` |"), markdown);
    assertTrue(markdown.contains("- `I10`"), markdown);
  }

  /**
   * Before: gate.md, gate.json, junit.xml and the console judged 'exact.micro.recall >= 0.30' without saying the
   * invalid-code policy or population the recall was scored with, though a threshold means another thing under the
   * CodiEsp scorer's setting (drop, with-gold) than under the default one.
   */
  @Test
  void everyGateOutputNamesThePolicyAndPopulationItsNumbersWereScoredWith() throws IOException {
    GateReports.write(failing(), null, temp, CREATED, "1.2.3");
    String scored = "invalid codes: dropped unless equal to a gold code (policy drop); population with-gold";
    assertTrue(Files.readString(temp.resolve("gate.md")).contains("Scored with " + scored + "."), "gate.md");
    JsonNode coder = new ObjectMapper().readTree(temp.resolve("gate.json").toFile()).path("coders").path(0);
    assertEquals("drop", coder.path("invalid_policy").asText());
    assertEquals("with-gold", coder.path("population").asText());
    String junit = Files.readString(temp.resolve("junit.xml"));
    assertTrue(junit.contains("<property name=\"invalid_policy\" value=\"drop\"")
        && junit.contains("<property name=\"population\" value=\"with-gold\""), junit);
    StringWriter console = new StringWriter();
    GateReports.print(failing(), null, temp, new java.io.PrintWriter(console));
    assertTrue(console.toString().contains("  scored " + scored + "\n"), console.toString());
    // a coder that never ran has no numbers, so nothing to name
    GateReports.write(incomplete(), null, temp, CREATED, "1.2.3");
    assertTrue(new ObjectMapper().readTree(temp.resolve("gate.json").toFile()).path("coders").path(1)
        .path("invalid_policy").isNull());
  }

  /** A coder id or note with Markdown in it (emphasis, an entity) is shown in gate.md as written, as table's is. */
  @Test
  void gateMarkdownShowsCoderIdsAndNotesAsWritten() throws IOException {
    GateVerdict verdict = new GateVerdict("results/run", null, List.of(new CoderVerdict("my_coder_v2*",
        Completeness.of(3, 3, 0, 0.01, "complete"), judge("exact.micro.recall >= 0.30"), null, InvalidPolicy.COUNT,
        Population.ALL)), List.of("thresholds from a &amp; b"));
    GateReports.write(verdict, null, temp, CREATED, "1.2.3");
    String markdown = Files.readString(temp.resolve("gate.md"));
    assertTrue(markdown.contains("### my\\_coder\\_v2\\*"), markdown);
    assertTrue(markdown.contains("> thresholds from a &amp;amp; b"), markdown);
  }

  /**
   * Before: gate.md's 'judged on' column said "this run's 95% bootstrap interval" for 'exact.micro.recall >= 0.30', a
   * point rule the point value decides ('the point value satisfies'), and the paired interval for a point '.delta'
   * rule: the column named the interval shown, not what the rule was judged on.
   */
  @Test
  void gateMarkdownSaysAPointRuleIsJudgedOnThePointValue() throws IOException {
    GateVerdict verdict = new GateVerdict("results/run", "base", List.of(new CoderVerdict("rules",
        Completeness.of(3, 3, 0, 0.01, "complete"), judge("exact.micro.recall >= 0.30",
            "exact.micro.recall.delta >= -0.10", "exact.micro.recall.delta >= -0.10 interval"), null,
        InvalidPolicy.COUNT, Population.ALL)), List.of());
    GateReports.write(verdict, null, temp, CREATED, "1.2.3");
    List<String> rows = Files.readString(temp.resolve("gate.md")).lines().filter(l -> l.contains("| `exact")).toList();
    assertEquals(3, rows.size(), rows.toString());
    assertTrue(rows.get(0).endsWith("| point value (interval shown: this run's 95% bootstrap interval) |"), rows.get(0));
    String paired = "paired bootstrap \\<&amp;> \"quoted\"; two-sided p \\< 0.001";
    assertTrue(rows.get(1).endsWith("| point value (interval shown: " + paired + ") |"), rows.get(1));
    assertTrue(rows.get(2).endsWith("| " + paired + " |"), rows.get(2));
  }

  /** A rule in a code span reads as written: a code span shows entities literally, so {@code <=} is not escaped. */
  @Test
  void gateMarkdownShowsRulesAsWritten() {
    String line = "| ✅ | `" + GateReports.codeSpan("invalid_rate <= 0.02") + "` |";
    assertEquals("| ✅ | `invalid_rate <= 0.02` |", line);
    assertEquals("a \\| b", GateReports.codeSpan("a | b"));
  }

  @Test
  void consoleEndsWithTheVerdictLine() {
    StringWriter text = new StringWriter();
    GateReports.print(incomplete(), null, Path.of("out"), new java.io.PrintWriter(text));
    String[] lines = text.toString().split("\n");
    assertEquals("gate: verdict=incomplete exit=3 rules=1 passed=1 failed=0 incomplete=2 coders=llm,gone out=out",
        lines[lines.length - 1]);
    assertTrue(text.toString().contains("INCOMPLETE"), text.toString());
  }
  @Test
  void consoleSaysGateJsonListsTheFirstFiftyRegressedCodesNotAll() throws IOException {
    List<PairedComparison.CodeChange> lost = java.util.stream.IntStream.range(0, 60)
        .mapToObj(i -> new PairedComparison.CodeChange("R" + (10 + i), 0, 60 - i)).toList();
    PairedComparison comparison = new PairedComparison("base", "run", 3, 100, 100, 1, 0.95, List.of(), List.of(), lost,
        List.of(), InvalidPolicy.COUNT, Population.ALL);
    GateVerdict verdict = new GateVerdict("results/run", "base.json", List.of(new CoderVerdict("rules",
        Completeness.of(3, 3, 0, 0.01, "complete"), judge("exact.micro.recall >= 0.40"), comparison,
        InvalidPolicy.COUNT, Population.ALL)), List.of());
    StringWriter text = new StringWriter();
    GateReports.print(verdict, null, Path.of("out"), new java.io.PrintWriter(text));
    // it said "… (60 in gate.json)", where gate.json lists 50 of them
    assertTrue(text.toString().contains(", … (60 in all; gate.json lists the first 50)"), text.toString());
    Path folder = temp.resolve("gate");
    GateReports.write(verdict, null, folder, CREATED, "1.2.3");
    JsonNode json = new ObjectMapper().readTree(folder.resolve("gate.json").toFile()).path("coders").get(0);
    assertEquals(50, json.path("regressed_codes").size());
    assertEquals(60, json.path("regressed_codes_total").asInt());
    // gate.md and junit.xml showed the first 10 as if they were all
    String more = "… and 50 more regressed codes (60 in all; gate.json lists the first 50)";
    assertTrue(Files.readString(folder.resolve("gate.md")).contains("- " + more + "\n"), "gate.md");
    assertTrue(Files.readString(folder.resolve("junit.xml")).contains(more), "junit.xml");
  }
}
