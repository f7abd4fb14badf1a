package org.medcode.report;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.medcode.Launcher;
import org.medcode.Plural;
import org.medcode.codesystem.Granularity;
import org.medcode.eval.Analysis;
import org.medcode.eval.AutomationCoverage;
import org.medcode.eval.Averaging;
import org.medcode.eval.CodeCounts;
import org.medcode.eval.ErrorKind;
import org.medcode.eval.ErrorTaxonomy;
import org.medcode.eval.Estimate;
import org.medcode.eval.EvaluationResult;
import org.medcode.eval.LevelResult;
import org.medcode.eval.Metric;
import org.medcode.eval.MetricKey;
import org.medcode.eval.Population;
import org.medcode.eval.StratumDimension;
import org.medcode.eval.StratumResult;
import org.medcode.study.StudyResult;

/**
 * {@code report.html}: one self-contained page (inline CSS, inline SVG charts, a few lines of inline script, nothing
 * fetched) with the summary table, strata, error taxonomy, automation coverage, per-code table and confusions of every
 * coder of a run. Every text taken from data is HTML-escaped.
 *
 * <p>The page stays small at any size (a few hundred kB for 122,000 admissions and 26,000 codes): a table of more than
 * {@link #TABLE_ROWS} rows lists its top {@code TABLE_ROWS} and says how many there are and which CSV file beside the
 * report holds them all (a relative link), and a curve of more than {@link SvgChart#THIN_ABOVE} points is drawn through
 * the fewest of its points that look the same, saying so. Below those sizes the page is as it always was.
 */
final class HtmlReport {
  static final int CODE_ROWS_SHOWN = 25;
  static final int CONFUSIONS_SHOWN = 20;
  /** Past this many rows a table lists only its top rows and links to the CSV file that holds them all. */
  static final int TABLE_ROWS = 200;
  private static final List<Integer> SUGGESTION_KS = List.of(1, 3, 5, 10, 15, 20, 30, 50);

  private HtmlReport() {}

  static String esc(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Writes the page. {@code folder} gives where a coder's CSV files are relative to the page: {@code ""} when they lie
   * beside it (an evaluation), {@code "a/"} for coder {@code a} of a run.
   */
  static void write(String title, List<CoderReport> coders, Function<CoderReport, String> folder, Writer writer) {
    write(title, coders, folder, null, writer);
  }

  /** The page, with a published study's section before the summary when {@code study} is not null. */
  static void write(String title, List<CoderReport> coders, Function<CoderReport, String> folder, StudyResult study,
      Writer writer) {
    PrintWriter out = new PrintWriter(writer);
    out.println("<!DOCTYPE html>");
    out.println("<html lang='en'><head><meta charset='utf-8'><title>" + esc("medcode-bench: " + title) + "</title>");
    out.println("<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px;color:#222}"
        + "table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{border:1px solid #ccc;padding:3px 7px;"
        + "font-size:13px;text-align:right;white-space:nowrap}th{background:#f3f3f3}td.l,th.l{text-align:left;white-space:normal}h2{border-bottom:1px solid #aaa;"
        + "margin-top:2em}.chart{display:block;margin:0.5em 0}.hidden{display:none}.note{color:#555;font-size:13px}"
        + "button{margin-bottom:1em}.charts{display:flex;flex-wrap:wrap;gap:1em}</style></head><body>");
    out.println("<h1>" + esc("medcode-bench: " + title) + "</h1>");
    if (coders.isEmpty()) {
      out.println("<p>No coder was evaluated.</p></body></html>");
      out.flush();
      return;
    }
    EvaluationReport first = coders.get(0).evaluation();
    EvaluationResult r0 = first.result();
    out.println("<ul class='note'>");
    out.println("<li>dataset " + esc(first.dataset().spec()) + ": " + Plural.grouped(first.dataset().admissions(), "admission")
        + ", fingerprint " + esc(first.dataset().fingerprint()) + "</li>");
    out.println("<li>code table " + esc(first.table().describe()) + "</li>");
    for (CoderReport coder : coders) { // each coder's own counts: the first one's are not the run's
      EvaluationResult result = coder.evaluation().result();
      out.println("<li>invalid codes" + (coders.size() > 1 ? " (" + esc(coder.coder()) + ")" : "") + ": "
          + esc(ConsoleSummary.policy(result.options(), result.invalid(), coder.notMeasured())) + "</li>");
    }
    out.println("<li>scored: " + Plural.grouped(r0.admissions(), "admission") + " (population "
        + esc(r0.options().population().label()) + ")</li>");
    out.println("<li>intervals: " + esc(ConsoleSummary.intervals(r0.options())) + "</li>");
    out.println("<li>medcode-bench " + esc(first.toolVersion()) + ", created " + esc(first.created()) + "</li>");
    out.println("</ul>");

    if (study != null) {
      StudyReports.html(study, out);
    }
    summary(out, coders);
    strata(out, coders);
    errors(out, coders, folder);
    coverage(out, coders, folder);
    perCode(out, coders, folder);
    hardest(out, coders);
    notes(out, coders);
    out.println("<script>");
    out.println("document.querySelectorAll('button[data-show]').forEach(function (b) {");
    out.println("  b.addEventListener('click', function () {");
    out.println("    document.querySelectorAll('#' + b.dataset.show + ' tr.hidden').forEach(function (r) {");
    out.println("      r.classList.remove('hidden'); });");
    out.println("    b.remove(); }); });");
    out.println("document.documentElement.dataset.charts = String(document.querySelectorAll('svg.chart').length);");
    out.println("</script>");
    out.println("</body></html>");
    out.flush();
  }

  private static void summary(PrintWriter out, List<CoderReport> coders) {
    out.println("<h2 id='summary'>Summary</h2>");
    out.println("<table><tr><th class='l'>coder</th><th class='l'>level</th><th class='l'>averaging</th><th>precision</th>"
        + "<th>recall</th><th>F1</th><th>MAP</th><th>invalid</th><th>empty</th><th>failed</th></tr>");
    for (CoderReport coder : coders) {
      EvaluationResult result = coder.evaluation().result();
      if (coder.notMeasured().isPresent()) {
        out.println("<tr><td class='l'>" + esc(coder.coder()) + "</td><td class='l' colspan='7'>not measured: "
            + esc(coder.notMeasured().get()) + "</td><td>" + Numbers.count(coder.empty()) + "</td><td>"
            + Numbers.count(coder.failed()) + "</td></tr>");
        continue;
      }
      for (LevelResult level : result.levels()) {
        for (Averaging averaging : List.of(Averaging.MICRO, Averaging.SAMPLE, Averaging.MACRO_GOLD)) {
          Granularity g = level.granularity();
          out.println("<tr><td class='l'>" + esc(coder.coder()) + "</td><td class='l'>" + g.label() + "</td><td class='l'>"
              + averaging.label() + "</td>" + cell(result, new MetricKey(g, averaging, Metric.PRECISION))
              + cell(result, new MetricKey(g, averaging, Metric.RECALL)) + cell(result, new MetricKey(g, averaging, Metric.F1))
              + (averaging == Averaging.SAMPLE ? cell(result, new MetricKey(g, averaging, Metric.MAP)) : "<td></td>")
              + "<td>" + Numbers.percent(result.invalid().invalidRate()) + "</td><td>" + Numbers.count(coder.empty()) + "</td><td>"
              + Numbers.count(coder.failed()) + "</td></tr>");
        }
      }
    }
    out.println("</table>");
    for (CoderReport coder : coders) {
      coder.incomplete().ifPresent(why -> out.println("<p class='note'><b>Incomplete:</b> " + esc(coder.coder()) + " "
          + esc(why) + "; finish the run with <code>" + Launcher.WRITTEN + " run --resume RUN_DIR</code>.</p>"));
    }
  }

  private static void strata(PrintWriter out, List<CoderReport> coders) {
    List<CoderReport> analysed = analysed(coders);
    if (analysed.isEmpty()) {
      return;
    }
    out.println("<h2 id='strata'>Strata</h2>");
    out.println("<p class='note'>Exact-level micro metrics with bootstrap intervals, each stratum evaluated by the same "
        + "engine, options and seed as the whole. Note-length and gold-count strata are subsets of admissions; chapter "
        + "and training-frequency strata restrict gold and predicted codes to the stratum.</p>");
    for (StratumDimension dimension : StratumDimension.values()) {
      Set<String> labels = new LinkedHashSet<>();
      for (CoderReport c : analysed) {
        c.analysis().strata().of(dimension).forEach(s -> labels.add(s.stratum()));
      }
      if (labels.isEmpty()) {
        continue;
      }
      List<String> categories = new ArrayList<>(labels);
      String name = dimension.label().replace('_', ' ');
      out.println("<h3>By " + esc(name) + "</h3>");
      out.println("<div class='charts'>");
      for (Metric metric : List.of(Metric.RECALL, Metric.F1)) {
        List<SvgChart.Series> series = new ArrayList<>();
        for (CoderReport c : analysed) {
          double[] v = new double[categories.size()];
          double[] lo = new double[categories.size()];
          double[] hi = new double[categories.size()];
          for (int i = 0; i < categories.size(); i++) {
            Estimate e = find(c.analysis(), dimension, categories.get(i))
                .flatMap(s -> s.result().metric(new MetricKey(Granularity.EXACT, Averaging.MICRO, metric)))
                .orElse(Estimate.point(Double.NaN));
            v[i] = e.value();
            lo[i] = e.ciLow();
            hi[i] = e.ciHigh();
          }
          series.add(new SvgChart.Series(c.coder(), v, lo, hi));
        }
        out.println(SvgChart.intervals("Exact micro " + metric.label(0) + " by " + name, metric.label(0), categories, series));
      }
      out.println("</div>");
      out.println("<table><tr><th class='l'>coder</th><th class='l'>stratum</th><th class='l'>bounds</th><th>admissions</th>"
          + "<th>gold codes</th><th>tp</th><th>fp</th><th>fn</th><th>precision</th><th>recall</th><th>F1</th></tr>");
      for (CoderReport c : analysed) {
        for (StratumResult s : c.analysis().strata().of(dimension)) {
          var micro = s.result().level(Granularity.EXACT).map(LevelResult::micro).orElse(org.medcode.eval.Counts.ZERO);
          out.println("<tr><td class='l'>" + esc(c.coder()) + "</td><td class='l'>" + esc(s.stratum()) + "</td><td class='l'>"
              + esc(s.description()) + "</td><td>" + s.admissions() + "</td><td>" + s.goldCodes() + "</td><td>" + micro.tp()
              + "</td><td>" + micro.fp() + "</td><td>" + micro.fn() + "</td>"
              + cell(s.result(), new MetricKey(Granularity.EXACT, Averaging.MICRO, Metric.PRECISION))
              + cell(s.result(), new MetricKey(Granularity.EXACT, Averaging.MICRO, Metric.RECALL))
              + cell(s.result(), new MetricKey(Granularity.EXACT, Averaging.MICRO, Metric.F1)) + "</tr>");
        }
      }
      out.println("</table>");
    }
  }

  private static java.util.Optional<StratumResult> find(Analysis analysis, StratumDimension dimension, String label) {
    return analysis.strata().of(dimension).stream().filter(s -> s.stratum().equals(label)).findFirst();
  }

  private static void errors(PrintWriter out, List<CoderReport> coders, Function<CoderReport, String> folder) {
    List<CoderReport> analysed = analysed(coders);
    if (analysed.isEmpty()) {
      return;
    }
    out.println("<h2 id='errors'>Error taxonomy</h2>");
    out.println("<p class='note'>Each predicted and each gold code (exact level, de-duplicated) gets the first kind that "
        + "applies: exact; invalid (predicted only); under-specified (an ancestor of a gold code was predicted); "
        + "over-specified (a descendant); header (predicted non-billable header, unrelated); sibling (same category); "
        + "same chapter; wrong chapter (predicted) or missed (gold).</p>");
    for (boolean predicted : List.of(true, false)) {
      List<ErrorKind> kinds = java.util.Arrays.stream(ErrorKind.values())
          .filter(k -> predicted ? k.predictedSide() : k.goldSide()).toList();
      List<SvgChart.Bar> bars = new ArrayList<>();
      for (CoderReport c : analysed) {
        ErrorTaxonomy t = c.analysis().errors();
        double[] parts = kinds.stream().mapToDouble(k -> predicted ? t.predictedRate(k) : t.goldRate(k)).toArray();
        bars.add(new SvgChart.Bar(c.coder(), parts));
      }
      out.println(SvgChart.stacked((predicted ? "Predicted" : "Gold") + " codes by kind", kinds.stream().map(ErrorKind::label)
          .toList(), bars));
      out.println("<table><tr><th class='l'>coder</th><th>" + (predicted ? "predicted" : "gold") + " codes</th>");
      kinds.forEach(k -> out.print("<th>" + k.label() + "</th>"));
      out.println("</tr>");
      for (CoderReport c : analysed) {
        ErrorTaxonomy t = c.analysis().errors();
        out.print("<tr><td class='l'>" + esc(c.coder()) + "</td><td>" + (predicted ? t.predictedTotal() : t.goldTotal()) + "</td>");
        for (ErrorKind k : kinds) {
          long n = (predicted ? t.predicted() : t.gold()).get(k);
          out.print("<td>" + n + " (" + Numbers.percent(predicted ? t.predictedRate(k) : t.goldRate(k)) + ")</td>");
        }
        out.println("</tr>");
      }
      out.println("</table>");
    }
    for (CoderReport c : analysed) {
      List<ErrorTaxonomy.Confusion> confusions = c.analysis().errors().confusions();
      out.println("<h3>Most frequent confusions: " + esc(c.coder()) + "</h3>");
      if (confusions.isEmpty()) {
        out.println("<p class='note'>No missed gold code was confused with a related prediction.</p>");
        continue;
      }
      out.println("<table><tr><th class='l'>gold</th><th class='l'>title</th><th class='l'>predicted</th><th class='l'>"
          + "title</th><th class='l'>relation</th><th>admissions</th></tr>");
      var table = c.evaluation().table();
      for (ErrorTaxonomy.Confusion x : confusions.subList(0, Math.min(CONFUSIONS_SHOWN, confusions.size()))) {
        out.println("<tr><td class='l'>" + esc(Codes.display(table, x.gold(), Granularity.EXACT)) + "</td><td class='l'>"
            + esc(Codes.title(table, x.gold(), Granularity.EXACT)) + "</td><td class='l'>"
            + esc(Codes.display(table, x.predicted(), Granularity.EXACT)) + "</td><td class='l'>"
            + esc(Codes.title(table, x.predicted(), Granularity.EXACT)) + "</td><td class='l'>" + x.relation().label()
            + "</td><td>" + x.admissions() + "</td></tr>");
      }
      out.println("</table>");
      if (confusions.size() > TABLE_ROWS) {
        out.println(inAll(Numbers.count(confusions.size()) + " confusions in all; the " + CONFUSIONS_SHOWN
            + " most frequent are listed here", "every one", folder.apply(c) + "confusions.csv"));
      }
    }
  }

  private static void coverage(PrintWriter out, List<CoderReport> coders, Function<CoderReport, String> folder) {
    List<CoderReport> analysed = analysed(coders);
    if (analysed.isEmpty()) {
      return;
    }
    out.println("<h2 id='coverage'>Automation coverage</h2>");
    EvaluationResult scored = analysed.get(0).evaluation().result();
    String share = scored.options().population() == Population.WITH_GOLD
        ? "share of the " + Plural.grouped(scored.admissions(), "scored admission") + " automated (population "
            + Population.WITH_GOLD.label() + ": those with gold codes)"
        : "share of all admissions automated";
    out.println("<p class='note'>Admission confidence = the lowest score among its predicted codes; admissions are "
        + "automated from the most confident down (exact level). Coverage = " + esc(share) + ".</p>");
    for (CoderReport c : analysed) {
      AutomationCoverage cov = c.analysis().coverage();
      out.println("<h3>Touchless coding: " + esc(c.coder()) + "</h3>");
      if (!cov.available()) {
        out.println("<p class='note'>Not available: " + esc(cov.unavailable()) + ".</p>");
        continue;
      }
      int n = cov.curve().size();
      double[] x = new double[n + 1];
      double[] precision = new double[n + 1];
      double[] exact = new double[n + 1];
      double[] recall = new double[n + 1];
      precision[0] = Double.NaN;
      exact[0] = Double.NaN;
      recall[0] = Double.NaN;
      for (int i = 0; i < n; i++) {
        AutomationCoverage.Point p = cov.curve().get(i);
        x[i + 1] = p.coverage();
        precision[i + 1] = p.precision();
        exact[i + 1] = p.exactMatch();
        recall[i + 1] = p.recall();
      }
      out.println(SvgChart.lines("Coverage–quality curve: " + c.coder(), "coverage (share of admissions automated)",
          "quality of automated admissions", 1.0, List.of(new SvgChart.Line("micro precision", x, precision),
              new SvgChart.Line("micro recall", x, recall), new SvgChart.Line("exact match", x, exact))));
      if (x.length > SvgChart.THIN_ABOVE) {
        out.println(inAll("The curve has " + Numbers.count(n) + " points (one per distinct admission confidence); each "
            + "line is drawn through the fewest of them that look the same (in each pixel column the first, last, highest "
            + "and lowest, and of those only the ones that bend the line by more than half a pixel), exact points, never "
            + "averages", "every point", folder.apply(c) + "coverage.csv"));
      }
      out.println("<table><tr><th class='l'>criterion</th><th>target</th><th>coverage</th><th>admissions</th>"
          + "<th>threshold</th><th>achieved</th></tr>");
      for (AutomationCoverage.Target t : cov.targets()) {
        out.println("<tr><td class='l'>" + t.criterion().label() + "</td><td>" + Numbers.percent(t.target()) + "</td><td>"
            + Numbers.percent(t.coverage()) + "</td><td>" + t.admissions() + "</td><td>" + Numbers.short3(t.threshold())
            + "</td><td>" + Numbers.short3(t.achieved()) + "</td></tr>");
      }
      out.println("</table>");
    }
    out.println("<h3>Computer-assisted coding: suggestions to review</h3>");
    int longest = analysed.stream().mapToInt(c -> c.analysis().coverage().suggestions().size()).max().orElse(0);
    if (longest > 0) {
      List<SvgChart.Line> lines = new ArrayList<>();
      for (CoderReport c : analysed) {
        List<AutomationCoverage.Suggestions> s = c.analysis().coverage().suggestions();
        double[] x = new double[s.size()];
        double[] y = new double[s.size()];
        for (int i = 0; i < s.size(); i++) {
          x[i] = s.get(i).k();
          y[i] = s.get(i).recall();
        }
        lines.add(new SvgChart.Line(c.coder(), x, y));
      }
      out.println(SvgChart.lines("Recall at k suggestions", "k (suggestions shown)", "micro recall", Math.max(1, longest),
          lines));
    }
    out.println("<table><tr><th class='l'>coder</th><th>k</th><th>recall@k</th><th>precision@k</th>"
        + "<th>suggestions reviewed / admission</th></tr>");
    for (CoderReport c : analysed) {
      for (AutomationCoverage.Suggestions s : c.analysis().coverage().suggestions()) {
        if (SUGGESTION_KS.contains(s.k()) || s.k() == c.analysis().coverage().suggestions().size()) {
          out.println("<tr><td class='l'>" + esc(c.coder()) + "</td><td>" + s.k() + "</td><td>" + Numbers.short3(s.recall())
              + "</td><td>" + Numbers.short3(s.precision()) + "</td><td>" + Numbers.short3(s.meanReviewed()) + "</td></tr>");
        }
      }
    }
    out.println("</table>");
    for (CoderReport c : analysed) {
      out.println("<p class='note'>" + esc(c.coder()) + ": reading the list down to the last correct suggestion takes "
          + Numbers.short3(c.analysis().coverage().meanReviewToLastHit()) + " suggestions on average (admissions with at "
          + "least one correct suggestion).</p>");
    }
  }

  /**
   * The coders whose analysis is shown: those with one that were measured; a coder that answered no admission has only
   * the zeros of an empty log (the summary says why it was not measured).
   */
  private static List<CoderReport> analysed(List<CoderReport> coders) {
    return coders.stream().filter(c -> c.analysis() != null && c.notMeasured().isEmpty()).toList();
  }

  private static void perCode(PrintWriter out, List<CoderReport> coders, Function<CoderReport, String> folder) {
    out.println("<h2 id='codes'>Per code (exact level)</h2>");
    int t = 0;
    for (CoderReport c : coders) {
      var level = c.evaluation().result().level(Granularity.EXACT);
      if (level.isEmpty() || c.notMeasured().isPresent()) {
        continue;
      }
      String id = "codes" + t++;
      out.println("<h3>" + esc(c.coder()) + "</h3>");
      out.println("<table id='" + id + "'><tr><th class='l'>code</th><th class='l'>title</th><th class='l'>status</th>"
          + "<th>support</th><th>predicted</th><th>tp</th><th>fp</th><th>fn</th><th>precision</th><th>recall</th>"
          + "<th>F1</th></tr>");
      List<CodeCounts> codes = level.get().perCode();
      for (int i = 0; i < Math.min(codes.size(), TABLE_ROWS); i++) {
        CodeCounts code = codes.get(i);
        var table = c.evaluation().table();
        out.println("<tr" + (i >= CODE_ROWS_SHOWN ? " class='hidden'" : "") + "><td class='l'>"
            + esc(Codes.display(table, code.code(), Granularity.EXACT)) + "</td><td class='l'>"
            + esc(Codes.title(table, code.code(), Granularity.EXACT)) + "</td><td class='l'>" + code.status().label()
            + "</td><td>" + code.support() + "</td><td>" + code.predicted() + "</td><td>" + code.tp() + "</td><td>"
            + code.fp() + "</td><td>" + code.fn() + "</td><td>" + Numbers.short3(code.counts().precision()) + "</td><td>"
            + Numbers.short3(code.counts().recall()) + "</td><td>" + Numbers.short3(code.counts().f1()) + "</td></tr>");
      }
      out.println("</table>");
      if (codes.size() > TABLE_ROWS) {
        out.println("<button data-show='" + id + "'>show the top " + TABLE_ROWS + " codes</button>");
        out.println(inAll(Numbers.count(codes.size()) + " codes in all; the " + TABLE_ROWS + " with the most gold "
            + "occurrences are listed here", "every code (at every level)", folder.apply(c) + "per_code.csv"));
      } else if (codes.size() > CODE_ROWS_SHOWN) {
        out.println("<button data-show='" + id + "'>show all " + codes.size() + " codes</button>");
      }
    }
  }

  private static void hardest(PrintWriter out, List<CoderReport> coders) {
    List<CoderReport> analysed = analysed(coders);
    if (analysed.isEmpty()) {
      return;
    }
    out.println("<h2 id='admissions'>Admissions with the most missed codes</h2>");
    for (CoderReport c : analysed) {
      out.println("<h3>" + esc(c.coder()) + "</h3>");
      var table = c.evaluation().table();
      // a report is shared (a CI artifact, an appendix): of credentialed data it quotes no note text
      boolean quote = !c.evaluation().dataset().credentialed();
      if (!quote) {
        out.println("<p class='note'>The start of each admission's notes is not shown: the dataset is credentialed"
            + " (its notes are under a data use agreement).</p>");
      }
      out.println("<table><tr><th class='l'>admission</th><th class='l'>missed</th><th class='l'>wrongly added</th>"
          + (quote ? "<th class='l'>note (start)</th>" : "") + "</tr>");
      for (var e : c.analysis().hardest()) {
        out.println("<tr><td class='l'>" + esc(e.admissionId()) + "</td><td class='l'>" + esc(codes(table, e.missed()))
            + "</td><td class='l'>" + esc(codes(table, e.wrong())) + "</td>"
            + (quote ? "<td class='l note'>" + esc(e.excerpt()) + "</td>" : "") + "</tr>");
      }
      out.println("</table>");
      int unanswered = c.analysis().hardestUnanswered();
      if (unanswered > 0) {
        out.println("<p class='note'>" + Plural.grouped(unanswered, "admission")
            + " the coder failed on or never reached " + Plural.verb(unanswered, "are") + " left out: scored as an empty"
            + " answer, " + (unanswered == 1 ? "it misses" : "each misses") + " every gold code, which says nothing of how"
            + " hard it is to code (per_admission.csv's status says which).</p>");
      }
    }
  }

  private static String codes(org.medcode.codesystem.CodeTable table, List<String> codes) {
    return String.join(" ", codes.stream().map(code -> Codes.display(table, code, Granularity.EXACT)).toList());
  }

  private static void notes(PrintWriter out, List<CoderReport> coders) {
    out.println("<h2 id='notes'>Notes</h2>");
    List<String> dataset = MarkdownSummary.warnings(coders);
    if (!dataset.isEmpty()) {
      out.println("<h3>warnings</h3><ul class='note'>");
      dataset.forEach(n -> out.println("<li>" + esc(n) + "</li>"));
      out.println("</ul>");
    }
    for (CoderReport c : coders) {
      out.println("<h3>" + esc(c.coder()) + "</h3><ul class='note'>");
      c.evaluation().result().notes().forEach(n -> out.println("<li>" + esc(n) + "</li>"));
      if (c.analysis() != null) {
        c.analysis().strata().notes().forEach(n -> out.println("<li>" + esc(n) + "</li>"));
      }
      out.println("</ul>");
    }
  }

  /** The line under a table or chart that shows part of a CSV file: what is shown, and a relative link to it all. */
  private static String inAll(String shown, String what, String csv) {
    return "<p class='note'>" + esc(shown) + "; " + esc(what) + " is in <a href='" + esc(link(csv)) + "'>" + esc(csv)
        + "</a>.</p>";
  }

  /** A relative path as a URL: every byte outside the unreserved characters and '/' percent-encoded. */
  static String link(String path) {
    StringBuilder out = new StringBuilder();
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~/".indexOf(c) >= 0)) {
        out.append(c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  private static String cell(EvaluationResult result, MetricKey key) {
    Estimate e = result.metric(key).orElse(Estimate.point(Double.NaN));
    return "<td>" + Numbers.short3(e.value()) + (e.hasInterval()
        ? " <span class='note'>[" + Numbers.short3(e.ciLow()) + ", " + Numbers.short3(e.ciHigh()) + "]</span>" : "")
        + "</td>";
  }
}
