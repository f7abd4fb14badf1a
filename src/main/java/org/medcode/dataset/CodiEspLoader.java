package org.medcode.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.medcode.Ids;
import org.medcode.MedcodeException;
import org.medcode.Plural;
import org.medcode.PublicData;
import org.medcode.codesystem.CanonicalCodes;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.dataset.DatasetSpec.CodiEsp;
import org.medcode.dataset.DatasetSpec.Language;
import org.medcode.dataset.source.SourceRegistry;

/**
 * CodiEsp (CLEF eHealth 2020), gold standard v4, laid out as in the official release under
 * {@code <root>/codiesp/final_dataset_v4_to_publish/<split>/}.
 *
 * <ul>
 *   <li>Admissions: one per {@code .txt} file of {@code text_files} (es) or {@code text_files_en} (en), sorted by
 *       id (the file name without {@code .txt}); one note of type {@code clinical case}.
 *   <li>Gold: {@code <split>D.tsv} (ICD-10-CM) and/or {@code <split>P.tsv} (ICD-10-PCS); {@code raw} keeps the
 *       file's spelling ({@code n44.8}), {@code code} is canonical ({@code N448}). {@code sequence} is the order of
 *       first appearance for that case in that file (per system); {@code primary} is always false because the
 *       release does not say that the first code is the principal one. A repeated (id, code) row is kept once and
 *       counted in the warnings. A gold row whose case has no text file still makes an admission (with no notes);
 *       the warnings list those ids.
 *   <li>Evidence: {@code <split>X.tsv} offsets point into the Spanish text, so they are attached only for
 *       {@code es}; each {@code start end} segment becomes one span of note 0. With {@code en} no evidence is
 *       attached, and nothing is warned: an English split has none by design.
 * </ul>
 */
public final class CodiEspLoader {
  static final String RELEASE = "final_dataset_v4_to_publish";
  static final String NOTE_TYPE = "clinical case";
  private static final int LISTED_IDS = 10;

  private final Path root;
  private final CodiEsp part;
  private final List<String> warnings = new ArrayList<>();
  private final CanonicalCodes canonical = new CanonicalCodes();

  public CodiEspLoader(Path dataRoot, CodiEsp part) {
    this.root = dataRoot;
    this.part = part;
  }

  public record Result(List<Admission> admissions, List<CodeSystemId> systems, List<String> warnings) {}

  public Result load() {
    String split = part.split().label();
    Path release = SourceRegistry.builtIn().require(root, "codiesp", RELEASE, "CodiEsp release folder " + RELEASE + "/");
    Path splitDir = release.resolve(split);
    if (!Files.isDirectory(splitDir)) {
      throw new MedcodeException.DataMissing("CodiEsp " + split + " split folder '" + split + "/' (the official release, "
          + "Zenodo record 3837305, has train/, dev/ and test/; a mirror may leave test/ out)", splitDir, "codiesp");
    }
    String textFolder = part.language() == Language.ES ? "text_files" : "text_files_en";
    Path textDir = splitDir.resolve(textFolder);
    if (!Files.isDirectory(textDir)) {
      throw new MedcodeException.DataMissing("CodiEsp " + split + " " + textFolder + "/ folder", textDir, "codiesp");
    }
    Map<String, String> texts = readTexts(textDir);

    List<CodeSystemId> systems = new ArrayList<>();
    Map<String, GoldCodeSet> gold = new TreeMap<>();
    List<Path> goldFiles = new ArrayList<>();
    if (part.task() != DatasetSpec.Task.P) {
      systems.add(CodeSystemId.ICD10CM);
      goldFiles.add(readGold(splitDir.resolve(split + "D.tsv"), CodeSystemId.ICD10CM, gold));
    }
    if (part.task() != DatasetSpec.Task.D) {
      systems.add(CodeSystemId.ICD10PCS);
      goldFiles.add(readGold(splitDir.resolve(split + "P.tsv"), CodeSystemId.ICD10PCS, gold));
    }

    TreeSet<String> withoutText = new TreeSet<>(gold.keySet());
    withoutText.removeAll(texts.keySet());
    if (!withoutText.isEmpty()) {
      warnings.add(withoutText.size() + " case " + Plural.noun(withoutText.size(), "id") + " in " + goldFiles + " "
          + Plural.verb(withoutText.size(), "have") + " no file in " + textDir
          + "; kept as admissions without notes: " + listed(withoutText));
    }

    Path evidenceFile = splitDir.resolve(split + "X.tsv");
    // the evidence's offsets point into the Spanish text: an English split has none, by design, not for a fault
    if (part.language() == Language.ES) {
      if (Files.isRegularFile(evidenceFile)) {
        readEvidence(evidenceFile, texts, gold, systems);
      } else {
        warnings.add(evidenceFile + " not found; gold codes carry no evidence spans");
      }
    }

    TreeSet<String> ids = new TreeSet<>(texts.keySet());
    ids.addAll(gold.keySet());
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("source", "codiesp");
    metadata.put("split", split);
    metadata.put("language", part.language().label());
    if (part.language() == Language.EN) {
      metadata.put("translation", "machine translation by the CodiEsp organisers (sentence-split)");
    }
    List<Admission> admissions = new ArrayList<>(ids.size());
    NoteStore store = NoteStore.forDataset();
    for (String id : ids) {
      String text = texts.get(id);
      List<Note> notes = text == null ? List.of() : List.of(store.note(NOTE_TYPE, text));
      GoldCodeSet codes = gold.get(id);
      admissions.add(new Admission(id, id, notes, codes == null ? List.of() : codes.toList(), metadata));
    }
    for (CodeSystemId system : systems) {
      long without = admissions.stream().filter(a -> a.codes().stream().noneMatch(c -> c.system() == system)).count();
      if (without > 0) {
        warnings.add(without + " of " + Plural.of(admissions.size(), "case") + " " + Plural.verb(without, "have")
            + " no " + system
            + " gold codes");
      }
    }
    return new Result(admissions, systems, warnings);
  }

  private static String listed(TreeSet<String> ids) {
    List<String> shown = ids.stream().limit(LISTED_IDS).toList();
    return String.join(", ", shown) + (ids.size() > LISTED_IDS ? " and " + (ids.size() - LISTED_IDS) + " more" : "");
  }

  private Map<String, String> readTexts(Path textDir) {
    Map<String, String> texts = new TreeMap<>();
    Map<String, String> names = new TreeMap<>(); // the file each case id came from
    List<String> ignored = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(textDir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (SourceRegistry.isPullFile(name)) {
          continue; // a pull in another process writing a file here: not the user's, nothing to warn about
        }
        if (!name.endsWith(".txt") || !Files.isRegularFile(file)) {
          ignored.add(name);
          continue;
        }
        String id = textId(textDir, name);
        String earlier = names.putIfAbsent(id, name);
        if (earlier != null) {
          TreeSet<String> both = new TreeSet<>(List.of(earlier, name));
          throw new MedcodeException.BadInput(textDir, 0, "the files " + Ids.show(both.first()) + " and "
              + Ids.show(both.last()) + " give the same case id " + Ids.show(id)
              + " (white space around an id is not part of it); keep one");
        }
        try {
          PublicData.reading(file);
          texts.put(id, Files.readString(file));
        } catch (CharacterCodingException e) {
          throw org.medcode.Utf8.error(file, e);
        }
      }
    } catch (IOException e) {
      throw new MedcodeException.BadInput(textDir, 0, "cannot read: " + e.getMessage(), e);
    }
    if (!ignored.isEmpty()) {
      warnings.add(Plural.of(ignored.size(), "entry") + " of " + textDir + " " + Plural.verb(ignored.size(), "are")
          + " not .txt files and "
          + Plural.verb(ignored.size(), "were") + " ignored: "
          + listed(new TreeSet<>(ignored)));
    }
    if (texts.isEmpty()) {
      warnings.add(textDir + " has no .txt files");
    }
    return texts;
  }

  /** The case id of a text file (its name without .txt) by the one rule of {@link Ids}, as the gold files' ids. */
  private static String textId(Path textDir, String name) {
    String id = Ids.clean(name.substring(0, name.length() - ".txt".length()));
    String problem = id.isEmpty() ? "the id is empty" : Ids.problem(id);
    if (problem != null) {
      throw new MedcodeException.BadInput(textDir, 0, "case id of the file " + Ids.show(name) + ": " + problem
          + "; rename the file");
    }
    return id;
  }

  private Path readGold(Path file, CodeSystemId system, Map<String, GoldCodeSet> gold) {
    if (!Files.isRegularFile(file)) {
      throw new MedcodeException.DataMissing("CodiEsp gold file " + file.getFileName(), file, "codiesp");
    }
    Map<String, Integer> sequence = new TreeMap<>();
    int duplicates = 0;
    for (Row row : rows(file, 2, "articleID<TAB>code")) {
      String raw = row.fields[1].trim();
      String code = code(raw, file, row);
      if (code.isEmpty()) {
        throw new MedcodeException.BadInput(file, row.line, "expected 'articleID<TAB>code' with a code, got '" + raw + "'");
      }
      GoldCodeSet codes = gold.computeIfAbsent(row.fields[0], id -> new GoldCodeSet());
      if (codes.contains(system, code)) {
        duplicates++;
        continue;
      }
      int next = sequence.merge(row.fields[0], 1, Integer::sum);
      codes.add(new GoldCode(code, raw, system, next, false, List.of()));
    }
    if (duplicates > 0) {
      warnings.add(duplicates + " repeated (id, code) " + Plural.noun(duplicates, "row") + " in " + file + " kept once");
    }
    return file;
  }

  private void readEvidence(Path file, Map<String, String> texts, Map<String, GoldCodeSet> gold, List<CodeSystemId> systems) {
    int unmatched = 0;
    int mismatched = 0;
    for (Row row : rows(file, 5, "articleID<TAB>DIAGNOSTICO|PROCEDIMIENTO<TAB>code<TAB>text<TAB>start end[;start end]")) {
      CodeSystemId system = switch (row.fields[1].trim()) {
        case "DIAGNOSTICO" -> CodeSystemId.ICD10CM;
        case "PROCEDIMIENTO" -> CodeSystemId.ICD10PCS;
        default -> throw new MedcodeException.BadInput(file, row.line,
            "expected label DIAGNOSTICO or PROCEDIMIENTO, got '" + row.fields[1] + "'");
      };
      List<int[]> segments = segments(row.fields[4], file, row.line);
      if (!systems.contains(system)) {
        continue;
      }
      String id = row.fields[0];
      String code = code(row.fields[2], file, row);
      String text = texts.get(id);
      GoldCodeSet codes = gold.get(id);
      if (text == null || codes == null || !codes.contains(system, code)) {
        unmatched++;
        continue;
      }
      for (int[] segment : segments) {
        if (segment[1] > text.length()) {
          throw new MedcodeException.BadInput(file, row.line, "expected offsets within the " + text.length()
              + " characters of case " + id + ", got " + segment[0] + " " + segment[1]);
        }
        codes.addEvidence(system, code, new EvidenceSpan(0, segment[0], segment[1], text.substring(segment[0], segment[1])));
      }
      if (segments.size() == 1 && !text.substring(segments.get(0)[0], segments.get(0)[1]).equals(row.fields[3])) {
        mismatched++;
      }
    }
    if (unmatched > 0) {
      warnings.add(Plural.of(unmatched, "evidence row") + " of " + file + " " + Plural.verb(unmatched, "match")
          + " no gold code of a case with text; not attached");
    }
    if (mismatched > 0) {
      warnings.add(mismatched + " evidence rows of " + file + " quote text that differs from the text at their offsets; "
          + "spans keep the text at the offsets");
    }
  }

  private static List<int[]> segments(String field, Path file, long line) {
    List<int[]> segments = new ArrayList<>();
    for (String part : field.trim().split(";", -1)) {
      String[] bounds = part.trim().split(" ");
      try {
        if (bounds.length == 2) {
          int start = Integer.parseInt(bounds[0]);
          int end = Integer.parseInt(bounds[1]);
          if (start >= 0 && end >= start) {
            segments.add(new int[] {start, end});
            continue;
          }
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new MedcodeException.BadInput(file, line, "expected offsets 'start end[;start end]' with 0 <= start <= end, got '"
          + field + "'");
    }
    return segments;
  }

  /** The canonical form of a code as written in a row of a file; one with a control character in it is refused. */
  private String code(String written, Path file, Row row) {
    try {
      return canonical.of(written).code();
    } catch (CanonicalCodes.NotACode e) {
      throw e.at(file, row.line, row.fields[0]);
    }
  }

  private record Row(long line, String[] fields) {}

  /** Tab-separated rows with exactly {@code width} fields and a non-empty first field; blank lines are skipped. */
  private static List<Row> rows(Path file, int width, String expected) {
    List<Row> rows = new ArrayList<>();
    PublicData.reading(file);
    try (BufferedReader reader = Files.newBufferedReader(file)) {
      long number = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        number++;
        if (number == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1); // a byte order mark is not part of the first case id
        }
        if (line.isBlank()) {
          continue;
        }
        String[] fields = line.split("\t", -1);
        if (fields.length != width || fields[0].isBlank()) {
          throw new MedcodeException.BadInput(file, number, "expected '" + expected + "' (" + width
              + " tab-separated fields), found " + Plural.of(fields.length, "field"));
        }
        fields[0] = Ids.clean(fields[0]); // by the one rule of Ids, as the text files' ids and every other loader's
        String problem = Ids.problem(fields[0]);
        if (problem != null) {
          throw new MedcodeException.BadInput(file, number, "articleID: " + problem);
        }
        rows.add(new Row(number, fields));
      }
    } catch (CharacterCodingException e) {
      throw org.medcode.Utf8.error(file, e);
    } catch (IOException e) {
      throw new MedcodeException.BadInput(file, 0, "cannot read: " + e.getMessage(), e);
    }
    return rows;
  }
}
