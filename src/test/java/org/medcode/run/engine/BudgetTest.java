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
      assertTrue(budget.reserve("a", 0.1));
      assertTrue(budget.reserve("a", 0.2));
      budget.settle(0.1, 0.1); // 0.1 + 0.2 - 0.1 - 0.2 is 2.8e-17 in doubles, not 0
      budget.settle(0.2, 0.2);
      // 0.3 spent: another 0.1 cannot fit, and nothing is in flight to make room: the budget is reached (a waiting
      // worker used to wait for ever here, and the run with it)
      assertFalse(budget.reserve("a", 0.1));
    });
    assertEquals(0.30000000000000004, budget.sum());
  }

  @Test
  void aReservationWaitsForTheAdmissionsInFlightThenFits() throws Exception {
    BenchmarkRunner.Budget budget = new BenchmarkRunner.Budget(0, 1.0);
    assertTrue(budget.reserve("a", 0.6));
    boolean[] second = new boolean[1];
    Thread waiting = new Thread(() -> {
      try {
        second[0] = budget.reserve("a", 0.6);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    waiting.start();
    budget.settle(0.6, 0.1); // it cost far less than reserved: 0.1 + 0.6 fits
    waiting.join(10_000);
    assertTrue(second[0]);
  }
  @Test
  void roomBeyondAReservationIsReleasedWithItAndNeverAwaitedFromAnotherWaiter() throws Exception {
    BenchmarkRunner.Budget budget = new BenchmarkRunner.Budget(0, 1.0);
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      assertTrue(budget.reserve("a", 0.3));
      Thread other = new Thread(() -> { // another admission: reserves, gets room for a second attempt, is recorded
        try {
          assertTrue(budget.reserve("a", 0.3));
          assertTrue(budget.extend(0.3)); // 0.9 in all fits
          budget.settle(0.3, 0.3); // its reservation and its extra room leave; what it cost stays
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      other.start();
      other.join();
      assertTrue(budget.extend(0.4)); // 0.3 spent + 0.3 reserved + 0.4 fits only if the other's extra room left too
      assertFalse(budget.extend(0.1)); // nothing else in flight to make room: no wait
      budget.settle(0.3, 0.2);
    });
    assertEquals(0.5, budget.sum(), 1e-12);

    // two admissions in flight both asking for more than fits: neither waits for the other, which would never settle
    BenchmarkRunner.Budget two = new BenchmarkRunner.Budget(0, 1.0);
    boolean[] got = new boolean[2];
    java.util.concurrent.CyclicBarrier reserved = new java.util.concurrent.CyclicBarrier(2);
    Thread[] admissions = new Thread[2];
    for (int i = 0; i < 2; i++) {
      int n = i;
      admissions[i] = new Thread(() -> {
        try {
          two.reserve("a", 0.4);
          reserved.await();
          got[n] = two.extend(0.4);
          two.settle(0.4, 0.4);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      admissions[i].start();
    }
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      admissions[0].join();
      admissions[1].join();
    });
    assertFalse(got[0] && got[1]); // 0.8 reserved, 0.8 more asked: at most one fits (once the other was recorded)
  }

  /**
   * Room beyond a reservation is the admission's on the thread that reserved it ({@code CodingSession.Room}: asked
   * during {@code code()}, on its thread): asked on another thread (a coder handing a retry to an executor), it was
   * granted and kept on that thread, released by no admission, and subtracted from the next admission that thread
   * settles, which then let others start past the budget. Such a request is refused, saying why, and changes nothing.
   */
  @Test
  void roomAskedOnAThreadThatHoldsNoReservationIsRefusedNotMisplaced() throws Exception {
    BenchmarkRunner.Budget budget = new BenchmarkRunner.Budget(0, 1.0);
    assertTrue(budget.reserve("a", 0.4));
    Throwable[] failure = new Throwable[1];
    Thread helper = new Thread(() -> {
      try {
        budget.extend(0.2);
      } catch (Throwable e) {
        failure[0] = e;
      }
    });
    helper.start();
    helper.join(10_000);
    assertTrue(failure[0] instanceof IllegalStateException && failure[0].getMessage().contains("on the thread"),
        String.valueOf(failure[0]));
    assertTrue(budget.extend(0.6)); // nothing was held for the helper: 0.4 + 0.6 fits
    budget.settle(0.4, 1.0);
    assertEquals(1.0, budget.sum(), 1e-12);
  }

  /**
   * Room pledged while preparing (a batch member submitted for the admission) is the pledged admission's alone: another
   * admission that does not fit beside it is refused even with nothing in flight, and the pledged one fits in it.
   */
  @Test
  void roomPledgedToAnAdmissionIsNotSpentByAnother() throws Exception {
    BenchmarkRunner.Budget budget = new BenchmarkRunner.Budget(0.1, 1.0);
    budget.room().pledge("x", 0.6);
    budget.room().pledge("y", 0.0); // nothing committed: nothing set aside
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      assertFalse(budget.reserve("y", 0.4), "0.1 spent + 0.6 pledged to x + 0.4 is over 1.0");
      assertTrue(budget.reserve("y", 0.3));
      assertTrue(budget.reserve("x", 0.6), "x takes the room pledged to it");
      budget.settle(0.3, 0.2);
      budget.settle(0.6, 0.55);
      assertTrue(budget.reserve("z", 0.15), "what x did not spend of its pledge is free again");
    });
    assertEquals(0.85, budget.sum(), 1e-12);
  }
}
