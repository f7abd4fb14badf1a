package org.medcode.prediction;

import java.nio.file.Path;
import java.util.Locale;

/** Layouts of a predictions file. */
public enum PredictionFormat {
  /** {@code admission<TAB>code[<TAB>score]}, one code a line, in rank order (CodiEsp's submission format). */
  TSV,
  /** A header row with {@code admission_id,code} and optionally {@code score} and/or {@code rank}. */
  CSV,
  /** One admission a line: {@code {"admission_id": "...", "codes": ["N44.8", {"code": "I10", "score": 0.9}]}}. */
  JSONL;

  /** Guesses the format from a file name: .csv, .jsonl/.json, anything else TSV. */
  public static PredictionFormat of(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return CSV;
    }
    if (name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson")) {
      return JSONL;
    }
    return TSV;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
