package org.medcode.eval;

import org.medcode.codesystem.Granularity;

/** Identifies one number: which metric, averaged how, at which granularity ({@code k} only for P@k and R@k, else 0). */
public record MetricKey(Granularity granularity, Averaging averaging, Metric metric, int k) {
  public MetricKey(Granularity granularity, Averaging averaging, Metric metric) {
    this(granularity, averaging, metric, 0);
  }

  public String metricLabel() {
    return metric.label(k);
  }
}
