package org.medcode.prediction;

import java.util.List;
import java.util.Map;

/**
 * Predictions read from one file: per admission (in order of first appearance), plus what the reader noticed.
 * {@code rows} = code rows read; {@code duplicates} = rows repeating a code already given for the same admission
 * (after normalisation; one entry is kept at the first position, with the highest score given to that code) with a few
 * {@code duplicateExamples}. {@code failed}: the admissions a run's own log read back (JSONL) records as failed
 * ({@code "status": "failed"}, its last line for the admission), with the failure's kind; they have no codes.
 */
public record PredictionSet(String source, PredictionFormat format, Map<String, Prediction> byAdmission, long rows,
    long duplicates, List<String> duplicateExamples, LastLine unterminated, Map<String, String> failed) {
  public PredictionSet {
    byAdmission = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byAdmission));
    duplicateExamples = List.copyOf(duplicateExamples);
    failed = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(failed));
  }

  /** A set whose file ends with a line break (or whose ending is not known), without failures. */
  public PredictionSet(String source, PredictionFormat format, Map<String, Prediction> byAdmission, long rows,
      long duplicates, List<String> duplicateExamples) {
    this(source, format, byAdmission, rows, duplicates, duplicateExamples, null, Map.of());
  }

  /**
   * The last row of a file whose last line has no line break ({@code unterminated}; null when it has one): a writer
   * killed mid-write leaves such a line, its code cut short ({@code E11.} for {@code E11.9}) and read as another code.
   * Many files simply lack the final line break, so it is only worth a word when the code looks cut ({@link #looksCut}).
   */
  public record LastLine(long line, String admissionId, String code, String raw) {
    /** Whether the code looks cut: {@code invalid} for the table, or ending in a dot or a hyphen as no code does. */
    public boolean looksCut(boolean invalid) {
      String written = raw.strip();
      return invalid || written.endsWith(".") || written.endsWith("-");
    }

    /** The warning to give when it looks cut. */
    public String warning(String file) {
      return "the last line of " + file + " (line " + line + ": admission " + org.medcode.Ids.show(admissionId)
          + ", code " + org.medcode.Ids.show(raw) + ") has no line break and its code looks cut short, as a file whose"
          + " writer was stopped mid-write ends; it was scored as written: if the file was cut, write it again whole";
    }
  }

  /**
   * The warning when the file's last line has no line break and its code looks cut ({@link LastLine#looksCut});
   * {@code valid} says whether a code is valid for the table it is scored against. Empty otherwise.
   */
  public java.util.Optional<String> cutLastLine(String file, java.util.function.Predicate<String> valid) {
    return unterminated == null || !unterminated.looksCut(!valid.test(unterminated.code())) ? java.util.Optional.empty()
        : java.util.Optional.of(unterminated.warning(file));
  }

  /** Whether the file records nothing: no code and no failure (a run's log of failures only is not empty). */
  public boolean empty() {
    return rows == 0 && failed.isEmpty();
  }
}
