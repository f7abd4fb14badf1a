package org.medcode.codesystem;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.medcode.CsvSyntax;
import org.medcode.Ids;
import org.medcode.MedcodeException;
import org.medcode.PublicData;

/**
 * Reads {@code <root>/icd10cm-hierarchy/icd10cm-{chapters,sections,categories}-*.csv}: {@code chapter,description};
 * {@code section_range,chapter,description}; {@code ICD10-CM-CODE,description,section,chapter}.
 */
final class Icd10cmHierarchyFiles {
  static final String FOLDER = "icd10cm-hierarchy";
  static final String PULL = "icd10cm-hierarchy";
  private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
      .setHeader().setSkipHeaderRecord(true).setTrim(true).setIgnoreEmptyLines(true).get();

  private Icd10cmHierarchyFiles() {}

  static Icd10cmHierarchy read(Path root) {
    Path folder = root.resolve(FOLDER);
    Path chaptersFile = find(folder, "chapters");
    Path sectionsFile = find(folder, "sections");
    Path categoriesFile = find(folder, "categories");

    Map<String, String> chapters = new HashMap<>();
    forEach(chaptersFile, List.of("chapter", "description"), (record, line) -> {
      String chapter = chapterNumber(chaptersFile, line, record.get("chapter"));
      if (chapters.put(chapter, record.get("description")) != null) {
        throw new MedcodeException.BadInput(chaptersFile, line, "chapter " + chapter + " is listed twice");
      }
    });

    List<KeyRange> ranges = new ArrayList<>();
    Map<String, String> blockChapters = new HashMap<>();
    forEach(sectionsFile, List.of("section_range", "chapter", "description"), (record, line) -> {
      String key = record.get("section_range");
      KeyRange range = KeyRange.parse(key, record.get("description"));
      if (!Icd10cm.isCategory(range.low()) || !Icd10cm.isCategory(range.high()) || range.low().compareTo(range.high()) > 0) {
        throw new MedcodeException.BadInput(sectionsFile, line,
            "expected a section range such as N40-N53 or D3A, found " + Ids.show(key));
      }
      String chapter = chapterNumber(sectionsFile, line, record.get("chapter"));
      if (!chapters.containsKey(chapter)) {
        throw new MedcodeException.BadInput(sectionsFile, line, "chapter " + chapter + " is not in " + chaptersFile.getFileName());
      }
      if (blockChapters.put(key, chapter) != null) {
        throw new MedcodeException.BadInput(sectionsFile, line, "section " + key + " is listed twice");
      }
      ranges.add(range);
    });
    Map<String, Icd10cmHierarchy.Category> categories = new HashMap<>();
    forEach(categoriesFile, List.of("ICD10-CM-CODE", "description", "section", "chapter"), (record, line) -> {
      String category = CodeSystem.canonical(record.get("ICD10-CM-CODE"));
      if (!Icd10cm.isCategory(category)) {
        throw new MedcodeException.BadInput(categoriesFile, line,
            "expected a 3-character category such as N44, found " + Ids.show(category));
      }
      String block = record.get("section");
      String blockChapter = blockChapters.get(block);
      if (blockChapter == null) {
        throw new MedcodeException.BadInput(categoriesFile, line, "section " + block + " is not in " + sectionsFile.getFileName());
      }
      String chapter = chapterNumber(categoriesFile, line, record.get("chapter"));
      if (!chapter.equals(blockChapter)) {
        throw new MedcodeException.BadInput(categoriesFile, line,
            "chapter " + chapter + " disagrees with chapter " + blockChapter + " of section " + block);
      }
      if (categories.put(category, new Icd10cmHierarchy.Category(block, chapter, record.get("description"))) != null) {
        throw new MedcodeException.BadInput(categoriesFile, line, "category " + category + " is listed twice");
      }
    });
    return Icd10cmHierarchy.of(folder.toString(), edition(sectionsFile) + " hierarchy", categories, ranges, blockChapters,
        chapters);
  }

  /** The release a file is of, from its name: {@code icd10cm-sections-April-1-2026.csv} → {@code April 1, 2026}. */
  private static String edition(Path file) {
    String name = file.getFileName().toString();
    String release = name.substring("icd10cm-sections-".length(), name.length() - ".csv".length());
    java.util.regex.Matcher date = java.util.regex.Pattern.compile("([A-Za-z]+)-(\\d{1,2})-(\\d{4})").matcher(release);
    return date.matches() ? date.group(1) + " " + date.group(2) + ", " + date.group(3) : release;
  }

  private static String chapterNumber(Path file, long line, String text) {
    if (text.isEmpty() || text.length() > 2 || !Chars.allDigits(text, 0, text.length())) {
      throw new MedcodeException.BadInput(file, line, "expected a chapter number such as 14, found " + Ids.show(text));
    }
    return String.valueOf(Integer.parseInt(text));
  }

  /** The one file {@code icd10cm-<kind>-*.csv} in the folder. */
  private static Path find(Path folder, String kind) {
    String glob = "icd10cm-" + kind + "-*.csv";
    List<Path> found = new ArrayList<>();
    if (Files.isDirectory(folder)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, glob)) {
        files.forEach(found::add);
      } catch (IOException e) {
        throw new MedcodeException("cannot list " + folder + ": " + e.getMessage(), e);
      }
    }
    if (found.isEmpty()) {
      throw new MedcodeException.DataMissing("ICD-10-CM " + kind + " CSV", folder.resolve(glob), PULL);
    }
    if (found.size() > 1) {
      found.sort(null);
      throw new MedcodeException("several ICD-10-CM " + kind + " files in " + folder + ": "
          + found.stream().map(Path::getFileName).toList() + "; keep exactly one");
    }
    return found.get(0);
  }

  private interface RecordHandler {
    void accept(CSVRecord record, long line);
  }

  private static void forEach(Path file, List<String> columns, RecordHandler handler) {
    PublicData.reading(file);
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get()) {
      List<String> missing = columns.stream().filter(column -> !parser.getHeaderNames().contains(column)).toList();
      if (!missing.isEmpty()) {
        throw new MedcodeException.BadInput(file, 1, "expected the columns " + columns + "; missing " + missing);
      }
      for (CSVRecord record : parser) {
        long line = CsvSyntax.firstLine(parser.getCurrentLineNumber(), record.values());
        if (!record.isConsistent()) {
          throw new MedcodeException.BadInput(file, line,
              "expected " + parser.getHeaderNames().size() + " fields, found " + record.size());
        }
        handler.accept(record, line);
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new MedcodeException.BadInput(file, 0, "cannot read: " + e.getMessage(), e);
    }
  }
}
