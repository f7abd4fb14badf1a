package org.medcode.coder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EstimateTest {
  private static Estimate estimate(int admissions, long requests, long cached) {
    return new Estimate(admissions, requests, cached, 378, "exact", 192, "assumed", 0.006, 0.003, 0.02, 0.01, "p", "local",
        List.of());
  }

  /** The dry run's "about N of M admissions": whole shares are not lost to floating point (it said 0 where 1 was right). */
  @Test
  void aBudgetThatCoversAWholeNumberOfAdmissionsReachesThem() {
    Estimate three = estimate(3, 3, 0);
    assertEquals(1, three.admissionsWithin(0.002, 0.006));
    assertEquals(1, three.admissionsWithin(0.002, 3 * 0.002000000000000001));
    assertEquals(2, three.admissionsWithin(0.004, 0.006));
    assertEquals(0, three.admissionsWithin(0.0019, 0.006));
  }

  /** Admissions the cache answers cost nothing: they are reached whatever the budget. */
  @Test
  void cachedAdmissionsAreReachedForNothing() {
    Estimate half = estimate(10, 10, 5);
    assertEquals(5, half.admissionsWithin(0, 0.006));
    assertEquals(10, half.admissionsWithin(0.006, 0.006));
    assertEquals(7, half.admissionsWithin(0.003, 0.006));
  }
}
