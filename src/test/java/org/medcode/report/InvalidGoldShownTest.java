package org.medcode.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.medcode.eval.EvalOptions;
import org.medcode.eval.InvalidStats;

/**
 * Gold codes the table does not know count against recall and only a prediction written the same way finds them; the
 * console of evaluate, summary.md and report.html said how many predicted codes were invalid and nothing of the gold
 * ones (metrics.json alone had them). The line said "found only by a prediction written the same way" for every level,
 * while at category, block and chapter a well-formed code the table lacks counts as its ancestor (README, Metrics), so
 * any prediction of that category finds it there.
 */
class InvalidGoldShownTest {
  @Test
  void theInvalidLineCountsInvalidGoldCodesWhenThereAreSome() {
    EvalOptions options = EvalOptions.defaults();
    InvalidStats clean = new InvalidStats(2214, 0, 8, 73, 2677, 0, 0, 101);
    assertEquals("invalid predicted codes kept and scored (policy count); 8 of 2,214 predicted codes invalid (0.4%): 0"
        + " malformed, 8 not in table", ConsoleSummary.policy(options, clean));
    InvalidStats goldToo = new InvalidStats(2214, 0, 8, 73, 2677, 3, 43, 101);
    assertEquals("invalid predicted codes kept and scored (policy count); 8 of 2,214 predicted codes invalid (0.4%): 0"
        + " malformed, 8 not in table; 46 of 2,677 gold codes invalid (1.7%): 3 malformed, 43 not in table, found at the"
        + " exact level only by a prediction written the same way", ConsoleSummary.policy(options, goldToo));
  }
}
