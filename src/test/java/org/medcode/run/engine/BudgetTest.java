package org.medcode.run.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The run's cost budget: reservations in flight, and no wait that nothing can end. */
class BudgetTest {
  @Test
  void reservationsThatDoNotSumBackToZeroExactlyStillLeaveNothingInFlight() {
    BenchmarkRunner.Budget budget = new BenchmarkRunner.Budget(0, 0.35);
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      assertTrue(budget.reserve(0.1));
      assertTrue(budget.reserve(0.2));
      budget.settle(0.1, 0.1); // 0.1 + 0.2 - 0.1 - 0.2 is 2.8e-17 in doubles, not 0
      budget.settle(0.2, 0.2);
      // 0.3 spent: another 0.1 cannot fit, and nothing is in flight to make room: the budget is reached (a waiting
      // worker used to wait for ever here, and the run with it)
      assertFalse(budget.reserve(0.1));
    });
    assertEquals(0.30000000000000004, budget.sum());
  }

  @Test
  void aReservationWaitsForTheAdmissionsInFlightThenFits() throws Exception {
    BenchmarkRunner.Budget budget = new BenchmarkRunner.Budget(0, 1.0);
    assertTrue(budget.reserve(0.6));
    boolean[] second = new boolean[1];
    Thread waiting = new Thread(() -> {
      try {
        second[0] = budget.reserve(0.6);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    waiting.start();
    budget.settle(0.6, 0.1); // it cost far less than reserved: 0.1 + 0.6 fits
    waiting.join(10_000);
    assertTrue(second[0]);
  }
}
