package org.medcode.dataset.mimic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.medcode.MedcodeException;
import org.medcode.Plural;

/**
 * A list of admission ids ({@code hadm_id}): either one id per line (what {@code cohort build} writes), or a CSV with a
 * header that has a {@code hadm_id} (or {@code _id}, as in Edin et al.'s split files) column and optionally a
 * {@code split} column that {@code split=NAME} selects on. Blank lines and lines starting with {@code #} are skipped;
 * {@code .gz} files are decompressed. A repeated id counts once.
 */
final class IdsFile {
  private static final List<String> ID_COLUMNS = List.of("hadm_id", "_id");
  private static final int LISTED = 10;

  /** The ids and how many rows repeated an id. */
  record Ids(Set<Long> ids, int repeated) {}

  private IdsFile() {}

  static Ids read(Path file, String split) {
    if (!Files.isRegularFile(file)) {
      throw new MedcodeException.BadInput(file, 0, "ids file not found" + MedcodeException.readFromHere());
    }
    Set<Long> ids = new LinkedHashSet<>();
    int repeated = 0;
    java.util.TreeSet<String> splits = new java.util.TreeSet<>(); // the split column's values, to name when none matches
    boolean chosen = false;
    try (InputStream raw = Files.newInputStream(file);
         BufferedReader reader = new BufferedReader(new InputStreamReader(
             file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw, StandardCharsets.UTF_8.newDecoder()))) {
      long number = 0;
      int idColumn = 0;
      int splitColumn = -1;
      int width = 1;
      boolean first = true;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        number++;
        String text = (number == 1 ? line.replace("\uFEFF", "") : line).strip(); // a byte order mark is skipped
        if (text.isEmpty() || text.startsWith("#")) {
          continue;
        }
        String[] fields = text.split(",", -1);
        if (first) {
          first = false;
          if (fields.length > 1 || !isNumber(fields[0])) {
            List<String> header = java.util.Arrays.stream(fields).map(f -> unquote(f).toLowerCase(Locale.ROOT)).toList();
            idColumn = ID_COLUMNS.stream().mapToInt(header::indexOf).filter(i -> i >= 0).findFirst().orElse(-1);
            splitColumn = header.indexOf("split");
            width = fields.length;
            if (idColumn < 0) {
              throw new MedcodeException.BadInput(file, number, "expected one hadm_id per line, or a CSV header with a hadm_id "
                  + "(or _id) column; found '" + text + "'");
            }
            if (split != null && splitColumn < 0) {
              throw new MedcodeException.BadInput(file, number, "split=" + split + " needs a 'split' column; the header is '"
                  + text + "'");
            }
            continue;
          }
          if (split != null) { // a plain list of ids has no split column to choose by
            throw new MedcodeException.BadInput(file, number, "split=" + split + " needs a CSV with a header and a 'split'"
                + " column (e.g. hadm_id,split); this file is a plain list of ids: drop split=, or give such a CSV");
          }
        }
        if (fields.length != width) {
          throw new MedcodeException.BadInput(file, number, "expected " + Plural.of(width, "comma-separated field")
              + ", found " + fields.length);
        }
        if (split != null) {
          String value = unquote(fields[splitColumn]);
          if (!value.equals(split)) {
            if (splits.size() < LISTED) {
              splits.add(value);
            }
            continue;
          }
          chosen = true;
        }
        String id = unquote(fields[idColumn]);
        if (!isNumber(id)) {
          throw new MedcodeException.BadInput(file, number, "expected a hadm_id (a whole number), got '" + id + "'");
        }
        if (!ids.add(Long.parseLong(id))) {
          repeated++;
        }
      }
    } catch (java.nio.charset.CharacterCodingException e) {
      throw org.medcode.Utf8.error(file, e, file.toString().endsWith(".gz"));
    } catch (IOException e) {
      MedcodeException.BadInput cut = CsvTable.notWhole(file, e, "write it again (gzip FILE),"
          + " or give it uncompressed");
      throw cut != null ? cut : new MedcodeException.BadInput(file, 0, "cannot read: " + e.getMessage(), e);
    }
    if (split != null && !chosen) { // a typo or another letter case would leave an empty cohort that says not why
      throw new MedcodeException.BadInput(file, 0, "split=" + split + " names no row of the 'split' column; "
          + (splits.isEmpty() ? "the file has no rows" : "its values are " + String.join(", ", splits)
              + " (compared exactly, letter case included)"));
    }
    return new Ids(ids, repeated);
  }

  private static String unquote(String field) {
    String text = field.strip();
    return text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"") ? text.substring(1, text.length() - 1) : text;
  }

  private static boolean isNumber(String text) {
    if (text.isEmpty() || text.length() > 18) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (!Character.isDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
