package org.medcode.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.medcode.CsvSyntax;
import org.medcode.Ids;
import org.medcode.MedcodeException;
import org.medcode.Plural;
import org.medcode.codesystem.CanonicalCodes;
import org.medcode.codesystem.CodeEntry;
import org.medcode.codesystem.CodeSystem;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.CodeTables;

/**
 * Builds a code-query dataset ({@link CodeQuery}): the population is every billable code of the table, or the codes of
 * the user's list that the table has as billable; a seeded sample keeps {@code n} of them; each becomes one admission
 * whose id and gold code is the code and whose one note (type {@value #NOTE_TYPE}) is the code's long title (its short
 * title when it has none). Admissions are in code order.
 *
 * <p>The sample: each code gets u = the first 8 bytes of SHA-256("SEED:CODE") (canonical code, no dot) as an unsigned
 * number; without weights the {@code n} codes with the smallest u are kept (as MIMIC samples are drawn), with weights
 * w &gt; 0 the {@code n} with the smallest -ln((u + 0.5) / 2<sup>64</sup>) / w (Efraimidis and Spirakis' weighted
 * sampling without replacement; codes of weight 0 are never drawn). In Python:
 * {@code u = int.from_bytes(hashlib.sha256(f"{seed}:{code}".encode()).digest()[:8], "big")}.
 */
public final class CodeQueryLoader {
  /** The type of every note of a code-query dataset. */
  public static final String NOTE_TYPE = "code description";
  /** The prefix of a path under the data root. */
  public static final String DATA = "data:";
  private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
      .setIgnoreEmptyLines(true).get();

  private final CodeQuery query;
  private final Path dataRoot;

  public CodeQueryLoader(CodeQuery query, Path dataRoot) {
    this.query = query;
    this.dataRoot = dataRoot;
  }

  /** Admissions and what the loader noticed. */
  public record Result(List<Admission> admissions, List<String> warnings, CodeTable table) {}

  /**
   * The table the dataset is built from: the user's, or the official one of the year (range).
   *
   * @throws MedcodeException.NotProvided for CPT and HCPCS without a table of the user's own (exit code 3)
   */
  public CodeTable table() {
    if (query.table() != null) {
      Path table = file(query.table());
      if (!Files.isRegularFile(table)) {
        throw new MedcodeException.NotProvided("code-query: the table " + table + " does not exist (give your"
            + " own table as a CSV code,description[,billable])");
      }
      return CodeTables.userTable(query.system(), table);
    }
    if (query.system() == CodeSystemId.CPT || query.system() == CodeSystemId.HCPCS) {
      throw new MedcodeException.NotProvided("code-query:" + query.system().label() + " needs a table of your own:"
          + (query.system() == CodeSystemId.CPT ? " CPT descriptions are copyrighted by the AMA and medcode ships none"
              : " medcode ships no HCPCS table")
          + "; give one with table=FILE (a CSV code,description[,billable], e.g. from your CPT licence)");
    }
    return CodeTables.load(dataRoot, query.system(), query.year());
  }

  public Result load() {
    CodeTable table = table();
    List<String> warnings = new ArrayList<>();
    Map<String, Long> listed = query.codes() == null ? null : counts(file(query.codes()), table.system(), warnings);
    List<CodeEntry> population = new ArrayList<>();
    if (listed == null) {
      table.entries().values().stream().filter(CodeEntry::billable).forEach(population::add);
    } else {
      int notInTable = 0;
      int notBillable = 0;
      for (String code : listed.keySet()) {
        CodeEntry entry = table.entry(code).orElse(null);
        if (entry == null) {
          notInTable++;
        } else if (!entry.billable()) {
          notBillable++;
        } else {
          population.add(entry);
        }
      }
      if (notInTable + notBillable > 0) {
        warnings.add(query.codes() + ": " + Plural.of(notInTable, "listed code") + " "
            + Plural.verb(notInTable, "are") + " not in "
            + table.describe() + " and " + notBillable + " " + Plural.verb(notBillable, "are")
            + " not billable there; they were left out (" + population.size() + " of " + listed.size()
            + " kept)");
      }
    }
    population.sort(Comparator.comparing(CodeEntry::code));
    List<CodeEntry> chosen = population;
    if (query.sample() != null) {
      Map<String, Long> weights = query.weights() == null ? null : counts(file(query.weights()), table.system(), warnings);
      chosen = sample(population, weights, query.sample(), query.seed());
      if (chosen.size() < query.sample()) {
        warnings.add("sample=" + query.sample() + " asked for more codes than the population has" + (weights == null ? ""
            : " with a weight") + ": " + chosen.size() + " kept");
      }
    }
    List<Admission> admissions = new ArrayList<>();
    int untitled = 0;
    for (CodeEntry entry : chosen) {
      String description = !entry.longTitle().isBlank() ? entry.longTitle() : entry.shortTitle();
      if (description.isBlank()) {
        untitled++;
      }
      Map<String, String> metadata = new LinkedHashMap<>();
      metadata.put("source", "code-query");
      metadata.put("code_table", table.version());
      if (listed != null && listed.get(entry.code()) != null) {
        metadata.put("count", Long.toString(listed.get(entry.code())));
      }
      admissions.add(new Admission(entry.code(), entry.code(), List.of(new Note(NOTE_TYPE, description)),
          List.of(new GoldCode(entry.code(), table.system().display(entry.code()), table.system().id(), 1, true, List.of())),
          metadata));
    }
    if (untitled > 0) {
      warnings.add(Plural.of(untitled, "code") + " " + Plural.verb(untitled, "have") + " no description in "
          + table.describe() + ": "
          + (untitled == 1 ? "its note is" : "their notes are") + " empty");
    }
    return new Result(admissions, warnings, table);
  }

  /**
   * A file of the spec: {@code data:FOLDER/PATH} is under the data root (public data medcode pulls, e.g.
   * {@code data:mimic-iv-demo/hosp/diagnoses_icd.csv.gz}; missing, it is pulled as the source FOLDER); any other path is
   * used as given (relative to the current directory).
   */
  private Path file(Path given) {
    String text = given.toString();
    if (!text.startsWith(DATA)) {
      return given;
    }
    String relative = text.substring(DATA.length());
    Path file = dataRoot.resolve(relative);
    if (!Files.exists(file)) {
      String source = relative.contains("/") ? relative.substring(0, relative.indexOf('/')) : relative;
      throw new MedcodeException.DataMissing("public data " + text, file, source);
    }
    return file;
  }

  /** The {@code n} codes of the sample (see the class comment), in code order. */
  static List<CodeEntry> sample(List<CodeEntry> population, Map<String, Long> weights, int n, long seed) {
    List<CodeEntry> kept;
    if (weights == null) {
      record Keyed(CodeEntry entry, long key) {}
      kept = population.stream().map(entry -> new Keyed(entry, key(seed, entry.code())))
          .sorted(Comparator.comparing(Keyed::key, Long::compareUnsigned).thenComparing(k -> k.entry().code()))
          .limit(n).map(Keyed::entry).toList();
    } else {
      record Keyed(CodeEntry entry, double key) {}
      List<Keyed> keyed = new ArrayList<>();
      for (CodeEntry entry : population) {
        long w = weights.getOrDefault(entry.code(), 0L);
        if (w > 0) {
          double uniform = (unsigned(key(seed, entry.code())) + 0.5) / 0x1p64;
          keyed.add(new Keyed(entry, -Math.log(uniform) / w));
        }
      }
      kept = keyed.stream().sorted(Comparator.comparingDouble(Keyed::key).thenComparing(k -> k.entry().code()))
          .limit(n).map(Keyed::entry).toList();
    }
    return kept.stream().sorted(Comparator.comparing(CodeEntry::code)).toList();
  }

  /** An unsigned 64-bit number as a double (rounded to 53 bits). */
  private static double unsigned(long u) {
    return u >= 0 ? (double) u : (double) (u >>> 1) * 2.0 + (u & 1);
  }

  static long key(long seed, String code) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest((seed + ":" + code).getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest, 0, 8).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /**
   * Codes and counts from a CSV (optionally gzip): a {@code code} column with an optional {@code count} (default 1 per
   * row, rows of one code added), or a MIMIC coding table ({@code icd_code}, {@code icd_version}: rows of the system's
   * ICD version counted). Codes are canonical; in file order.
   */
  static Map<String, Long> counts(Path file, CodeSystem system, List<String> warnings) {
    if (!Files.isRegularFile(file)) {
      throw new MedcodeException.BadInput(file, 0, "file not found" + MedcodeException.readFromHere());
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    int otherVersion = 0;
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()));
        CSVParser parser = FORMAT.parse(CsvSyntax.pastByteOrderMark(reader))) {
      Map<String, Integer> header = new LinkedHashMap<>(); // a byte order mark before it was skipped above
      parser.getHeaderNames().forEach(name -> header.put(name.trim().toLowerCase(Locale.ROOT), header.size()));
      boolean mimic = header.containsKey("icd_code");
      if (!mimic && !header.containsKey("code")) {
        throw new MedcodeException.BadInput(file, 1, "expected a header with a 'code' column (and optionally 'count'), or"
            + " a MIMIC coding table (icd_code, icd_version); found " + header.keySet()
            + CsvSyntax.semicolons(List.copyOf(header.keySet())));
      }
      int version = system.id() == CodeSystemId.ICD10CM || system.id() == CodeSystemId.ICD10PCS ? 10 : 9;
      for (CSVRecord record : parser) {
        long line = CsvSyntax.firstLine(parser.getCurrentLineNumber(), record.values());
        if (!record.isConsistent()) {
          throw new MedcodeException.BadInput(file, line, "expected " + header.size() + " fields as in the header, found "
              + record.size());
        }
        String code;
        long count = 1;
        if (mimic) {
          if (header.containsKey("icd_version") && !record.get(header.get("icd_version")).trim().equals(Integer.toString(version))) {
            otherVersion++;
            continue;
          }
          code = record.get(header.get("icd_code"));
        } else {
          code = record.get(header.get("code"));
          if (header.containsKey("count")) {
            String text = record.get(header.get("count")).trim();
            try {
              count = Long.parseLong(text);
            } catch (NumberFormatException e) {
              throw new MedcodeException.BadInput(file, line, "expected count to be a whole number, got " + Ids.show(text));
            }
            if (count < 0) {
              throw new MedcodeException.BadInput(file, line, "expected count to be 0 or more, got " + count);
            }
          }
        }
        try {
          CanonicalCodes.check(code);
        } catch (CanonicalCodes.NotACode e) {
          throw e.at(file, line);
        }
        String canonical = system.normalize(code);
        if (canonical.isEmpty()) {
          throw new MedcodeException.BadInput(file, line, "expected a code, got " + Ids.show(code));
        }
        try { // rows of one code are added: a sum past the largest long would wrap to a negative count (weight)
          counts.put(canonical, Math.addExact(counts.getOrDefault(canonical, 0L), count));
        } catch (ArithmeticException e) {
          throw new MedcodeException.BadInput(file, line, "the counts of code " + Ids.show(code.trim()) + " add up to more"
              + " than " + String.format(java.util.Locale.ROOT, "%,d", Long.MAX_VALUE) + ", the largest count; give"
              + " counts that fit");
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      Throwable cause = e instanceof java.io.UncheckedIOException unchecked ? unchecked.getCause() : e;
      if (cause instanceof java.nio.charset.CharacterCodingException coding) {
        throw org.medcode.Utf8.error(file, coding, file.getFileName().toString().endsWith(".gz"));
      }
      throw new MedcodeException.BadInput(file, 0, "cannot read: " + e.getMessage(), e);
    }
    if (otherVersion > 0) {
      warnings.add(file + ": " + otherVersion + " rows of another ICD version than " + system.id().label() + " ignored");
    }
    return counts;
  }
}
