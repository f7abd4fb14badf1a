package org.medcode.coder.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.medcode.MedcodeException;
import org.medcode.Plural;

/**
 * The project-authored lists of one language under {@code configs/rules/<lang>/} (see the README there): stop words,
 * token map, abbreviations, synonyms, title fillers and context triggers. Rows are TAB-separated; {@code #} starts a
 * comment line.
 */
record RulesResources(
    RulesLanguage language,
    List<String> stopWords,
    List<String[]> tokenMap,
    List<String[]> abbreviations,
    List<String[]> synonyms,
    List<String> titleFillers,
    List<String[]> triggers) {

  static RulesResources load(Path rulesDir, RulesLanguage language) {
    Path folder = rulesDir.resolve(language.label());
    return new RulesResources(language,
        column(rows(folder.resolve("stopwords.txt"), 1)),
        rows(folder.resolve("token-map.tsv"), 2),
        rows(folder.resolve("abbreviations.tsv"), 2),
        rows(folder.resolve("synonyms.tsv"), 2),
        column(rows(folder.resolve("title-fillers.txt"), 1)),
        rows(folder.resolve("triggers.tsv"), 3, RulesResources::triggerProblem));
  }

  /** What is wrong with a row of {@code triggers.tsv} (kind, direction, phrase), or null. */
  static String triggerProblem(String[] row) {
    if (!KINDS.contains(row[0].toLowerCase(Locale.ROOT))) {
      return "unknown kind '" + row[0] + "'; expected " + String.join(", ", KINDS);
    }
    if (!row[1].equalsIgnoreCase("pre") && !row[1].equalsIgnoreCase("post")) {
      return "direction of '" + row[2] + "' must be pre or post, got '" + row[1] + "'";
    }
    return null;
  }

  /** The kinds of context trigger ({@link ContextRules.Kind}), as triggers.tsv writes them. */
  private static final List<String> KINDS = Arrays.stream(ContextRules.Kind.values())
      .map(kind -> kind.name().toLowerCase(Locale.ROOT)).toList();

  private static List<String> column(List<String[]> rows) {
    return rows.stream().map(row -> row[0]).toList();
  }

  /** Non-comment rows with at least {@code columns} TAB-separated, trimmed fields; a short row is an error. */
  static List<String[]> rows(Path file, int columns) {
    return rows(file, columns, row -> null);
  }

  /**
   * As {@link #rows(Path, int)}, each row also checked by {@code problem} (what is wrong with it, or null): an error names
   * the file and line.
   */
  static List<String[]> rows(Path file, int columns, Function<String[], String> problem) {
    if (!Files.isRegularFile(file)) {
      throw new MedcodeException("coder rules: missing data file " + file
          + "; the rules data lives in configs/rules/ of the medcode checkout (parameter rules-dir)");
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MedcodeException("coder rules: cannot read " + file + ": " + e.getMessage(), e);
    }
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\t");
      if (fields.length < columns) {
        throw new MedcodeException("coder rules: " + file + " line " + (i + 1) + " has "
            + Plural.of(fields.length, "field") + ", expected " + columns + " separated by TAB");
      }
      for (int f = 0; f < fields.length; f++) {
        fields[f] = fields[f].strip();
      }
      String wrong = problem.apply(fields);
      if (wrong != null) {
        throw new MedcodeException("coder rules: " + file + " line " + (i + 1) + ": " + wrong);
      }
      rows.add(fields);
    }
    return rows;
  }
}
