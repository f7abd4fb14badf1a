package org.medcode.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Thinning a long line keeps exact points, draws the same shape, and leaves short lines alone. */
class SvgChartTest {
  @Test
  void everyPointLeftOutIsWithinAPixelAndAHalfOfTheLineDrawn() {
    Random random = new Random(5);
    for (int round = 0; round < 60; round++) {
      int n = 2 + random.nextInt(round % 4 == 0 ? 40_000 : 3_000);
      double[] x = new double[n];
      double[] y = new double[n];
      double walk = 150;
      for (int i = 0; i < n; i++) {
        x[i] = switch (round % 3) {
          case 0 -> 50 + 370.0 * i / n;                       // monotone, as coverage and recall@k are
          case 1 -> 50 + 370.0 * Math.sqrt((double) i / n);    // crowded at the right
          default -> 50 + 370 * random.nextDouble();         // anywhere
        };
        walk = Math.max(30, Math.min(240, walk + random.nextGaussian() * (round % 2 == 0 ? 0.05 : 3)));
        y[i] = round % 5 == 0 ? 240 - 200.0 * i / n : walk;
      }
      int[] kept = SvgChart.thin(x, y);
      assertEquals(0, kept[0]);
      assertEquals(n - 1, kept[kept.length - 1]);
      for (int k = 1; k < kept.length; k++) {
        assertTrue(kept[k] > kept[k - 1], "indices increase");
      }
      int segment = 0;
      for (int i = 0; i < n; i++) {
        while (kept[segment + 1] < i) {
          segment++;
        }
        if (i == kept[segment] || i == kept[segment + 1]) {
          continue;
        }
        double d = distance(x[i], y[i], x[kept[segment]], y[kept[segment]], x[kept[segment + 1]], y[kept[segment + 1]]);
        double nearest = d;
        for (int k = Math.max(0, segment - 3); k < Math.min(kept.length - 1, segment + 4); k++) {
          nearest = Math.min(nearest, distance(x[i], y[i], x[kept[k]], y[kept[k]], x[kept[k + 1]], y[kept[k + 1]]));
        }
        assertTrue(nearest <= 1.5, "round " + round + ": point " + i + " is " + nearest + " px from the line drawn");
      }
    }
  }

  @Test
  void aStraightLineIsItsEndsAndAShortLineIsAllOfIt() {
    double[] x = new double[100_000];
    double[] y = new double[100_000];
    for (int i = 0; i < x.length; i++) {
      x[i] = 50 + 370.0 * i / x.length;
      y[i] = 240 - 0.5 * (x[i] - 50);
    }
    assertArrayEquals(new int[] {0, x.length - 1}, SvgChart.thin(x, y));
    assertArrayEquals(new int[] {0, 1}, SvgChart.thin(new double[] {1, 2}, new double[] {3, 4}));
  }

  @Test
  void linesUpToTheLimitAreDrawnThroughEveryPoint() {
    double[] x = new double[SvgChart.THIN_ABOVE];
    double[] y = new double[SvgChart.THIN_ABOVE];
    for (int i = 0; i < x.length; i++) {
      x[i] = (double) i / x.length;
      y[i] = 0.5;
    }
    y[3] = Double.NaN;
    String svg = SvgChart.lines("t", "x", "y", 1.0, List.of(new SvgChart.Line("l", x, y)));
    String points = svg.substring(svg.indexOf("points='") + 8, svg.indexOf("'", svg.indexOf("points='") + 8));
    assertEquals(SvgChart.THIN_ABOVE - 1, points.split(" ").length, "every point with a value, on a straight line too");
    double[] longer = Arrays.copyOf(x, x.length + 1);
    longer[x.length] = 1;
    double[] flat = new double[longer.length];
    Arrays.fill(flat, 0.5);
    String thinned = SvgChart.lines("t", "x", "y", 1.0, List.of(new SvgChart.Line("l", longer, flat)));
    assertTrue(thinned.contains("points='50.0,135.0 420.0,135.0'"), thinned);
  }

  /**
   * Before: the coverage–quality curve drew micro precision, micro recall and exact match as three solid lines told
   * apart by colour alone (blue, red, green), with colour squares as their legend; read in grey or by a reader who
   * does not tell red from green, the lines could not be told apart. Each line now has its own dash pattern, and its
   * legend entry is a short line drawn the same way.
   */
  @Test
  void linesDifferByDashPatternNotOnlyByColour() {
    double[] x = {0, 0.5, 1};
    double[] y = {0.2, 0.4, 0.6};
    String svg = SvgChart.lines("t", "x", "y", 1.0, List.of(new SvgChart.Line("micro precision", x, y),
        new SvgChart.Line("micro recall", x, y), new SvgChart.Line("exact match", x, y)));
    java.util.regex.Matcher polylines = java.util.regex.Pattern.compile("<polyline [^>]*>").matcher(svg);
    java.util.Set<String> dashes = new java.util.HashSet<>();
    while (polylines.find()) {
      java.util.regex.Matcher dash = java.util.regex.Pattern.compile("stroke-dasharray='([^']*)'").matcher(
          polylines.group());
      dashes.add(dash.find() ? dash.group(1) : "solid");
    }
    assertEquals(3, dashes.size(), svg);
    for (String dash : dashes) {
      if (!dash.equals("solid")) {
        assertTrue(svg.contains("<line x1='432' x2='446' y1='" ) && svg.contains("stroke-dasharray='" + dash + "'/>"),
            "the legend draws the dash pattern " + dash + ": " + svg);
      }
    }
  }

  /** Distance from (px, py) to the segment (ax, ay)-(bx, by). */
  private static double distance(double px, double py, double ax, double ay, double bx, double by) {
    double dx = bx - ax;
    double dy = by - ay;
    double t = dx == 0 && dy == 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(px - ax - t * dx, py - ay - t * dy);
  }
}
