package org.medcode.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.medcode.DiskSpace;
import org.medcode.Launcher;

/**
 * Writes one UTF-8 text file of a report folder through a writer function, closing it whatever happens. Each file is
 * written under a temporary name ({@code .NAME.tmp}) and renamed into place, so a failed write (a full disk) leaves
 * the file as it was, never a part of it; a full disk is said in plain words. {@link #replace} does the same for any
 * file written over an older one ({@code table --out}).
 */
public final class ReportFiles {
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
    Path target = folder.resolve(name);
    try {
      replace(target, temp -> {
        // a lone UTF-16 surrogate (half of a pair escaped in a JSON note, quoted in an excerpt) has no UTF-8 form: it
        // is written as '?', as the dataset fingerprint reads it, not an error that loses every report of the run
        try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(temp),
            StandardCharsets.UTF_8))) {
          body.write(out);
        }
      });
    } catch (IOException | RuntimeException e) {
      if (DiskSpace.exhausted(e)) {
        throw new IOException("no space left on device while writing " + target + " (" + name + " is as it was before);"
            + " free some space, then write the reports again with " + Launcher.command() + " report on the run folder", e);
      }
      throw e;
    }
  }

  /** What writes a file, given the path to write. */
  @FunctionalInterface
  public interface Content {
    void writeTo(Path file) throws IOException;
  }

  /**
   * Writes {@code target} through {@code content} under a temporary name beside it ({@code .NAME.tmp}), then renames it
   * into place: a failed or killed write leaves the file as it was, never a part of it.
   */
  public static void replace(Path target, Content content) throws IOException {
    Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
    try {
      content.writeTo(temp);
      try {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException also) {
        e.addSuppressed(also);
      }
      throw e;
    }
  }

}
