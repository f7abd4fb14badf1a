package org.medcode.report.table;

import java.nio.file.Path;
import java.util.Locale;
import org.medcode.MedcodeException;

/** The file formats of {@code medcode table --out}, chosen by the file's extension. */
public enum TableFormat {
  CSV, MARKDOWN, JSON, XLSX;

  /** The format of a file name: {@code .csv}, {@code .md}, {@code .json} or {@code .xlsx}. */
  public static TableFormat of(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return CSV;
    }
    if (name.endsWith(".md") || name.endsWith(".markdown")) {
      return MARKDOWN;
    }
    if (name.endsWith(".json")) {
      return JSON;
    }
    if (name.endsWith(".xlsx")) {
      return XLSX;
    }
    throw new MedcodeException("--out " + file + ": write .csv, .md, .json or .xlsx");
  }
}
