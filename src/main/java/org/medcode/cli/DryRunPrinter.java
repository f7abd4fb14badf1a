package org.medcode.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.medcode.Plural;
import org.medcode.coder.Estimate;
import org.medcode.run.engine.DryRun;

/** Prints {@code run --dry-run}: per coder what it would send and cost, where the data would go, and refusals. */
final class DryRunPrinter {
  private DryRunPrinter() {}

  static void print(DryRun plan, PrintWriter out) {
    out.println("dry run      nothing was sent, spent or written");
    out.printf(Locale.ROOT, "dataset      %s (%s)%n", plan.dataset(), Plural.grouped(plan.admissions(), "admission"));
    plan.warnings().forEach(warning -> out.println("warning      " + warning)); // e.g. fewer admissions than sampled
    out.println("budget       " + (plan.maxCost() > 0 ? "maxCost " + number(plan.maxCost()) + " USD per coder"
        : "none (maxCost 0)"));
    boolean overBudget = false;
    for (DryRun.CoderPlan coder : plan.coders()) {
      out.println();
      Estimate e = coder.estimate();
      if (e == null) {
        out.println("coder " + coder.id() + " (" + coder.name() + "): no cost to estimate"
            + (coder.unavailable() == null ? "" : "; unavailable: " + coder.unavailable()));
        out.println("  egress         " + coder.egress());
      } else {
        String endpoint = coder.parameters().getOrDefault("provider", "") + " " + coder.parameters().getOrDefault("model", "")
            + ", mode " + coder.parameters().getOrDefault("mode", "online");
        out.println("coder " + coder.id() + " (" + coder.name() + ": " + endpoint.trim() + ")");
        out.printf(Locale.ROOT, "  admissions     %,d to code%n", e.admissions());
        out.printf(Locale.ROOT, "  requests       %,d: %,d answered from the cache, %,d to send%n", e.requests(),
            e.cachedRequests(), e.requestsToSend());
        out.printf(Locale.ROOT, "  input tokens   %,d to send (%s)%n", e.inputTokens(), e.tokenCounting());
        out.printf(Locale.ROOT, "  output tokens  ~%,d (estimate: %s)%n", e.outputTokens(), e.outputBasis());
        if (e.costOnline() == null) {
          out.println("  cost           unknown: no price");
        } else {
          out.println("  cost           ~" + money(e.costOnline()) + " online, ~" + money(e.costBatch()) + " in batch mode;"
              + " at most " + money(e.worstCaseOnline()) + " online (every answer maxTokens long)");
        }
        if (plan.maxCost() > 0 && e.costOnline() != null) {
          boolean batch = "batch".equals(coder.parameters().getOrDefault("mode", "online"));
          double expected = e.cost(batch);
          if (expected > plan.maxCost() && batch) {
            // batch mode submits requests in order only while their worst case fits: it stops there, before the estimate
            overBudget = true;
            out.printf(Locale.ROOT, "  budget         OVER: maxCost %s is below the estimated ~%s, and batch mode submits"
                + " requests only while their worst case fits (%s at the batch price, every answer maxTokens long); the run"
                + " would hold back the rest and stop after about %,d of %s (incomplete, exit 3): raise --max-cost to code"
                + " them all%n", number(plan.maxCost()), money(expected), money(e.worstCaseBatch()),
                e.admissionsWithin(plan.maxCost(), e.worstCaseBatch()), Plural.grouped(e.admissions(), "admission"));
          } else if (expected > plan.maxCost()) {
            overBudget = true;
            long reach = e.admissionsWithin(plan.maxCost(), expected);
            out.printf(Locale.ROOT, "  budget         OVER: maxCost %s is below the estimated ~%s; the run would stop"
                + " after about %,d of %s (incomplete, exit 3): raise --max-cost to code them all%n",
                number(plan.maxCost()), money(expected), reach, Plural.grouped(e.admissions(), "admission"));
          } else if (batch && e.worstCaseBatch() > plan.maxCost()) {
            // batch mode submits requests in order only while their worst case fits: the rest are held back for certain
            overBudget = true;
            out.printf(Locale.ROOT, "  budget         OVER: the estimate fits maxCost %s, but batch mode submits requests"
                + " only while their worst case fits (%s at the batch price, every answer maxTokens long); the run would"
                + " hold back the rest and stop after about %,d of %s (incomplete, exit 3): raise --max-cost"
                + " to code them all%n", number(plan.maxCost()), money(e.worstCaseBatch()),
                e.admissionsWithin(plan.maxCost(), e.worstCaseBatch()), Plural.grouped(e.admissions(), "admission"));
          } else if (!batch && e.worstCaseOnline() > plan.maxCost()) {
            out.println("  budget         the estimate fits maxCost " + number(plan.maxCost()) + ", the worst case ("
                + money(e.worstCaseOnline()) + ") does not: long answers may stop the run early");
          } else {
            out.println("  budget         fits maxCost " + number(plan.maxCost()));
          }
        }
        out.println("  price          " + e.price());
        out.println("  egress         " + e.egress());
        e.notes().forEach(note -> out.println("  note           " + note));
      }
      if (coder.refusal() != null) {
        out.println("  REFUSED        " + coder.refusal());
      }
    }
    List<String> unavailable = plan.coders().stream().filter(c -> c.unavailable() != null)
        .map(c -> c.id() + " (" + c.unavailable() + ")").toList();
    out.println();
    out.println(plan.refused() ? "verdict      the run would be refused before its first request (exit 2)"
        : !unavailable.isEmpty() ? "verdict      the run may start, but would not measure " + String.join(", ", unavailable)
            + " (exit 3, not measured)"
        : overBudget ? "verdict      the run may start, but would stop at its budget before coding every admission"
            + " (exit 3)"
        : "verdict      the run may start");
  }

  private static String money(double usd) {
    return String.format(Locale.ROOT, usd < 10 ? "%.4f USD" : "%,.2f USD", usd);
  }

  private static String number(double value) {
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
