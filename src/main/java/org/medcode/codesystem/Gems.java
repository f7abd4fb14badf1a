package org.medcode.codesystem;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import org.medcode.MedcodeException;
import org.medcode.PublicData;

/**
 * Forward General Equivalence Mappings (CMS 2018, the last release): ICD-9-CM diagnoses to ICD-10-CM from
 * {@code <root>/gems/2018_I9gem.txt}, ICD-9-CM procedures to ICD-10-PCS from the derived table
 * {@code <root>/gems/icd9pcs_to_icd10pcs_2018_ethos.csv.gz} (read only when a procedure is first mapped).
 *
 * <p>Each GEM row carries five flags: approximate, no map, combination, scenario, choice list. One ICD-9 code maps to
 * exactly one list of target codes:
 * <ul>
 *   <li>{@link Kind#NO_MAP}: the no-map flag is set; no targets.
 *   <li>{@link Kind#COMBINATION}: the combination flag is set; scenario 1 (the lowest) is used and the first-listed
 *       code of each of its choice lists becomes a target (so a combination gives one code per choice list).
 *   <li>otherwise one target, the first row in code order (as the CMS diagnosis file lists them; the derived procedure
 *       table lists them in no order, so its rows are sorted): {@link Kind#EXACT} when
 *       that row has no flag set, else {@link Kind#APPROXIMATE}.
 * </ul>
 * {@link Mapping#alternatives()} counts the rows (or, for combinations, scenarios) that were not chosen, so a study
 * can say how often the choice mattered. The procedure table merges both GEM directions and several years; rows of
 * the newest year listed for a code are used, a row listed twice once.
 */
public final class Gems {
  static final String FOLDER = "gems";
  static final String DIAGNOSES = "2018_I9gem.txt";
  static final String PROCEDURES = "icd9pcs_to_icd10pcs_2018_ethos.csv.gz";
  private static final Map<Path, Gems> CACHE = new ConcurrentHashMap<>();

  /** How an ICD-9 code maps forward. */
  public enum Kind {
    EXACT, APPROXIMATE, COMBINATION, NO_MAP;

    /** Lower-case name with a blank, e.g. {@code no map}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }

  /** The ICD-10 codes chosen for one ICD-9 code (canonical, no dots), its kind and the alternatives not chosen. */
  public record Mapping(String source, Kind kind, List<String> targets, int alternatives) {
    public Mapping {
      targets = List.copyOf(targets);
    }
  }

  private record Row(String target, String flags, int year) {}

  private final Path folder;
  private final Map<String, Mapping> diagnoses;
  private volatile Map<String, Mapping> procedures;

  private Gems(Path folder, Map<String, Mapping> diagnoses) {
    this.folder = folder;
    this.diagnoses = diagnoses;
  }

  /**
   * The GEMs under a data root laid out like the public-data mirror; cached per root.
   *
   * @throws MedcodeException.DataMissing when {@code gems/2018_I9gem.txt} is not there (names {@code data pull gems})
   * @throws MedcodeException.BadInput when a row is malformed (file and line)
   */
  public static Gems load(Path root) {
    Path folder = root.toAbsolutePath().normalize().resolve(FOLDER);
    return CACHE.computeIfAbsent(folder, f -> new Gems(f, readDiagnoses(require(f.resolve(DIAGNOSES), "ICD-9-CM to ICD-10-CM GEM"))));
  }

  /** The ICD-10-CM mapping of a canonical ICD-9-CM diagnosis code; empty when the GEM does not list the code. */
  public Optional<Mapping> diagnosis(String icd9) {
    return Optional.ofNullable(diagnoses.get(icd9));
  }

  /** The ICD-10-PCS mapping of a canonical ICD-9-CM procedure code; empty when the table does not list the code. */
  public Optional<Mapping> procedure(String icd9) {
    Map<String, Mapping> table = procedures;
    if (table == null) {
      synchronized (this) {
        if (procedures == null) {
          procedures = readProcedures(require(folder.resolve(PROCEDURES), "ICD-9 procedure to ICD-10-PCS mapping"));
        }
        table = procedures;
      }
    }
    return Optional.ofNullable(table.get(icd9));
  }

  private static Path require(Path file, String what) {
    if (!Files.isRegularFile(file)) {
      throw new MedcodeException.DataMissing(what + " (" + file.getFileName() + ")", file, "gems");
    }
    return file;
  }

  /** {@code icd9 icd10 flags}, white-space separated (CRLF in the CMS files). */
  private static Map<String, Mapping> readDiagnoses(Path file) {
    Map<String, List<Row>> rows = new LinkedHashMap<>();
    PublicData.reading(file);
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
      long number = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        String[] fields = line.trim().split("\\s+");
        if (fields.length != 3 || !validFlags(fields[2])) {
          throw new MedcodeException.BadInput(file, number, "expected 'icd9 icd10 flags' with five flag digits, got '" + line + "'");
        }
        rows.computeIfAbsent(fields[0], k -> new ArrayList<>()).add(new Row(fields[1], fields[2], 2018));
      }
    } catch (IOException e) {
      throw new MedcodeException.BadInput(file, 0, "cannot read: " + e.getMessage(), e);
    }
    return mappings(rows);
  }

  /** CSV {@code icd_9,icd_10,flags,year} with a header; the newest year listed for a code wins. */
  private static Map<String, Mapping> readProcedures(Path file) {
    Map<String, List<Row>> rows = new LinkedHashMap<>();
    PublicData.reading(file);
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
        StandardCharsets.US_ASCII))) {
      String header = reader.readLine();
      if (header == null || !header.trim().equals("icd_9,icd_10,flags,year")) {
        throw new MedcodeException.BadInput(file, 1, "expected the header 'icd_9,icd_10,flags,year', got '" + header + "'");
      }
      long number = 1;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        String[] fields = line.trim().split(",", -1);
        if (fields.length != 4 || !validFlags(fields[2]) || !fields[3].matches("\\d{4}")) {
          throw new MedcodeException.BadInput(file, number, "expected 'icd_9,icd_10,flags,year' with five flag digits, got '"
              + line + "'");
        }
        rows.computeIfAbsent(fields[0], k -> new ArrayList<>()).add(new Row(fields[1], fields[2], Integer.parseInt(fields[3])));
      }
    } catch (IOException e) {
      throw new MedcodeException.BadInput(file, 0, "cannot read: " + e.getMessage(), e);
    }
    Map<String, List<Row>> newest = new HashMap<>();
    rows.forEach((code, list) -> {
      int year = list.stream().mapToInt(Row::year).max().orElseThrow();
      List<Row> kept = new ArrayList<>();
      // a row repeated is kept once; the same target with other flags is another row (the table merges both GEM
      // directions: a code's combination row and an approximate row for the same target can both be there)
      list.stream().filter(r -> r.year() == year && !kept.contains(r)).forEach(kept::add);
      kept.sort((a, b) -> a.target().compareTo(b.target()));
      newest.put(code, kept);
    });
    return mappings(newest);
  }

  private static boolean validFlags(String flags) {
    return flags.length() == 5 && flags.chars().allMatch(Character::isDigit);
  }

  private static Map<String, Mapping> mappings(Map<String, List<Row>> rows) {
    Map<String, Mapping> mappings = new HashMap<>(rows.size() * 2);
    rows.forEach((code, list) -> mappings.put(code, mapping(code, list)));
    return mappings;
  }

  static Mapping mapping(String code, List<Row> rows) {
    if (rows.stream().anyMatch(r -> r.flags().charAt(1) == '1')) {
      return new Mapping(code, Kind.NO_MAP, List.of(), 0);
    }
    List<Row> combination = rows.stream().filter(r -> r.flags().charAt(2) == '1').toList();
    if (!combination.isEmpty()) {
      TreeMap<Integer, TreeMap<Integer, String>> scenarios = new TreeMap<>();
      for (Row row : combination) {
        scenarios.computeIfAbsent(row.flags().charAt(3) - '0', s -> new TreeMap<>()).putIfAbsent(row.flags().charAt(4) - '0', row.target());
      }
      return new Mapping(code, Kind.COMBINATION, List.copyOf(scenarios.firstEntry().getValue().values()), scenarios.size() - 1);
    }
    Row first = rows.get(0);
    return new Mapping(code, first.flags().charAt(0) == '1' ? Kind.APPROXIMATE : Kind.EXACT, List.of(first.target()), rows.size() - 1);
  }
}
