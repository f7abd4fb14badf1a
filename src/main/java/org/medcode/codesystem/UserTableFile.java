package org.medcode.codesystem;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.medcode.CsvSyntax;
import org.medcode.Ids;
import org.medcode.MedcodeException;
import org.medcode.Plural;

/**
 * Reads a user-supplied code table: UTF-8 CSV with header {@code code,description} and an optional {@code billable}
 * column ({@code true/false}, {@code yes/no}, {@code 1/0}; empty means billable), and no other (a misspelt billable
 * column is refused, not ignored). Codes are normalised and must be well formed for the system. This is how CPT
 * descriptions (AMA copyright) enter medcode-bench: never shipped.
 */
final class UserTableFile {
  private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
      .setHeader().setSkipHeaderRecord(true).setTrim(true).setIgnoreEmptyLines(true).get();

  private UserTableFile() {}

  static Map<String, CodeEntry> read(CodeSystem system, Path csv) {
    if (!Files.isRegularFile(csv)) {
      throw new MedcodeException(system.id().label() + " code table " + csv
          + " not found; give a CSV file with the header code,description (optional column billable)");
    }
    try (java.io.BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      return read(system, csv, CsvSyntax.pastByteOrderMark(reader));
    } catch (java.nio.charset.CharacterCodingException e) {
      throw org.medcode.Utf8.error(csv, e);
    } catch (IOException e) {
      throw new MedcodeException.BadInput(csv, 0, "cannot read the CSV: " + e.getMessage(), e);
    }
  }

  private static Map<String, CodeEntry> read(CodeSystem system, Path csv, Reader reader) throws IOException {
    Map<String, CodeEntry> entries = new HashMap<>();
    try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get()) {
      var columns = parser.getHeaderNames();
      if (!columns.contains("code") || !columns.contains("description")) {
        throw new MedcodeException.BadInput(csv, 1,
            "expected the header code,description (optional column billable), found " + columns
            + CsvSyntax.semicolons(columns));
      }
      if (new java.util.HashSet<>(columns).size() < columns.size()) {
        throw new MedcodeException.BadInput(csv, 1, "a column name appears twice in the header " + columns);
      }
      List<String> unknown = columns.stream().filter(c -> !List.of("code", "description", "billable").contains(c))
          .toList();
      if (!unknown.isEmpty()) { // a misspelt billable column would leave every code billable
        throw new MedcodeException.BadInput(csv, 1, "unknown " + Plural.noun(unknown.size(), "column") + " '"
            + String.join("', '", unknown) + "' in the header " + columns + "; a code table has the columns"
            + " code,description and optionally billable");
      }
      boolean hasBillable = columns.contains("billable");
      for (CSVRecord record : parser) {
        long line = CsvSyntax.firstLine(parser.getCurrentLineNumber(), record.values());
        if (!record.isConsistent()) {
          throw new MedcodeException.BadInput(csv, line, "expected " + columns.size() + " fields, found " + record.size());
        }
        try {
          CanonicalCodes.check(record.get("code"));
        } catch (CanonicalCodes.NotACode e) {
          throw e.at(csv, line);
        }
        String code = system.normalize(record.get("code"));
        if (!system.isWellFormed(code)) {
          throw new MedcodeException.BadInput(csv, line, "expected a " + system.id().label() + " code such as "
              + CodeSystems.example(system.id()) + ", found " + Ids.show(record.get("code")));
        }
        boolean billable = !hasBillable || billable(record.get("billable"), csv, line);
        String description = record.get("description");
        if (entries.put(code, new CodeEntry(code, billable, description, description)) != null) {
          throw new MedcodeException.BadInput(csv, line, "code " + code + " appears twice");
        }
      }
    } catch (UncheckedIOException e) {
      throw CsvSyntax.error(csv, 0, e);
    }
    return entries;
  }

  private static boolean billable(String text, Path csv, long line) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "", "true", "yes", "y", "1" -> true;
      case "false", "no", "n", "0" -> false;
      default -> throw new MedcodeException.BadInput(csv, line,
          "expected billable to be true or false (yes/no, 1/0), found " + Ids.show(text));
    };
  }
}
