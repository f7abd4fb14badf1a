package org.medcode.coder.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The small logistic regression of the second-stage scorers. */
class LogisticTest {

  @Test
  void withoutInformativeFeaturesItPredictsTheBaseRate() {
    List<Logistic.Row> rows = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      rows.add(new Logistic.Row(new double[] {0}, i % 4 == 0));
    }
    // a quarter positive: p = 0.25, whatever the (constant) feature
    assertEquals(0.25, Logistic.fit(rows, 1.0).probability(new double[] {0}), 1e-6);
  }

  @Test
  void itRecoversTheWeightsThatGeneratedTheData() {
    SplittableRandom random = new SplittableRandom(11);
    List<Logistic.Row> rows = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      double x = random.nextDouble(-3, 3);
      double z = random.nextDouble(-3, 3);
      double p = Logistic.sigmoid(-1 + 2 * x + 0 * z);
      rows.add(new Logistic.Row(new double[] {x, z}, random.nextDouble() < p));
    }
    double[] w = Logistic.fit(rows, 1e-6).weights();
    assertEquals(-1, w[0], 0.1);
    assertEquals(2, w[1], 0.1);
    assertEquals(0, w[2], 0.1);
  }

  @Test
  void thePenaltyShrinksWeightsOfSeparableDataAndTheFitIsDeterministic() {
    List<Logistic.Row> rows = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      rows.add(new Logistic.Row(new double[] {i < 50 ? -1 : 1}, i >= 50));
    }
    Logistic fitted = Logistic.fit(rows, 1.0);
    assertTrue(Double.isFinite(fitted.weights()[1]) && fitted.weights()[1] > 1 && fitted.weights()[1] < 20,
        fitted.toString());
    assertTrue(fitted.probability(new double[] {1}) > 0.9);
    assertEquals(fitted, Logistic.fit(rows, 1.0));
  }
}
