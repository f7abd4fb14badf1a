package org.medcode.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Writes one UTF-8 text file of a report folder through a writer function, closing it whatever happens. */
final class ReportFiles {
  /** What goes into the file. */
  @FunctionalInterface
  interface Body {
    void write(Writer out) throws IOException;
  }

  /** The records of a CSV file. */
  @FunctionalInterface
  interface Rows {
    void print(CSVPrinter csv) throws IOException;
  }

  private ReportFiles() {}

  /** An RFC 4180 CSV file with a header row. */
  static void csv(Path folder, String name, String[] header, Rows rows) throws IOException {
    write(folder, name, out -> {
      try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(header).get())) {
        rows.print(csv);
      }
    });
  }

  static void write(Path folder, String name, Body body) throws IOException {
    try (Writer out = Files.newBufferedWriter(folder.resolve(name), StandardCharsets.UTF_8)) {
      body.write(out);
    }
  }
}
