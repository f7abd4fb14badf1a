package org.medcode.run;

import java.nio.file.Path;

/**
 * What {@code medcode compare} should do: compare coder {@code coderB} of run {@code runB} against coder {@code coderA}
 * of run {@code runA} (the runs may be the same folder) on the same admissions. A null coder means: every coder id the
 * two runs share, or the only coder of each run. {@code permutations} are the approximate-randomisation rounds;
 * {@code out} the folder for the comparison files (null = {@code results/<UTC stamp>_compare}); {@code confidence} the
 * level of the paired intervals (null = the level both runs' intervals are at; runs at different levels need one).
 */
public record CompareSpec(Path runA, Path runB, String coderA, String coderB, int permutations, Path out,
    Double confidence) {
  /** At the runs' own confidence level. */
  public CompareSpec(Path runA, Path runB, String coderA, String coderB, int permutations, Path out) {
    this(runA, runB, coderA, coderB, permutations, out, null);
  }
}
