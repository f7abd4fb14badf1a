package org.medcode.eval;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's bootstrap resamples of an evaluation, reproduced so that a figure derived from several metrics gets its
 * interval on exactly the resamples the engine used for each of them (a paired interval): resample b draws with the b-th
 * {@code split()} of {@code new SplittableRandom(seed)} ({@link SplitMix}), n draws {@code nextInt(n)} of the scored
 * admissions in their order or, grouping by patient, P draws {@code nextInt(P)} of the patients in order of first
 * appearance, each bringing all its admissions — as {@code Bootstrap} draws them for the whole evaluation.
 */
public final class Resamples {
  private final int n;
  private final int patients;
  private final int[] patientStart;
  private final int[] patientAdmissions;
  private final boolean byPatient;
  private final int resamples;
  private final long seed;

  /** What is done with each resample's multiplicities. */
  public interface Visitor {
    /** Resample {@code b} (0-based, visited in order): {@code w[i]} is how often admission i was drawn. */
    void visit(int b, int[] w);
  }

  private Resamples(List<String> patientIds, int resamples, long seed, boolean byPatient) {
    n = patientIds.size();
    this.byPatient = byPatient;
    Map<String, Integer> number = new HashMap<>();
    int[] patientOf = new int[n];
    for (int i = 0; i < n; i++) {
      patientOf[i] = number.computeIfAbsent(patientIds.get(i), id -> number.size());
    }
    patients = number.size();
    patientStart = new int[patients + 1];
    patientAdmissions = new int[n];
    for (int i = 0; i < n; i++) {
      patientStart[patientOf[i] + 1]++;
    }
    for (int p = 0; p < patients; p++) {
      patientStart[p + 1] += patientStart[p];
    }
    int[] fill = Arrays.copyOf(patientStart, patients);
    for (int i = 0; i < n; i++) {
      patientAdmissions[fill[patientOf[i]]++] = i;
    }
    this.resamples = resamples;
    this.seed = seed;
  }

  /**
   * The resamples of an evaluation: its scored admissions are the exact level's {@code perAdmission} (in order, with
   * their patients); count, seed and grouping from its options.
   */
  public static Resamples of(EvaluationResult result) {
    List<AdmissionCounts> scored = scored(result);
    EvalOptions options = result.options();
    return new Resamples(scored.stream().map(AdmissionCounts::patientId).toList(), options.bootstrap(), options.seed(),
        options.groupByPatient());
  }

  /** The admissions a result scored, in order (those of its first level; every level has the same). */
  static List<AdmissionCounts> scored(EvaluationResult result) {
    if (result.levels().isEmpty()) {
      return List.of();
    }
    return result.levels().get(0).perAdmission();
  }

  /** The number of resamples (0: no interval). */
  public int count() {
    return n == 0 ? 0 : resamples;
  }

  /** The number of admissions resampled. */
  public int admissions() {
    return n;
  }

  /** Draws every resample in order and hands its multiplicities to {@code visitor} (the array is reused). */
  public void forEach(Visitor visitor) {
    if (count() == 0) {
      return;
    }
    SplitMix root = new SplitMix(seed);
    int[] w = new int[n];
    for (int b = 0; b < resamples; b++) {
      SplitMix rng = root.split();
      Arrays.fill(w, 0);
      if (byPatient) {
        for (int j = 0; j < patients; j++) {
          int p = rng.nextInt(patients);
          for (int a = patientStart[p]; a < patientStart[p + 1]; a++) {
            w[patientAdmissions[a]]++;
          }
        }
      } else {
        for (int j = 0; j < n; j++) {
          w[rng.nextInt(n)]++;
        }
      }
      visitor.visit(b, w);
    }
  }
}
