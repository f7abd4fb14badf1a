package org.medcode.codesystem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.medcode.Ids;
import org.medcode.Launcher;
import org.medcode.MedcodeException;
import org.medcode.PublicData;

/**
 * Reads the chapters, blocks (sections) and categories of a CDC ICD-10-CM Tabular List,
 * {@code <root>/icd10cm-hierarchy/icd10cm_tabular_<year>.xml.gz}: {@code chapter} (name, desc) → {@code section id}
 * (desc) → {@code diag} (name, desc), the categories being the {@code diag} elements right under a section.
 */
final class Icd10cmTabularFiles {
  private static final Pattern NAME = Pattern.compile("icd10cm_tabular_(\\d{4})\\.xml\\.gz");
  /** The fiscal year of the tabular list {@code data pull icd10cm-hierarchy} fetches (a required file of that source). */
  static final int PULLED_YEAR = 2021;

  private Icd10cmTabularFiles() {}

  /** The fiscal years of the tabular lists in {@code <root>/icd10cm-hierarchy/}, ascending, each with its file. */
  static TreeMap<Integer, Path> available(Path root) {
    Path folder = root.resolve(Icd10cmHierarchyFiles.FOLDER);
    TreeMap<Integer, Path> found = new TreeMap<>();
    if (Files.isDirectory(folder)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "icd10cm_tabular_*.xml.gz")) {
        for (Path file : files) {
          Matcher matcher = NAME.matcher(file.getFileName().toString());
          if (matcher.matches() && Files.isRegularFile(file)) {
            found.put(Integer.parseInt(matcher.group(1)), file);
          }
        }
      } catch (IOException e) {
        throw new MedcodeException("cannot list " + folder + ": " + e.getMessage(), e);
      }
    }
    return found;
  }

  static Icd10cmHierarchy read(Path file, int year) {
    PublicData.reading(file);
    Map<String, String> chapters = new HashMap<>();
    List<KeyRange> ranges = new ArrayList<>();
    Map<String, String> blockChapters = new HashMap<>();
    Map<String, Icd10cmHierarchy.Category> categories = new HashMap<>();
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
      XMLStreamReader xml = factory.createXMLStreamReader(in);
      // the path of element names from the root, and the chapter, section and category being read
      List<String> path = new ArrayList<>();
      String chapter = null;
      String section = null;
      String category = null;
      while (xml.hasNext()) {
        int event = xml.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          String name = xml.getLocalName();
          path.add(name);
          String at = String.join("/", path);
          switch (at) {
            case "ICD10CM.tabular/chapter" -> chapter = null;
            case "ICD10CM.tabular/chapter/name" -> {
              String text = xml.getElementText().trim();
              path.remove(path.size() - 1);
              if (!text.matches("\\d{1,2}")) {
                throw bad(file, xml, "expected a chapter number such as 14, found " + Ids.show(text));
              }
              chapter = String.valueOf(Integer.parseInt(text));
            }
            case "ICD10CM.tabular/chapter/desc" -> {
              String text = xml.getElementText().trim();
              path.remove(path.size() - 1);
              if (chapter == null || chapters.put(chapter, text) != null) {
                throw bad(file, xml, "a chapter without a number before its description, or listed twice");
              }
            }
            case "ICD10CM.tabular/chapter/section" -> {
              section = xml.getAttributeValue(null, "id");
              KeyRange range = KeyRange.parse(section == null ? "" : section, "");
              if (chapter == null || !Icd10cm.isCategory(range.low()) || !Icd10cm.isCategory(range.high())
                  || range.low().compareTo(range.high()) > 0) {
                throw bad(file, xml, "expected a section id such as N40-N53 or D3A in a numbered chapter, found "
                    + Ids.show(String.valueOf(section)));
              }
              if (blockChapters.put(section, chapter) != null) {
                throw bad(file, xml, "section " + section + " is listed twice");
              }
            }
            case "ICD10CM.tabular/chapter/section/desc" -> {
              String text = xml.getElementText().trim();
              path.remove(path.size() - 1);
              ranges.add(KeyRange.parse(section, text));
            }
            case "ICD10CM.tabular/chapter/section/diag" -> category = null;
            case "ICD10CM.tabular/chapter/section/diag/name" -> {
              category = CodeSystem.canonical(xml.getElementText());
              path.remove(path.size() - 1);
              if (!Icd10cm.isCategory(category)) {
                throw bad(file, xml, "expected a 3-character category such as N44, found " + Ids.show(category));
              }
            }
            case "ICD10CM.tabular/chapter/section/diag/desc" -> {
              String text = xml.getElementText().trim();
              path.remove(path.size() - 1);
              if (category == null || categories.put(category, new Icd10cmHierarchy.Category(section, chapter, text)) != null) {
                throw bad(file, xml, "category " + category + " is listed twice, or has no name");
              }
            }
            default -> { }
          }
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          path.remove(path.size() - 1);
        }
      }
    } catch (IOException | XMLStreamException e) {
      throw new MedcodeException.BadInput(file, 0, "cannot read the tabular list (" + e.getMessage()
          + "); pull it again: " + Launcher.command() + " data pull icd10cm-hierarchy", e);
    }
    if (chapters.isEmpty() || categories.isEmpty()) {
      throw new MedcodeException.BadInput(file, 0, "no chapters or no categories in it: not an ICD-10-CM tabular list;"
          + " pull it again: " + Launcher.command() + " data pull icd10cm-hierarchy");
    }
    return Icd10cmHierarchy.of(file.getParent().toString(), "FY" + year + " tabular list", categories, ranges,
        blockChapters, chapters);
  }

  private static MedcodeException bad(Path file, XMLStreamReader xml, String message) {
    return new MedcodeException.BadInput(file, xml.getLocation().getLineNumber(), message);
  }
}
