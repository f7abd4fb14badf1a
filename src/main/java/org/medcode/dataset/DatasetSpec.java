package org.medcode.dataset;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.medcode.MedcodeException;
import org.medcode.Plural;

/**
 * What to load, parsed from a string such as {@code codiesp:dev:en:D}, {@code jsonl:PATH},
 * {@code csv:NOTES_CSV,CODES_CSV} or {@code mimic-iv:DIR?icd=10&sample=1000&seed=42}. {@code paths} holds the files
 * of the jsonl (one) and csv (notes, codes) formats and the MIMIC folder (one), and is empty for CodiEsp and code-query;
 * {@code codiesp} is set only for the CodiEsp format, {@code mimic} (the cohort options) only for the MIMIC formats,
 * {@code codeQuery} only for code-query datasets ({@code code-query:SYSTEM?OPTIONS}: one admission per code of a table,
 * its description as the note).
 * {@link #toString()} gives the canonical text, which {@link #parse} reads back. {@code ${NAME}} in a spec is replaced
 * by the environment variable NAME. {@code credentialed} marks patient data under a data use agreement: any spec can
 * be marked with {@code ?credentialed=true} (after the MIMIC options: {@code &credentialed=true}); MIMIC specs always
 * are.
 */
public record DatasetSpec(Format format, List<Path> paths, CodiEsp codiesp, MimicCohort mimic, CodeQuery codeQuery,
    boolean credentialed) {

  /** The accepted forms, for error and help messages. */
  public static final String FORMS =
      "codiesp:SPLIT:LANG:TASK (SPLIT train|dev|test, LANG en|es, TASK D|P|DP, e.g. codiesp:dev:en:D), "
          + "jsonl:PATH (or a bare PATH ending in .jsonl), csv:NOTES_CSV,CODES_CSV, "
          + "code-query:SYSTEM[?OPTIONS] (one admission per code of a table, its description as the note; OPTIONS "
          + String.join(", ", CodeQuery.KEYS) + "; e.g. code-query:icd10cm?year=2026&sample=1000&seed=42), "
          + "mimic-iv:DIR[?OPTIONS] and mimic-iii:DIR[?OPTIONS] (OPTIONS key=value joined by &, keys "
          + String.join(", ", MimicCohort.KEYS) + "; e.g. mimic-iv:${MIMIC_IV_DIR}?icd=10&codes=diagnoses&icu=true&sample=1000&seed=42);"
          + " any of them may end in ?credentialed=true (MIMIC: &credentialed=true) to mark credentialed data";

  /** The option that marks a spec's data credentialed. */
  public static final String CREDENTIALED = "credentialed";

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

  /** The on-disk formats a spec can name. */
  public enum Format { CODIESP, JSONL, CSV, MIMIC_IV, MIMIC_III, CODE_QUERY }

  /** A CodiEsp split. */
  public enum Split { TRAIN, DEV, TEST;
    /** Folder and file-name prefix in the release, e.g. {@code dev}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Which text of a CodiEsp case: the Spanish original or the organisers' English machine translation. */
  public enum Language { EN, ES;
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** CodiEsp sub-task: diagnoses (ICD-10-CM), procedures (ICD-10-PCS) or both. */
  public enum Task { D, P, DP }

  /** The CodiEsp part of a spec. */
  public record CodiEsp(Split split, Language language, Task task) {
    public CodiEsp {
      if (split == null || language == null || task == null) {
        throw new IllegalArgumentException("split, language and task are required");
      }
    }
  }

  public DatasetSpec {
    paths = List.copyOf(paths);
    int expected = switch (format) {
      case CODIESP, CODE_QUERY -> 0;
      case JSONL, MIMIC_IV, MIMIC_III -> 1;
      case CSV -> 2;
    };
    if (paths.size() != expected) {
      throw new IllegalArgumentException(format + " takes " + Plural.of(expected, "path") + ", got " + paths);
    }
    if ((format == Format.CODIESP) != (codiesp != null)) {
      throw new IllegalArgumentException("codiesp part must be given exactly for the CODIESP format");
    }
    if ((format == Format.MIMIC_IV || format == Format.MIMIC_III) != (mimic != null)) {
      throw new IllegalArgumentException("mimic cohort options must be given exactly for the MIMIC formats");
    }
    if ((format == Format.CODE_QUERY) != (codeQuery != null)) {
      throw new IllegalArgumentException("code-query options must be given exactly for the CODE_QUERY format");
    }
    if (mimic != null) {
      credentialed = true; // MIMIC is credentialed data, always
    }
  }

  /** A spec of a format other than code-query. */
  public DatasetSpec(Format format, List<Path> paths, CodiEsp codiesp, MimicCohort mimic, boolean credentialed) {
    this(format, paths, codiesp, mimic, null, credentialed);
  }

  /** A spec not marked credentialed (MIMIC specs are anyway). */
  public DatasetSpec(Format format, List<Path> paths, CodiEsp codiesp, MimicCohort mimic) {
    this(format, paths, codiesp, mimic, false);
  }

  /** A code-query dataset: one admission per code of a table (see {@link CodeQuery}). */
  public static DatasetSpec codeQuery(CodeQuery query) {
    return new DatasetSpec(Format.CODE_QUERY, List.of(), null, null, query, false);
  }

  /** A spec of a format without MIMIC cohort options. */
  public DatasetSpec(Format format, List<Path> paths, CodiEsp codiesp) {
    this(format, paths, codiesp, null);
  }

  /** This spec marked credentialed (or not; MIMIC specs stay credentialed). */
  public DatasetSpec withCredentialed(boolean marked) {
    return new DatasetSpec(format, paths, codiesp, mimic, codeQuery, marked);
  }

  /**
   * The spec text marked credentialed, without parsing it ({@code ${NAME}} stays): {@code ?credentialed=true} or, after
   * options, {@code &credentialed=true}; unchanged when it is already marked or names MIMIC (always credentialed).
   */
  public static String markCredentialed(String text) {
    String trimmed = text.trim();
    String lower = trimmed.toLowerCase(Locale.ROOT);
    if (lower.startsWith("mimic-iv:") || lower.startsWith("mimic-iii:") || lower.matches(".*[?&]credentialed=true(&.*)?")) {
      return trimmed;
    }
    return trimmed + (trimmed.contains("?") ? "&" : "?") + CREDENTIALED + "=true";
  }

  public static DatasetSpec codiesp(Split split, Language language, Task task) {
    return new DatasetSpec(Format.CODIESP, List.of(), new CodiEsp(split, language, task));
  }

  public static DatasetSpec jsonl(Path file) {
    return new DatasetSpec(Format.JSONL, List.of(file), null);
  }

  public static DatasetSpec csv(Path notes, Path codes) {
    return new DatasetSpec(Format.CSV, List.of(notes, codes), null);
  }

  /** A MIMIC-IV or MIMIC-III folder with cohort options. */
  public static DatasetSpec mimic(Release release, Path dir, MimicCohort cohort) {
    return new DatasetSpec(release == Release.MIMIC_IV ? Format.MIMIC_IV : Format.MIMIC_III, List.of(dir), null, cohort);
  }

  /** The MIMIC release of a MIMIC spec. */
  public Release release() {
    return switch (format) {
      case MIMIC_IV -> Release.MIMIC_IV;
      case MIMIC_III -> Release.MIMIC_III;
      default -> throw new IllegalStateException(format + " is not a MIMIC format");
    };
  }

  /** Parses a spec; a malformed one raises a {@link MedcodeException} that lists the accepted forms. */
  public static DatasetSpec parse(String text) {
    return parse(text, System::getenv);
  }

  /**
   * A spec read as written: each {@code ${NAME}} stays in place instead of becoming the environment variable's value,
   * so {@link #toString()} is the canonical text that names the input on any machine ({@code
   * mimic-iv:${MIMIC_IV_DIR}?icd=10}), never this machine's folder: what a cohort's {@code cohort.json}, a run's manifest
   * and reports record and show. For naming only; {@link #parse} is what loads.
   */
  public static DatasetSpec parseWritten(String text) {
    return parse(text, name -> "${" + name + "}");
  }

  /**
   * {@code text} (a loader's warning or filter step, made from the expanded spec) with the value of each {@code ${NAME}}
   * that {@code spec} uses written back as {@code ${NAME}}, the longest value first, so that it names no folder of this
   * machine either. Values shorter than two characters are left alone.
   */
  public static String unexpanded(String text, String spec) {
    return unexpanded(text, spec, System::getenv);
  }

  static String unexpanded(String text, String spec, Function<String, String> environment) {
    Map<String, String> values = new TreeMap<>(
        Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
    Matcher matcher = VARIABLE.matcher(spec);
    while (matcher.find()) {
      String value = environment.apply(matcher.group(1));
      if (value != null && value.length() > 1) {
        values.putIfAbsent(value, "${" + matcher.group(1) + "}");
      }
    }
    for (Map.Entry<String, String> value : values.entrySet()) {
      text = text.replace(value.getKey(), value.getValue());
    }
    return text;
  }

  /** {@link #parse(String)} with the environment given as a lookup (tests; {@code studies}, which is given one). */
  public static DatasetSpec parse(String text, Function<String, String> environment) {
    if (text == null || text.isBlank()) {
      throw bad(String.valueOf(text), "it is empty");
    }
    String spec = expand(text.trim(), environment);
    try {
      return parseExpanded(spec);
    } catch (MedcodeException e) { // said as written: ${NAME}, never the folder it holds
      String written = unexpanded(e.getMessage(), text, environment);
      if (written.equals(e.getMessage()) || e.getClass() != MedcodeException.class) {
        throw e;
      }
      throw new MedcodeException(written, e.getCause());
    }
  }

  private static DatasetSpec parseExpanded(String spec) {
    int colon = spec.indexOf(':');
    String prefix = colon < 0 ? "" : spec.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = colon < 0 ? "" : spec.substring(colon + 1);
    switch (prefix) {
      case "mimic-iv":
        return parseMimic(spec, rest, Release.MIMIC_IV);
      case "mimic-iii":
        return parseMimic(spec, rest, Release.MIMIC_III);
      default:
        break;
    }
    if (prefix.equals("code-query")) {
      return parseCodeQuery(spec, rest);
    }
    if (colon >= 0 && !List.of("codiesp", "jsonl", "csv").contains(prefix)
        && !spec.replaceFirst("\\?[^?]*$", "").toLowerCase(Locale.ROOT).endsWith(".jsonl")) {
      String near = prefix.replaceAll("[^a-z0-9]", "");
      String guess = near.equals("mimiciv") || near.equals("mimic4") ? "mimic-iv"
          : near.equals("mimiciii") || near.equals("mimic3") ? "mimic-iii" : near.equals("codequery") ? "code-query" : null;
      throw bad(spec, "unknown format '" + spec.substring(0, colon) + "'" + (guess == null ? "" : " (did you mean "
          + guess + ":?)") + "; the formats are codiesp:, mimic-iv:, mimic-iii:, code-query:, jsonl: and csv:");
    }
    // The other formats take one option: a trailing ?credentialed=true|false.
    boolean credentialed = false;
    int question = spec.lastIndexOf('?');
    if (question >= 0) {
      credentialed = credentialedOption(spec, spec.substring(question + 1));
      spec = spec.substring(0, question);
      colon = spec.indexOf(':');
      rest = colon < 0 ? "" : spec.substring(colon + 1);
    }
    DatasetSpec parsed = switch (prefix) {
      case "codiesp" -> parseCodiEsp(spec, rest);
      case "jsonl" -> {
        if (rest.isBlank()) {
          throw bad(spec, "jsonl: needs a file path");
        }
        yield jsonl(Path.of(rest.trim()));
      }
      case "csv" -> {
        String[] files = rest.split(",", -1);
        if (files.length != 2 || files[0].isBlank() || files[1].isBlank()) {
          throw bad(spec, "csv: needs two paths separated by a comma (notes, then codes)");
        }
        yield csv(Path.of(files[0].trim()), Path.of(files[1].trim()));
      }
      default -> {
        if (spec.toLowerCase(Locale.ROOT).endsWith(".jsonl")) {
          yield jsonl(Path.of(spec));
        }
        throw bad(spec, colon < 0 ? "it has no format prefix" : "unknown format '" + spec.substring(0, colon) + "'");
      }
    };
    return parsed.withCredentialed(credentialed);
  }

  private static DatasetSpec parseCodeQuery(String spec, String rest) {
    int question = rest.indexOf('?');
    String system = question < 0 ? rest : rest.substring(0, question);
    boolean credentialed = false;
    List<String> options = new java.util.ArrayList<>();
    for (String part : (question < 0 ? "" : rest.substring(question + 1)).split("&", -1)) {
      String key = part.contains("=") ? part.substring(0, part.indexOf('=')).trim() : "";
      if (key.equalsIgnoreCase(CREDENTIALED)) {
        credentialed = credentialedOption(spec, part);
      } else {
        options.add(part);
      }
    }
    if (system.isBlank()) {
      throw bad(spec, "code-query: needs a code system, e.g. code-query:icd10cm");
    }
    return codeQuery(CodeQuery.parse(system, String.join("&", options), problem -> bad(spec, problem)))
        .withCredentialed(credentialed);
  }

  /** The value of a query that may only be {@code credentialed=true|false}. */
  private static boolean credentialedOption(String spec, String query) {
    String[] parts = query.split("=", -1);
    if (parts.length != 2 || !parts[0].trim().equalsIgnoreCase(CREDENTIALED)) {
      throw bad(spec, "the only option after '?' is credentialed=true or credentialed=false, got '" + query + "'");
    }
    return switch (parts[1].trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw bad(spec, "credentialed must be true or false, got '" + parts[1] + "'");
    };
  }

  /** Replaces every {@code ${NAME}} by the environment variable NAME; an unset or empty one is an error naming it. */
  static String expand(String spec, Function<String, String> environment) {
    Matcher matcher = VARIABLE.matcher(spec);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new MedcodeException("dataset spec '" + spec + "': '${" + name + "}' is not an environment variable name");
      }
      String value = environment.apply(name);
      if (value == null || value.isBlank()) {
        // the variable names data only the user has (e.g. credentialed MIMIC): exit 3, as for other such data
        throw new MedcodeException.NotProvided("dataset spec '" + spec + "' uses ${" + name + "}, but the environment"
            + " variable " + name + " is not set; set it (e.g. export " + name + "=/path/to/folder) or write the path"
            + " into the spec");
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  private static DatasetSpec parseMimic(String spec, String rest, Release release) {
    int question = rest.indexOf('?');
    String dir = (question < 0 ? rest : rest.substring(0, question)).trim();
    if (dir.isEmpty()) {
      throw bad(spec, release.prefix() + ": needs the folder of the " + (release == Release.MIMIC_IV ? "MIMIC-IV release (the one "
          + "holding hosp/ and icu/)" : "MIMIC-III tables"));
    }
    List<String> options = new java.util.ArrayList<>(); // the cohort options, without credentialed=true
    for (String part : (question < 0 ? "" : rest.substring(question + 1)).split("&", -1)) {
      String key = part.contains("=") ? part.substring(0, part.indexOf('=')).trim() : "";
      if (!key.equalsIgnoreCase(CREDENTIALED)) {
        options.add(part);
      } else if (!part.substring(part.indexOf('=') + 1).trim().equalsIgnoreCase("true")) {
        throw bad(spec, "MIMIC is credentialed data: credentialed can only be true here");
      }
    }
    MimicCohort cohort = MimicCohort.parse(release, String.join("&", options), problem -> bad(spec, problem));
    return mimic(release, Path.of(dir), cohort);
  }

  private static DatasetSpec parseCodiEsp(String spec, String rest) {
    String[] parts = rest.split(":", -1);
    if (parts.length != 3) {
      throw bad(spec, "codiesp needs SPLIT:LANG:TASK");
    }
    Split split = parseEnum(Split.class, parts[0], spec, "split");
    Language language = parseEnum(Language.class, parts[1], spec, "language");
    Task task = parseEnum(Task.class, parts[2], spec, "task");
    return codiesp(split, language, task);
  }

  private static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String spec, String what) {
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value.trim())) {
        return constant;
      }
    }
    throw bad(spec, "unknown " + what + " '" + value + "'");
  }

  private static MedcodeException bad(String spec, String problem) {
    return new MedcodeException("bad dataset spec '" + spec + "': " + problem + "; expected one of " + FORMS);
  }

  /**
   * The same spec with its relative file and folder paths read from {@code base} (absolute ones, and specs without
   * paths, unchanged): how a command run elsewhere reads the data of a run made in {@code base}.
   */
  public DatasetSpec resolvedAgainst(Path base) {
    return new DatasetSpec(format, paths.stream().map(path -> against(base, path)).toList(), codiesp,
        mimic == null ? null : mimic.resolvedAgainst(base), codeQuery == null ? null : codeQuery.resolvedAgainst(base),
        credentialed);
  }

  /** Whether some file or folder of this spec is a relative path (read from the current directory). */
  public boolean hasRelativePaths() {
    return !resolvedAgainst(Path.of("/")).equals(this);
  }

  /** {@code path} read from {@code base} when it is relative. */
  static Path against(Path base, Path path) {
    return path == null || path.isAbsolute() ? path : base.resolve(path);
  }

  /** The same spec with another CodiEsp split (for {@code --split}); other formats have no split. */
  public DatasetSpec withSplit(Split split) {
    if (format != Format.CODIESP) {
      throw new MedcodeException("dataset spec '" + this + "' has no split; only codiesp:SPLIT:LANG:TASK specs do");
    }
    return codiesp(split, codiesp.language(), codiesp.task()).withCredentialed(credentialed);
  }

  /** The canonical text form, e.g. {@code codiesp:dev:en:D}. */
  @Override
  public String toString() {
    String marked = credentialed ? "?" + CREDENTIALED + "=true" : "";
    // code-query specs carry the mark among their options
    return switch (format) {
      case CODIESP -> "codiesp:" + codiesp.split().label() + ":" + codiesp.language().label() + ":" + codiesp.task() + marked;
      case JSONL -> "jsonl:" + paths.get(0) + marked;
      case CSV -> "csv:" + paths.get(0) + "," + paths.get(1) + marked;
      case MIMIC_IV, MIMIC_III -> release().prefix() + ":" + paths.get(0) + (mimic.query().isEmpty() ? "" : "?" + mimic.query());
      case CODE_QUERY -> "code-query:" + codeQuery.system().label() + (codeQuery.query().isEmpty() && !credentialed ? ""
          : "?" + codeQuery.query() + (credentialed ? (codeQuery.query().isEmpty() ? "" : "&") + CREDENTIALED + "=true" : ""));
    };
  }
}
