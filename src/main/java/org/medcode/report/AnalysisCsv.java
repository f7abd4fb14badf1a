package org.medcode.report;

import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.medcode.codesystem.Granularity;
import org.medcode.eval.Analysis;
import org.medcode.eval.AutomationCoverage;
import org.medcode.eval.Counts;
import org.medcode.eval.ErrorKind;
import org.medcode.eval.ErrorTaxonomy;
import org.medcode.eval.Estimate;
import org.medcode.eval.LevelResult;
import org.medcode.eval.MetricKey;
import org.medcode.eval.StratumResult;

/**
 * The long-form CSV tables of an {@link Analysis}: strata, error taxonomy, confusions, coverage and suggestions; each
 * row ends with the invalid-code policy and population that produced it ({@link PolicyColumns}).
 */
final class AnalysisCsv {
  static final String[] STRATA = PolicyColumns.header("dimension", "stratum", "description", "admissions", "gold_codes",
      "granularity", "averaging", "metric", "value", "ci_low", "ci_high", "tp", "fp", "fn");
  static final String[] ERRORS = PolicyColumns.header("side", "kind", "count", "total", "rate");
  static final String[] CONFUSIONS = PolicyColumns.header("gold_code", "gold_code_canonical", "gold_title",
      "predicted_code", "predicted_code_canonical", "predicted_title", "relation", "admissions");
  static final String[] COVERAGE = PolicyColumns.header("threshold", "admissions", "coverage", "tp", "fp", "fn",
      "precision", "recall", "exact_match");
  static final String[] COVERAGE_TARGETS = PolicyColumns.header("criterion", "target", "coverage", "admissions",
      "threshold", "achieved");
  static final String[] SUGGESTIONS = PolicyColumns.header("k", "recall", "precision", "mean_reviewed");

  private AnalysisCsv() {}

  private static CSVPrinter printer(Writer out, String[] header) throws IOException {
    return new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(header).get());
  }

  static void strata(Analysis analysis, PolicyColumns policy, Writer out) throws IOException {
    try (CSVPrinter csv = printer(out, STRATA)) {
      for (StratumResult s : analysis.strata().strata()) {
        for (Map.Entry<MetricKey, Estimate> e : s.result().metrics().entrySet()) {
          MetricKey key = e.getKey();
          Counts micro = s.result().level(key.granularity()).map(LevelResult::micro).orElse(Counts.ZERO);
          policy.print(csv, s.dimension().label(), s.stratum(), s.description(), s.admissions(), s.goldCodes(),
              key.granularity().label(), key.averaging().label(), key.metricLabel(), Numbers.exact(e.getValue().value()),
              Numbers.exact(e.getValue().ciLow()), Numbers.exact(e.getValue().ciHigh()), micro.tp(), micro.fp(),
              micro.fn());
        }
      }
    }
  }

  static void errors(Analysis analysis, PolicyColumns policy, Writer out) throws IOException {
    ErrorTaxonomy t = analysis.errors();
    try (CSVPrinter csv = printer(out, ERRORS)) {
      for (Map.Entry<ErrorKind, Long> e : t.predicted().entrySet()) {
        policy.print(csv, "predicted", e.getKey().label(), e.getValue(), t.predictedTotal(),
            Numbers.exact(t.predictedRate(e.getKey())));
      }
      for (Map.Entry<ErrorKind, Long> e : t.gold().entrySet()) {
        policy.print(csv, "gold", e.getKey().label(), e.getValue(), t.goldTotal(), Numbers.exact(t.goldRate(e.getKey())));
      }
    }
  }

  static void confusions(EvaluationReport report, Analysis analysis, PolicyColumns policy, Writer out)
      throws IOException {
    try (CSVPrinter csv = printer(out, CONFUSIONS)) {
      for (ErrorTaxonomy.Confusion c : analysis.errors().confusions()) {
        policy.print(csv, Codes.display(report.table(), c.gold(), Granularity.EXACT), c.gold(),
            Codes.title(report.table(), c.gold(), Granularity.EXACT),
            Codes.display(report.table(), c.predicted(), Granularity.EXACT), c.predicted(),
            Codes.title(report.table(), c.predicted(), Granularity.EXACT), c.relation().label(), c.admissions());
      }
    }
  }

  static void coverage(Analysis analysis, PolicyColumns policy, Writer out) throws IOException {
    try (CSVPrinter csv = printer(out, COVERAGE)) {
      for (AutomationCoverage.Point p : analysis.coverage().curve()) {
        policy.print(csv, Numbers.exact(p.threshold()), p.admissions(), Numbers.exact(p.coverage()), p.tp(), p.fp(),
            p.fn(), Numbers.exact(p.precision()), Numbers.exact(p.recall()), Numbers.exact(p.exactMatch()));
      }
    }
  }

  static void coverageTargets(Analysis analysis, PolicyColumns policy, Writer out) throws IOException {
    try (CSVPrinter csv = printer(out, COVERAGE_TARGETS)) {
      for (AutomationCoverage.Target t : analysis.coverage().targets()) {
        policy.print(csv, t.criterion().label(), Numbers.exact(t.target()), Numbers.exact(t.coverage()), t.admissions(),
            Numbers.exact(t.threshold()), Numbers.exact(t.achieved()));
      }
    }
  }

  static void suggestions(Analysis analysis, PolicyColumns policy, Writer out) throws IOException {
    try (CSVPrinter csv = printer(out, SUGGESTIONS)) {
      for (AutomationCoverage.Suggestions s : analysis.coverage().suggestions()) {
        policy.print(csv, s.k(), Numbers.exact(s.recall()), Numbers.exact(s.precision()),
            Numbers.exact(s.meanReviewed()));
      }
    }
  }
}
