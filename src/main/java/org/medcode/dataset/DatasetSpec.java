package org.medcode.dataset;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.medcode.MedcodeException;

/**
 * What to load, parsed from a string such as {@code codiesp:dev:en:D}, {@code jsonl:PATH},
 * {@code csv:NOTES_CSV,CODES_CSV} or {@code mimic-iv:DIR?icd=10&sample=1000&seed=42}. {@code paths} holds the files
 * of the jsonl (one) and csv (notes, codes) formats and the MIMIC folder (one), and is empty for CodiEsp;
 * {@code codiesp} is set only for the CodiEsp format, {@code mimic} (the cohort options) only for the MIMIC formats.
 * {@link #toString()} gives the canonical text, which {@link #parse} reads back. {@code ${NAME}} in a spec is replaced
 * by the environment variable NAME.
 */
public record DatasetSpec(Format format, List<Path> paths, CodiEsp codiesp, MimicCohort mimic) {

  /** The accepted forms, for error and help messages. */
  public static final String FORMS =
      "codiesp:SPLIT:LANG:TASK (SPLIT train|dev|test, LANG en|es, TASK D|P|DP, e.g. codiesp:dev:en:D), "
          + "jsonl:PATH (or a bare PATH ending in .jsonl), csv:NOTES_CSV,CODES_CSV, "
          + "mimic-iv:DIR[?OPTIONS] and mimic-iii:DIR[?OPTIONS] (OPTIONS key=value joined by &, keys "
          + String.join(", ", MimicCohort.KEYS) + "; e.g. mimic-iv:${MIMIC_IV_DIR}?icd=10&codes=diagnoses&icu=true&sample=1000&seed=42)";

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

  /** The on-disk formats a spec can name. */
  public enum Format { CODIESP, JSONL, CSV, MIMIC_IV, MIMIC_III }

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
      case CODIESP -> 0;
      case JSONL, MIMIC_IV, MIMIC_III -> 1;
      case CSV -> 2;
    };
    if (paths.size() != expected) {
      throw new IllegalArgumentException(format + " takes " + expected + " path(s), got " + paths);
    }
    if ((format == Format.CODIESP) != (codiesp != null)) {
      throw new IllegalArgumentException("codiesp part must be given exactly for the CODIESP format");
    }
    if ((format == Format.MIMIC_IV || format == Format.MIMIC_III) != (mimic != null)) {
      throw new IllegalArgumentException("mimic cohort options must be given exactly for the MIMIC formats");
    }
  }

  /** A spec of a format without MIMIC cohort options. */
  public DatasetSpec(Format format, List<Path> paths, CodiEsp codiesp) {
    this(format, paths, codiesp, null);
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

  /** {@link #parse(String)} with the environment given as a lookup (tests). */
  static DatasetSpec parse(String text, Function<String, String> environment) {
    if (text == null || text.isBlank()) {
      throw bad(String.valueOf(text), "it is empty");
    }
    String spec = expand(text.trim(), environment);
    int colon = spec.indexOf(':');
    String prefix = colon < 0 ? "" : spec.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = colon < 0 ? "" : spec.substring(colon + 1);
    switch (prefix) {
      case "codiesp":
        return parseCodiEsp(spec, rest);
      case "jsonl":
        if (rest.isBlank()) {
          throw bad(spec, "jsonl: needs a file path");
        }
        return jsonl(Path.of(rest.trim()));
      case "csv":
        String[] files = rest.split(",", -1);
        if (files.length != 2 || files[0].isBlank() || files[1].isBlank()) {
          throw bad(spec, "csv: needs two paths separated by a comma (notes, then codes)");
        }
        return csv(Path.of(files[0].trim()), Path.of(files[1].trim()));
      case "mimic-iv":
        return parseMimic(spec, rest, Release.MIMIC_IV);
      case "mimic-iii":
        return parseMimic(spec, rest, Release.MIMIC_III);
      default:
        if (spec.toLowerCase(Locale.ROOT).endsWith(".jsonl")) {
          return jsonl(Path.of(spec));
        }
        throw bad(spec, colon < 0 ? "it has no format prefix" : "unknown format '" + spec.substring(0, colon) + "'");
    }
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
        throw new MedcodeException("dataset spec '" + spec + "' uses ${" + name + "}, but the environment variable " + name
            + " is not set; set it (e.g. export " + name + "=/path/to/folder) or write the path into the spec");
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
    MimicCohort cohort = MimicCohort.parse(release, question < 0 ? "" : rest.substring(question + 1),
        problem -> bad(spec, problem));
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

  /** The same spec with another CodiEsp split (for {@code --split}); other formats have no split. */
  public DatasetSpec withSplit(Split split) {
    if (format != Format.CODIESP) {
      throw new MedcodeException("dataset spec '" + this + "' has no split; only codiesp:SPLIT:LANG:TASK specs do");
    }
    return codiesp(split, codiesp.language(), codiesp.task());
  }

  /** The canonical text form, e.g. {@code codiesp:dev:en:D}. */
  @Override
  public String toString() {
    return switch (format) {
      case CODIESP -> "codiesp:" + codiesp.split().label() + ":" + codiesp.language().label() + ":" + codiesp.task();
      case JSONL -> "jsonl:" + paths.get(0);
      case CSV -> "csv:" + paths.get(0) + "," + paths.get(1);
      case MIMIC_IV, MIMIC_III -> release().prefix() + ":" + paths.get(0) + (mimic.query().isEmpty() ? "" : "?" + mimic.query());
    };
  }
}
