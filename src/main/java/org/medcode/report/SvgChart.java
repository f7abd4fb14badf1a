package org.medcode.report;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Small self-drawn SVG charts for the HTML report (no script, no network): point-and-whisker charts for values with
 * intervals, line charts and 100 % stacked bars. Values are on [0, 1] unless an x range is given.
 */
final class SvgChart {
  static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f",
      "#bcbd22", "#17becf"};
  /**
   * A line chart's dash patterns, one per line (the first solid), so that lines differ by more than colour (read in
   * grey, or by a reader who does not tell red from green).
   */
  static final String[] DASHES = {"", "6 3", "2 3", "8 3 2 3", "12 4", "2 6"};
  private static final int W = 540;
  private static final int H = 300;
  private static final int LEFT = 50;
  private static final int RIGHT = 120;
  private static final int TOP = 30;
  private static final int BOTTOM = 60;
  /** Lines with at most this many points also get a marker per point. */
  private static final int MARKERS = 60;
  /** Lines with more points than this are drawn through fewer of them ({@link #thin}); shorter ones through all. */
  static final int THIN_ABOVE = 500;
  /** How far (in pixels) a thinned line may pass from a point left out. */
  static final double TOLERANCE = 0.5;

  /** One series of values with optional interval bounds (NaN = none), one per category. */
  record Series(String name, double[] value, double[] low, double[] high) {}

  /** One line: points (x[i], y[i]). */
  record Line(String name, double[] x, double[] y) {}

  /** One stacked bar: parts summing to about 1, in legend order. */
  record Bar(String name, double[] parts) {}

  private SvgChart() {}

  /**
   * Each category on the x axis, each series a point with its interval whisker; y from 0 to the largest value or bound
   * rounded up to a tenth (at most 1).
   */
  static String intervals(String title, String yLabel, List<String> categories, List<Series> series) {
    StringBuilder svg = open(title);
    double top = 0;
    for (Series s : series) {
      for (double[] values : List.of(s.value(), s.high())) {
        for (double v : values) {
          top = Double.isNaN(v) ? top : Math.max(top, v);
        }
      }
    }
    int tenths = (int) Math.max(1, Math.min(10, Math.ceil(top * 10 - 1e-9)));
    if (tenths > 5 && tenths % 2 == 1) {
      tenths++;
    }
    double max = tenths / 10.0;
    axes(svg, yLabel, 0, max);
    int plotW = W - LEFT - RIGHT;
    int count = Math.max(1, categories.size());
    double slot = (double) plotW / count;
    for (int c = 0; c < categories.size(); c++) {
      double cx = LEFT + slot * (c + 0.5);
      svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' font-size='10' text-anchor='end' "
          + "transform='rotate(-30 %.1f %d)'>%s</text>", cx, H - BOTTOM + 14, cx, H - BOTTOM + 14,
          HtmlReport.esc(categories.get(c))));
      for (int s = 0; s < series.size(); s++) {
        Series ser = series.get(s);
        double v = ser.value()[c];
        if (Double.isNaN(v)) {
          continue;
        }
        double x = cx + (series.size() == 1 ? 0 : (s - (series.size() - 1) / 2.0) * Math.min(12, slot / (series.size() + 1)));
        String color = COLORS[s % COLORS.length];
        if (!Double.isNaN(ser.low()[c])) {
          svg.append(String.format(Locale.ROOT, "<line x1='%.1f' x2='%.1f' y1='%.1f' y2='%.1f' stroke='%s' "
              + "stroke-width='1.5'/>", x, x, y(ser.low()[c], 0, max), y(ser.high()[c], 0, max), color));
        }
        svg.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='4' fill='%s'><title>%s %s: %s%s</title>"
            + "</circle>", x, y(v, 0, max), color, HtmlReport.esc(ser.name()), HtmlReport.esc(categories.get(c)),
            Numbers.short3(v), Double.isNaN(ser.low()[c]) ? ""
                : " [" + Numbers.short3(ser.low()[c]) + ", " + Numbers.short3(ser.high()[c]) + "]"));
      }
    }
    legend(svg, series.stream().map(Series::name).toList(), false);
    return svg.append("</svg>").toString();
  }

  /** Lines on x in [0, xMax] and y in [0, 1]. */
  static String lines(String title, String xLabel, String yLabel, double xMax, List<Line> lines) {
    StringBuilder svg = open(title);
    axes(svg, yLabel, 0, 1);
    int plotW = W - LEFT - RIGHT;
    boolean share = xMax == 1;
    double step = share ? 0.25 : Math.max(1, Math.ceil(xMax / 5));
    for (double xv = 0; xv <= xMax + 1e-9; xv += step) {
      svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' font-size='10' text-anchor='middle'>%s</text>",
          LEFT + plotW * xv / xMax, H - BOTTOM + 14, share ? String.format(Locale.ROOT, "%.2f", xv)
              : String.format(Locale.ROOT, "%.0f", xv)));
    }
    svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' font-size='11' text-anchor='middle'>%s</text>",
        LEFT + plotW / 2.0, H - BOTTOM + 32, HtmlReport.esc(xLabel)));
    for (int l = 0; l < lines.size(); l++) {
      Line line = lines.get(l);
      String color = COLORS[l % COLORS.length];
      StringBuilder points = new StringBuilder();
      for (int i : drawn(line, xMax, plotW)) {
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + plotW * line.x()[i] / xMax, y(line.y()[i], 0, 1)));
      }
      svg.append(String.format(Locale.ROOT, "<polyline class='series' fill='none' stroke='%s' stroke-width='2'%s "
          + "points='%s'><title>%s</title></polyline>", color, dash(l), points.toString().trim(),
          HtmlReport.esc(line.name())));
      if (line.x().length <= MARKERS) {
        for (int i = 0; i < line.x().length; i++) {
          if (!Double.isNaN(line.y()[i])) {
            svg.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='3' fill='%s'><title>%s: %s at %s</title>"
                + "</circle>", LEFT + plotW * line.x()[i] / xMax, y(line.y()[i], 0, 1), color, HtmlReport.esc(line.name()),
                Numbers.short3(line.y()[i]), Numbers.short3(line.x()[i])));
          }
        }
      }
    }
    legend(svg, lines.stream().map(Line::name).toList(), true);
    return svg.append("</svg>").toString();
  }

  /**
   * The points of a line to draw, in order: every point with a value, or, past {@link #THIN_ABOVE} points, those that
   * {@link #thin} keeps.
   */
  private static int[] drawn(Line line, double xMax, int plotW) {
    int[] valued = IntStream.range(0, line.x().length).filter(i -> !Double.isNaN(line.y()[i])).toArray();
    if (line.x().length <= THIN_ABOVE) {
      return valued;
    }
    double[] px = new double[valued.length];
    double[] py = new double[valued.length];
    for (int k = 0; k < valued.length; k++) {
      px[k] = LEFT + plotW * line.x()[valued[k]] / xMax;
      py[k] = y(line.y()[valued[k]], 0, 1);
    }
    return Arrays.stream(thin(px, py)).map(k -> valued[k]).toArray();
  }

  /**
   * Which points of a polyline (pixel coordinates, in drawing order) to keep so that it looks the same: in each run of
   * points within one pixel column the first, the last, the highest and the lowest (M4, which draws the same pixels),
   * then of those only the ones that are more than {@link #TOLERANCE} pixel away from the segment between
   * their neighbours kept (Ramer-Douglas-Peucker). Kept points are original points, never averages. Indices in
   * increasing order; the first and last point are always kept.
   */
  static int[] thin(double[] px, double[] py) {
    int n = px.length;
    if (n <= 2) {
      return IntStream.range(0, n).toArray();
    }
    List<Integer> columns = new ArrayList<>();
    for (int start = 0; start < n; ) {
      int end = start;
      int low = start;
      int high = start;
      while (end + 1 < n && Math.floor(px[end + 1]) == Math.floor(px[start])) {
        end++;
        low = py[end] < py[low] ? end : low;
        high = py[end] > py[high] ? end : high;
      }
      TreeSet<Integer> run = new TreeSet<>(List.of(start, low, high, end));
      columns.addAll(run);
      start = end + 1;
    }
    int m = columns.size();
    boolean[] keep = new boolean[m];
    keep[0] = true;
    keep[m - 1] = true;
    ArrayDeque<int[]> segments = new ArrayDeque<>();
    segments.push(new int[] {0, m - 1});
    while (!segments.isEmpty()) {
      int[] segment = segments.pop();
      int a = columns.get(segment[0]);
      int b = columns.get(segment[1]);
      double dx = px[b] - px[a];
      double dy = py[b] - py[a];
      double squared = dx * dx + dy * dy;
      double farthest = -1;
      int at = -1;
      for (int k = segment[0] + 1; k < segment[1]; k++) {
        int p = columns.get(k);
        double t = squared == 0 ? 0 : Math.max(0, Math.min(1, ((px[p] - px[a]) * dx + (py[p] - py[a]) * dy) / squared));
        double distance = Math.hypot(px[p] - px[a] - t * dx, py[p] - py[a] - t * dy);
        if (distance > farthest) {
          farthest = distance;
          at = k;
        }
      }
      if (at >= 0 && farthest > TOLERANCE) {
        keep[at] = true;
        segments.push(new int[] {segment[0], at});
        segments.push(new int[] {at, segment[1]});
      }
    }
    return IntStream.range(0, m).filter(k -> keep[k]).map(columns::get).toArray();
  }

  /** Horizontal 100 % stacked bars, one per row, parts coloured in legend order. */
  static String stacked(String title, List<String> legend, List<Bar> bars) {
    int rowH = 26;
    int height = TOP + Math.max(bars.size() * rowH, 16 * legend.size()) + 20;
    StringBuilder svg = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' "
        + "class='chart' width='%d' height='%d' viewBox='0 0 %d %d' role='img'><title>%s</title>", W, height, W, height,
        HtmlReport.esc(title)));
    svg.append(String.format(Locale.ROOT, "<text x='%d' y='18' font-size='13' font-weight='bold'>%s</text>", 8,
        HtmlReport.esc(title)));
    int barLeft = 120;
    int plotW = W - barLeft - RIGHT;
    for (int b = 0; b < bars.size(); b++) {
      Bar bar = bars.get(b);
      int y = TOP + b * rowH;
      svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='11' text-anchor='end'>%s</text>", barLeft - 6,
          y + 15, HtmlReport.esc(bar.name())));
      double x = barLeft;
      for (int p = 0; p < bar.parts().length; p++) {
        double w = plotW * bar.parts()[p];
        if (w <= 0) {
          continue;
        }
        svg.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%d' width='%.1f' height='20' fill='%s'><title>%s %s: "
            + "%s</title></rect>", x, y, w, COLORS[p % COLORS.length], HtmlReport.esc(bar.name()),
            HtmlReport.esc(legend.get(p)), Numbers.percent(bar.parts()[p])));
        x += w;
      }
    }
    legend(svg, legend, false);
    return svg.append("</svg>").toString();
  }

  private static StringBuilder open(String title) {
    StringBuilder svg = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' "
        + "class='chart' width='%d' height='%d' viewBox='0 0 %d %d' role='img'><title>%s</title>", W, H, W, H,
        HtmlReport.esc(title)));
    svg.append(String.format(Locale.ROOT, "<text x='%d' y='18' font-size='13' font-weight='bold'>%s</text>", 8,
        HtmlReport.esc(title)));
    return svg;
  }

  private static void axes(StringBuilder svg, String yLabel, double min, double max) {
    int plotW = W - LEFT - RIGHT;
    int tenths = (int) Math.round((max - min) * 10);
    int ticks = tenths <= 5 ? tenths : tenths / 2;
    for (int t = 0; t <= ticks; t++) {
      double v = min + (max - min) * t / ticks;
      double y = y(v, min, max);
      svg.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#ddd'/>", LEFT,
          LEFT + plotW, y, y));
      svg.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' font-size='10' text-anchor='end'>%s</text>",
          LEFT - 4, y + 3, String.format(Locale.ROOT, "%.2f", v)));
    }
    svg.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%d' y2='%d' stroke='#333'/>", LEFT, LEFT + plotW,
        H - BOTTOM, H - BOTTOM));
    svg.append(String.format(Locale.ROOT, "<text x='12' y='%d' font-size='11' text-anchor='middle' "
        + "transform='rotate(-90 12 %d)'>%s</text>", (TOP + H - BOTTOM) / 2, (TOP + H - BOTTOM) / 2,
        HtmlReport.esc(yLabel)));
  }

  /** The i-th line's dash attribute ({@link #DASHES}), empty for a solid line. */
  private static String dash(int i) {
    String pattern = DASHES[i % DASHES.length];
    return pattern.isEmpty() ? "" : " stroke-dasharray='" + pattern + "'";
  }

  /** The legend: a swatch per name, or for a line chart ({@code lines}) a stroke of the line's colour and dashes. */
  private static void legend(StringBuilder svg, List<String> names, boolean lines) {
    for (int i = 0; i < names.size(); i++) {
      int y = TOP + 6 + 16 * i;
      if (lines) {
        svg.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%d' y2='%d' stroke='%s' stroke-width='2'%s/>"
            + "<text x='%d' y='%d' font-size='11'>%s</text>", W - RIGHT + 12, W - RIGHT + 26, y - 4, y - 4,
            COLORS[i % COLORS.length], dash(i), W - RIGHT + 30, y, HtmlReport.esc(names.get(i))));
      } else {
        svg.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='10' height='10' fill='%s'/><text x='%d' "
            + "y='%d' font-size='11'>%s</text>", W - RIGHT + 12, y - 9, COLORS[i % COLORS.length], W - RIGHT + 26, y,
            HtmlReport.esc(names.get(i))));
      }
    }
  }

  private static double y(double value, double min, double max) {
    double clamped = Math.max(min, Math.min(max, value));
    return H - BOTTOM - (H - BOTTOM - TOP) * (clamped - min) / (max - min);
  }
}
