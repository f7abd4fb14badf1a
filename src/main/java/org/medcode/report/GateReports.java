package org.medcode.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.medcode.Launcher;
import org.medcode.Plural;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.Granularity;
import org.medcode.eval.PairedComparison;
import org.medcode.gate.CoderVerdict;
import org.medcode.gate.Completeness;
import org.medcode.gate.GateMode;
import org.medcode.gate.GateVerdict;
import org.medcode.gate.RuleResult;

/**
 * Writers of a gate verdict: {@code gate.json} (everything, machine-readable), {@code junit.xml} (one test suite per
 * coder, one test case per rule plus one for the run's completeness; valid against both the Jenkins JUnit schema and
 * Apache Ant's), {@code gate.md} (for a pull-request comment or a CI job summary) and the console table, whose last
 * line is the one-line verdict. The files name the launcher as the README does, whatever folder the gate ran from; the
 * console names it as the working directory reaches it ({@link Launcher#runnable}).
 */
public final class GateReports {
  /** The files written, in order. */
  public static final List<String> FILES = List.of("gate.json", "junit.xml", "gate.md");
  static final int SCHEMA_VERSION = 1;
  private static final int SHOWN = 10;
  private static final int LISTED = 50;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final DateTimeFormatter JUNIT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private GateReports() {}

  public static void write(GateVerdict verdict, CodeTable table, Path folder, Instant created, String toolVersion) {
    try {
      Files.createDirectories(folder);
      ReportFiles.write(folder, "gate.json", out -> JSON.writeValue(out, json(verdict, table, created, toolVersion)));
      ReportFiles.write(folder, "junit.xml", out -> junit(verdict, table, created, out));
      ReportFiles.write(folder, "gate.md", out -> markdown(verdict, table, out));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the gate verdict to " + folder + " (" + e.getMessage() + "); write it"
          + " elsewhere with --out DIR", e);
    }
  }

  /** The console: per coder its completeness, each rule and the codes that regressed; the verdict line last. */
  public static void print(GateVerdict verdict, CodeTable table, Path folder, PrintWriter out) {
    for (CoderVerdict coder : verdict.coders()) {
      out.printf(Locale.ROOT, "%s  %s%n", coder.coder(), coder.passed() ? "passed"
          : coder.completeness().complete() ? "FAILED" : "INCOMPLETE");
      Completeness c = coder.completeness();
      out.printf(Locale.ROOT, "  %-6s run complete: %s, %d answered, %d failed, %d never coded%s%n",
          c.complete() ? "pass" : "ERROR", Plural.of(c.admissions(), "admission"), c.answered(), c.failed(), c.missing(),
          c.complete() ? "" : " — " + Launcher.runnable(String.join("; ", c.problems())));
      if (coder.invalidPolicy() != null && coder.population() != null) {
        out.printf(Locale.ROOT, "  scored %s%n", ConsoleSummary.scoredWith(coder.invalidPolicy(), coder.population()));
      }
      for (RuleResult rule : coder.rules()) {
        out.printf(Locale.ROOT, "  %-6s %s%n         %s (%s)%n", rule.passed() ? "pass" : "FAIL", rule.rule().text(),
            rule.explanation(), rule.basisWithP());
      }
      List<PairedComparison.CodeChange> codes = coder.regressedCodes();
      if (!codes.isEmpty()) {
        out.printf(Locale.ROOT, "  regressed codes (found by the baseline, no longer): %s%n",
            String.join(", ", codes.subList(0, Math.min(SHOWN, codes.size())).stream()
                .map(x -> display(table, x.code()) + " −" + x.lost() + (x.gained() > 0 ? "/+" + x.gained() : ""))
                .toList()) + (codes.size() > LISTED ? ", … (" + codes.size() + " in all; gate.json lists the first "
                    + LISTED + ")"
                    : codes.size() > SHOWN ? ", … (" + codes.size() + " in gate.json)" : ""));
      }
      if (coder.comparison() != null) {
        out.printf(Locale.ROOT, "  admissions: %d regressed, %d improved (exact F1, vs the baseline)%n",
            coder.regressedAdmissions().size(),
            coder.comparison().changedAdmissions().stream().filter(PairedComparison.AdmissionChange::improved).count());
      }
    }
    verdict.notes().forEach(note -> out.println("note: " + Launcher.runnable(note)));
    out.println(verdict.line(folder.toString()));
    out.flush();
  }

  static ObjectNode json(GateVerdict verdict, CodeTable table, Instant created, String toolVersion) {
    ObjectNode root = JSON.createObjectNode();
    root.put("schema", SCHEMA_VERSION);
    root.putObject("tool").put("name", "medcode-bench").put("version", toolVersion);
    root.put("created", created.toString());
    root.put("verdict", verdict.status());
    root.put("exit_code", verdict.exitCode());
    root.put("run", verdict.run());
    if (verdict.baseline() == null) {
      root.putNull("baseline");
    } else {
      root.put("baseline", verdict.baseline());
    }
    root.put("rules", verdict.rules());
    root.put("failed_rules", verdict.failedRules());
    ArrayNode notes = root.putArray("notes");
    verdict.notes().forEach(notes::add);
    ArrayNode coders = root.putArray("coders");
    for (CoderVerdict coder : verdict.coders()) {
      ObjectNode node = coders.addObject();
      node.put("coder", coder.coder());
      node.put("passed", coder.passed());
      if (coder.invalidPolicy() == null) {
        node.putNull("invalid_policy");
      } else {
        node.put("invalid_policy", coder.invalidPolicy().label());
      }
      if (coder.population() == null) {
        node.putNull("population");
      } else {
        node.put("population", coder.population().label());
      }
      Completeness c = coder.completeness();
      ObjectNode completeness = node.putObject("completeness");
      completeness.put("complete", c.complete()).put("status", c.status()).put("admissions", c.admissions())
          .put("answered", c.answered()).put("failed", c.failed()).put("never_coded", c.missing())
          .put("failure_rate", c.failureRate()).put("max_failure_rate", c.maxFailureRate());
      ArrayNode problems = completeness.putArray("problems");
      c.problems().forEach(problems::add);
      ArrayNode rules = node.putArray("rules");
      for (RuleResult r : coder.rules()) {
        ObjectNode rule = rules.addObject();
        rule.put("rule", r.rule().text());
        rule.put("metric", r.rule().metric());
        rule.put("delta", r.rule().delta());
        rule.put("operator", r.rule().operator().symbol());
        rule.put("threshold", r.rule().threshold());
        rule.put("mode", r.rule().mode().label());
        rule.put("passed", r.passed());
        MetricsJson.number(rule, "value", r.value());
        MetricsJson.number(rule, "ci_low", r.ciLow());
        MetricsJson.number(rule, "ci_high", r.ciHigh());
        MetricsJson.number(rule, "baseline", r.baseline());
        MetricsJson.number(rule, "p_value", r.pValue());
        rule.put("basis", r.basis());
        rule.put("explanation", r.explanation());
      }
      if (coder.comparison() != null) {
        List<PairedComparison.CodeChange> codes = coder.regressedCodes();
        ArrayNode regressed = node.putArray("regressed_codes");
        for (PairedComparison.CodeChange x : codes.subList(0, Math.min(LISTED, codes.size()))) {
          regressed.addObject().put("code", display(table, x.code())).put("title", title(table, x.code()))
              .put("lost", x.lost()).put("gained", x.gained());
        }
        node.put("regressed_codes_total", codes.size());
        List<PairedComparison.AdmissionChange> admissions = coder.regressedAdmissions();
        ArrayNode worse = node.putArray("regressed_admissions");
        for (PairedComparison.AdmissionChange a : admissions.subList(0, Math.min(LISTED, admissions.size()))) {
          ObjectNode admission = worse.addObject().put("admission_id", a.admissionId()).put("f1_baseline", a.f1A())
              .put("f1", a.f1B());
          ArrayNode lost = admission.putArray("lost");
          a.lost().forEach(code -> lost.add(display(table, code)));
          ArrayNode gained = admission.putArray("gained");
          a.gained().forEach(code -> gained.add(display(table, code)));
        }
        node.put("regressed_admissions_total", admissions.size());
        node.put("improved_admissions_total", coder.comparison().changedAdmissions().stream()
            .filter(PairedComparison.AdmissionChange::improved).count());
        node.put("paired_admissions", coder.comparison().admissions());
      }
    }
    return root;
  }

  static void junit(GateVerdict verdict, CodeTable table, Instant created, Writer writer) throws IOException {
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(writer);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("testsuites");
      int id = 0;
      for (CoderVerdict coder : verdict.coders()) {
        Completeness c = coder.completeness();
        long failures = coder.failedRules();
        int tests = 1 + coder.rules().size();
        xml.writeCharacters("\n  ");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", "medcode gate: " + coder.coder());
        xml.writeAttribute("package", "medcode.gate");
        xml.writeAttribute("id", Integer.toString(id++));
        xml.writeAttribute("tests", Integer.toString(tests));
        xml.writeAttribute("failures", Long.toString(failures));
        xml.writeAttribute("errors", c.complete() ? "0" : "1");
        xml.writeAttribute("time", "0");
        xml.writeAttribute("timestamp", JUNIT_TIME.format(created));
        xml.writeAttribute("hostname", "localhost");
        xml.writeCharacters("\n    ");
        xml.writeStartElement("properties");
        property(xml, "run", verdict.run());
        if (verdict.baseline() != null) {
          property(xml, "baseline", verdict.baseline());
        }
        property(xml, "verdict", verdict.status());
        if (coder.invalidPolicy() != null && coder.population() != null) {
          property(xml, "invalid_policy", coder.invalidPolicy().label());
          property(xml, "population", coder.population().label());
        }
        xml.writeCharacters("\n    ");
        xml.writeEndElement();

        xml.writeCharacters("\n    ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("name", "run complete");
        xml.writeAttribute("classname", "medcode.gate." + coder.coder());
        xml.writeAttribute("time", "0");
        if (!c.complete()) {
          xml.writeStartElement("error");
          xml.writeAttribute("type", "incomplete-run");
          xml.writeAttribute("message", xmlText(String.join("; ", c.problems())));
          xml.writeCharacters(xmlText(String.join("\n", c.problems())));
          xml.writeEndElement();
        }
        xml.writeEndElement();
        for (RuleResult rule : coder.rules()) {
          xml.writeCharacters("\n    ");
          xml.writeStartElement("testcase");
          xml.writeAttribute("name", rule.rule().text());
          xml.writeAttribute("classname", "medcode.gate." + coder.coder());
          xml.writeAttribute("time", "0");
          if (!rule.passed()) {
            xml.writeStartElement("failure");
            xml.writeAttribute("type", "quality-gate");
            xml.writeAttribute("message", xmlText(rule.explanation()));
            xml.writeCharacters(xmlText(rule.explanation() + " (" + rule.basisWithP() + ")" + regressed(coder, table)));
            xml.writeEndElement();
          }
          xml.writeEndElement();
        }
        xml.writeCharacters("\n    ");
        xml.writeStartElement("system-out");
        xml.writeCharacters(verdict.line(""));
        xml.writeEndElement();
        xml.writeCharacters("\n    ");
        xml.writeStartElement("system-err");
        xml.writeCharacters(xmlText(String.join("\n", verdict.notes())));
        xml.writeEndElement();
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
      }
      xml.writeCharacters("\n");
      xml.writeEndElement();
      xml.writeCharacters("\n");
      xml.writeEndDocument();
      xml.flush();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IOException("cannot write JUnit XML: " + e.getMessage(), e);
    }
  }

  private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
    xml.writeCharacters("\n      ");
    xml.writeEmptyElement("property");
    xml.writeAttribute("name", name);
    xml.writeAttribute("value", xmlText(value));
  }

  /**
   * Text as XML 1.0 can hold it: a character it cannot (a control character other than tab, line feed and carriage
   * return, e.g. the escape of a terminal colour in a folder's name; a lone surrogate) becomes U+FFFD, where the XML
   * writer wrote it as it was and CI servers' JUnit readers refused the whole file as not well-formed.
   */
  static String xmlText(String text) {
    StringBuilder legal = new StringBuilder(text.length());
    text.codePoints().forEach(c -> legal.appendCodePoint(c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF
        || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000 ? c : 0xFFFD));
    return legal.toString();
  }

  private static String regressed(CoderVerdict coder, CodeTable table) {
    List<PairedComparison.CodeChange> codes = coder.regressedCodes();
    if (codes.isEmpty()) {
      return "";
    }
    List<String> lines = new ArrayList<>();
    for (PairedComparison.CodeChange x : codes.subList(0, Math.min(SHOWN, codes.size()))) {
      String title = title(table, x.code());
      lines.add(display(table, x.code()) + (title.isEmpty() ? "" : " " + title) + ": lost in " + Plural.of(x.lost(), "admission")
          + ", gained in " + x.gained());
    }
    if (codes.size() > SHOWN) {
      lines.add(more(codes.size()));
    }
    return "\nregressed codes:\n" + String.join("\n", lines);
  }

  /** The line after the regressed codes shown, when there are more: how many, and where the first 50 are. */
  private static String more(int codes) {
    return "… and " + Plural.of(codes - SHOWN, "more regressed code") + " (" + codes + " in all; gate.json lists "
        + (codes > LISTED ? "the first " + LISTED : "every one") + ")";
  }

  static void markdown(GateVerdict verdict, CodeTable table, Writer writer) {
    PrintWriter out = new PrintWriter(writer);
    out.println("## medcode gate: " + switch (verdict.exitCode()) {
      case GateVerdict.PASSED -> "passed";
      case GateVerdict.QUALITY_FAILED -> "failed (" + verdict.failedRules() + " of " + Plural.of(verdict.rules(), "rule") + ")";
      default -> "run incomplete";
    });
    out.println();
    out.println("Run `" + codeSpan(verdict.run()) + "`" + (verdict.baseline() == null ? ""
        : ", baseline `" + codeSpan(verdict.baseline()) + "`") + "; exit code " + verdict.exitCode() + ".");
    out.println();
    for (CoderVerdict coder : verdict.coders()) {
      out.println("### " + MarkdownText.escape(coder.coder()));
      out.println();
      if (coder.invalidPolicy() != null && coder.population() != null) {
        out.println("Scored with " + MarkdownText.escape(ConsoleSummary.scoredWith(coder.invalidPolicy(),
            coder.population())) + ".");
        out.println();
      }
      Completeness c = coder.completeness();
      out.println("| | rule | value [interval] | judged on |");
      out.println("|---|---|---|---|");
      out.println("| " + (c.complete() ? "✅" : "⛔") + " | run complete | " + c.answered() + " answered, " + c.failed()
          + " failed, " + c.missing() + " never coded of " + c.admissions() + " | " + (c.complete() ? "counts"
          : MarkdownText.escape(String.join("; ", c.problems()))) + " |");
      for (RuleResult rule : coder.rules()) {
        out.println("| " + (rule.passed() ? "✅" : "❌") + " | `" + codeSpan(rule.rule().text()) + "` | "
            + MarkdownText.escape(rule.explanation()) + " | " + MarkdownText.escape(judgedOn(rule)) + " |");
      }
      out.println();
      List<PairedComparison.CodeChange> codes = coder.regressedCodes();
      if (!codes.isEmpty()) {
        out.println("Codes found by the baseline and no longer (admissions lost / gained):");
        out.println();
        for (PairedComparison.CodeChange x : codes.subList(0, Math.min(SHOWN, codes.size()))) {
          String title = title(table, x.code());
          out.println("- " + MarkdownSummary.code(display(table, x.code())) + " " + MarkdownText.escape(title) + " −"
              + x.lost() + " / +" + x.gained());
        }
        if (codes.size() > SHOWN) {
          out.println("- " + MarkdownText.escape(more(codes.size())));
        }
        out.println();
      }
    }
    verdict.notes().forEach(note -> out.println("> " + MarkdownText.escape(note)));
    out.flush();
  }

  /**
   * What a rule was judged on, for gate.md's column of that name: its basis (what its interval is) when the interval
   * decided, else the point value, with the interval shown beside it.
   */
  private static String judgedOn(RuleResult rule) {
    boolean intervalDecided = rule.rule().mode() == GateMode.INTERVAL && rule.value() >= rule.ciLow()
        && rule.value() <= rule.ciHigh();
    return intervalDecided || Double.isNaN(rule.ciLow()) ? rule.basisWithP()
        : "point value (interval shown: " + rule.basisWithP() + ")";
  }

  private static String display(CodeTable table, String code) {
    return table == null ? code : Codes.display(table, code, Granularity.EXACT);
  }

  private static String title(CodeTable table, String code) {
    return table == null ? "" : Codes.title(table, code, Granularity.EXACT);
  }

  /**
   * Text inside a Markdown code span in a table: shown as written (a code span shows {@code &lt;} literally, so {@code <}
   * is not escaped); a pipe is escaped, as GitHub's tables need even in code spans; a backtick cannot close the span.
   */
  static String codeSpan(String text) {
    return text.replace("|", "\\|").replace("`", "'").replace("\n", " ");
  }
}
