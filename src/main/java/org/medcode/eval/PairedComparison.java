package org.medcode.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Two coders (or two runs) on the same admissions, B against A: for every level and metric the difference B − A with a
 * paired bootstrap interval and an approximate-randomisation p-value, the admissions whose exact-level F1 changed and
 * the codes found or lost; {@code invalidPolicy} and {@code population} are the settings both sides were scored with.
 * See {@link Paired} for the procedure.
 */
public record PairedComparison(String labelA, String labelB, int admissions, int resamples, int permutations, long seed,
    double confidence, List<Difference> differences, List<AdmissionChange> changedAdmissions, List<CodeChange> changedCodes,
    List<String> notes, InvalidPolicy invalidPolicy, Population population) {
  public PairedComparison {
    differences = List.copyOf(differences);
    changedAdmissions = List.copyOf(changedAdmissions);
    changedCodes = List.copyOf(changedCodes);
    notes = List.copyOf(notes);
  }

  /** The same comparison with one more note. */
  public PairedComparison withNote(String note) {
    List<String> more = new ArrayList<>(notes);
    more.add(note);
    return new PairedComparison(labelA, labelB, admissions, resamples, permutations, seed, confidence, differences,
        changedAdmissions, changedCodes, more, invalidPolicy, population);
  }

  /** One metric: A's and B's values, B − A with its paired-bootstrap interval (NaN without resamples), and p. */
  public record Difference(MetricKey key, double a, double b, double difference, double ciLow, double ciHigh,
      double pValue) {}

  /**
   * An admission whose exact-level F1 differs: F1 under A and B, gold codes B finds and A does not ({@code gained}) and
   * the reverse ({@code lost}).
   */
  public record AdmissionChange(String admissionId, double f1A, double f1B, List<String> gained, List<String> lost) {
    public AdmissionChange {
      gained = List.copyOf(gained);
      lost = List.copyOf(lost);
    }

    public boolean improved() {
      return f1B > f1A;
    }

    public boolean regressed() {
      return f1B < f1A;
    }
  }

  /** A gold code found by B but not A in {@code gained} admissions, and by A but not B in {@code lost}. */
  public record CodeChange(String code, long gained, long lost) {}
}
