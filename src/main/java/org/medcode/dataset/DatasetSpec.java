package org.medcode.dataset;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.medcode.MedcodeException;

/**
 * What to load, parsed from a string such as {@code codiesp:dev:en:D}, {@code jsonl:PATH} or
 * {@code csv:NOTES_CSV,CODES_CSV}. {@code paths} holds the files of the jsonl (one) and csv (notes, codes) formats
 * and is empty for CodiEsp; {@code codiesp} is set only for the CodiEsp format. {@link #toString()} gives the
 * canonical text, which {@link #parse} reads back.
 */
public record DatasetSpec(Format format, List<Path> paths, CodiEsp codiesp) {

  /** The accepted forms, for error and help messages. */
  public static final String FORMS =
      "codiesp:SPLIT:LANG:TASK (SPLIT train|dev|test, LANG en|es, TASK D|P|DP, e.g. codiesp:dev:en:D), "
          + "jsonl:PATH (or a bare PATH ending in .jsonl), csv:NOTES_CSV,CODES_CSV";

  /** The on-disk formats a spec can name. */
  public enum Format { CODIESP, JSONL, CSV }

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
      case JSONL -> 1;
      case CSV -> 2;
    };
    if (paths.size() != expected) {
      throw new IllegalArgumentException(format + " takes " + expected + " path(s), got " + paths);
    }
    if ((format == Format.CODIESP) != (codiesp != null)) {
      throw new IllegalArgumentException("codiesp part must be given exactly for the CODIESP format");
    }
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

  /** Parses a spec; a malformed one raises a {@link MedcodeException} that lists the accepted forms. */
  public static DatasetSpec parse(String text) {
    if (text == null || text.isBlank()) {
      throw bad(String.valueOf(text), "it is empty");
    }
    String spec = text.trim();
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
      default:
        if (spec.toLowerCase(Locale.ROOT).endsWith(".jsonl")) {
          return jsonl(Path.of(spec));
        }
        throw bad(spec, colon < 0 ? "it has no format prefix" : "unknown format '" + spec.substring(0, colon) + "'");
    }
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
    };
  }
}
