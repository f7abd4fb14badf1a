package org.medcode.dataset.mimic;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a MIMIC cohort is made of: the admissions left after each filter step, and distributions over the final cohort.
 * Jackson writes and reads it as it is ({@code cohort.json}).
 *
 * @param spec the dataset spec the cohort was built from (canonical)
 * @param steps admissions left after each step, in the order applied
 * @param noteChars total note characters per admission (null when notes are not read)
 * @param notesPerAdmission notes per admission (null when notes are not read)
 * @param codesPerAdmission gold codes per admission (after de-duplication and mapping)
 * @param codes per code system: code occurrences and distinct codes
 * @param icdVersions admissions by the ICD version(s) of their kept codes before mapping ({@code 9}, {@code 10}, {@code 9+10})
 * @param mapping with {@code map=icd10}: ICD-9 code occurrences by GEM kind ({@code exact}, {@code approximate},
 *     {@code combination}, {@code no map}, {@code not in GEMs}) plus {@code codes produced} and {@code with alternatives};
 *     empty otherwise
 * @param warnings what the loader noticed but accepted
 */
public record CohortSummary(String spec, List<Step> steps, Distribution noteChars, Distribution notesPerAdmission,
    Distribution codesPerAdmission, Map<String, CodeCount> codes, Map<String, Long> icdVersions, Map<String, Long> mapping,
    List<String> warnings) {

  public CohortSummary {
    steps = List.copyOf(steps);
    codes = ordered(codes);
    icdVersions = ordered(icdVersions);
    mapping = ordered(mapping);
    warnings = List.copyOf(warnings);
  }

  /** An unmodifiable copy that keeps the given order (so files and listings show it). */
  private static <V> Map<String, V> ordered(Map<String, V> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /** The number of admissions in the final cohort. */
  public long admissions() {
    return steps.isEmpty() ? 0 : steps.get(steps.size() - 1).admissions();
  }

  /** One filter step: a short name, what it keeps, and how many admissions are left after it. */
  public record Step(String name, String keeps, long admissions) {}

  /** Occurrences and distinct codes of one code system. */
  public record CodeCount(long occurrences, long distinct) {}

  /**
   * Summary statistics of whole numbers; percentiles by nearest rank (the value at position ceil(p * n), 1-based, of
   * the sorted values). All zero when {@code n} is 0.
   */
  public record Distribution(long n, long min, long p10, long p25, long median, long p75, long p90, long max, double mean) {

    public static Distribution of(long[] values) {
      if (values.length == 0) {
        return new Distribution(0, 0, 0, 0, 0, 0, 0, 0, 0);
      }
      long[] sorted = values.clone();
      Arrays.sort(sorted);
      double sum = 0;
      for (long value : sorted) {
        sum += value;
      }
      return new Distribution(sorted.length, sorted[0], rank(sorted, 0.10), rank(sorted, 0.25), rank(sorted, 0.50),
          rank(sorted, 0.75), rank(sorted, 0.90), sorted[sorted.length - 1], sum / sorted.length);
    }

    private static long rank(long[] sorted, double p) {
      int position = (int) Math.ceil(p * sorted.length);
      return sorted[Math.max(0, Math.min(sorted.length, position) - 1)];
    }
  }
}
