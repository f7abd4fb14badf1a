package org.medcode.codesystem;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.medcode.MedcodeException;
import org.medcode.Plural;

/**
 * Loads versioned code tables from a data root laid out like the public-data mirror:
 * <ul>
 *   <li>ICD-10-CM year Y: {@code icd10cm-cms/icd10cm_fy<Y>_code_descriptions_tabular_order.zip} (member
 *       {@code icd10cm_order_<Y>.txt}) plus the blocks and chapters of {@code icd10cm-hierarchy/}: of the CDC tabular
 *       list of Y or the nearest later one there (FY2021's for FY2016-FY2021), else the April 2026 CSVs
 *       ({@link CodeSystems#icd10cmForYear}); version {@code FY<Y>}.
 *   <li>ICD-10-PCS year Y: {@code icd10pcs-cms/icd10pcs_fy<Y>_order_file.zip} (member {@code icd10pcs_order_<Y>.txt});
 *       the 3-character header rows are HEADER entries; version {@code FY<Y>}.
 *   <li>ICD-9-CM diagnoses and procedures: {@code icd9cm-cms/CMS32_DESC_{LONG,SHORT}_{DX,SG}.txt}, version {@code v32}.
 *       The files list only billable leaves; every well-formed proper prefix of a leaf becomes an untitled HEADER
 *       ({@code 250} and {@code 2500} for {@code 25000}, {@code V45} and {@code V458} for {@code V4581}, {@code E880} for
 *       {@code E8809}, {@code 36} and {@code 361} for {@code 3610}).
 *   <li>CPT and HCPCS: no official table is shipped; {@link #userTable} reads one the user supplies.
 * </ul>
 * Tables are cached per (root, system, version) for the life of the process.
 */
public final class CodeTables {
  private static final Map<Key, CodeTable> CACHE = new ConcurrentHashMap<>();
  private static final Pattern YEAR = Pattern.compile("(?i)(?:FY)?(\\d{4})");
  private static final Pattern RANGE = Pattern.compile("(?i)(?:FY)?(\\d{4})\\s*-\\s*(?:FY)?(\\d{4})");
  /** The most years a range may span (one bit per year of a code's validity). */
  private static final int MAX_RANGE_YEARS = 31;
  /** The fiscal year of ICD-9-CM's one table, v32. */
  private static final String ICD9_YEAR = "2015";

  private record Key(Path root, CodeSystemId system, String version) {}

  /** Where one ICD-10 system's order files live and how they are named. */
  private enum OrderFiles {
    ICD10CM("ICD-10-CM", "icd10cm-cms", "icd10cm_fy", "_code_descriptions_tabular_order.zip", "icd10cm_order_(\\d{4})\\.txt",
        "icd10cm"),
    ICD10PCS("ICD-10-PCS", "icd10pcs-cms", "icd10pcs_fy", "_order_file.zip", "icd10pcs_order_(\\d{4})\\.txt", "icd10pcs");

    final String title;
    final String folder;
    final String prefix;
    final String suffix;
    final Pattern zipName;
    final Pattern member;
    final String pull;

    OrderFiles(String title, String folder, String prefix, String suffix, String member, String pull) {
      this.title = title;
      this.folder = folder;
      this.prefix = prefix;
      this.suffix = suffix;
      this.zipName = Pattern.compile(Pattern.quote(prefix) + "(\\d{4})" + Pattern.quote(suffix));
      this.member = Pattern.compile(member);
      this.pull = pull;
    }

    Path zip(Path root, int year) {
      return root.resolve(folder).resolve(prefix + year + suffix);
    }
  }

  private CodeTables() {}

  /**
   * The official table of a system.
   *
   * <p>An ICD-10-CM table's {@link CodeTable#system()} knows blocks, so its hierarchy CSVs must be present too.
   * {@code year} selects the ICD-10-CM/PCS fiscal year ({@code 2026} or {@code FY2026}); {@code null} or blank
   * means the newest year in the folder (the table's {@link CodeTable#version()} records which). A range
   * ({@code 2016-2023} or {@code FY2016-FY2023}) gives the table of every code of any year of the range (a code is
   * billable when it is billable in one of them; titles are the newest year's; {@link CodeTable#years} says which years
   * have a code), version {@code FY2016-FY2023}; every year of the range must be present. ICD-9-CM has a
   * single, final table (v32, FY2015: in use from October 2014 until ICD-10 replaced it in October 2015), so for
   * ICD9CM/ICD9PCS {@code year} is blank, {@code v32} or {@code 2015}; any other year or range has no ICD-9 table and is
   * rejected, naming v32. CPT and HCPCS have no official table here: the result is
   * {@link CodeTable#formatOnly} (use {@link #userTable} to check membership).
   *
   * @throws MedcodeException.DataMissing when a file is missing (the message names the year(s) found and the pull command)
   * @throws MedcodeException.BadInput when a file is malformed (file, zip member, line)
   * @throws MedcodeException when {@code year} is not a year
   */
  public static CodeTable load(Path root, CodeSystemId system, String year) {
    Path folder = root.toAbsolutePath().normalize();
    return switch (system) {
      case ICD10CM, ICD10PCS -> {
        OrderFiles files = OrderFiles.valueOf(system.name());
        Matcher range = RANGE.matcher(year == null ? "" : year.trim());
        if (range.matches()) {
          int from = Integer.parseInt(range.group(1));
          int to = Integer.parseInt(range.group(2));
          checkRange(folder, files, from, to);
          yield CACHE.computeIfAbsent(new Key(folder, system, "FY" + from + "-FY" + to),
              key -> readRange(folder, system, from, to));
        }
        int resolved = resolveYear(folder, files, year);
        yield CACHE.computeIfAbsent(new Key(folder, system, "FY" + resolved), key -> readOrderFile(folder, system, resolved));
      }
      case ICD9CM, ICD9PCS -> {
        checkIcd9Version(year);
        yield CACHE.computeIfAbsent(new Key(folder, system, "v32"), key -> readIcd9(folder, system));
      }
      case CPT, HCPCS -> CodeTable.formatOnly(CodeSystems.syntax(system));
    };
  }

  /**
   * A table read from a user-supplied CSV (header {@code code,description}, optional {@code billable}); its version is
   * the file name. Not cached.
   */
  public static CodeTable userTable(CodeSystemId system, Path csv) {
    CodeSystem syntax = CodeSystems.syntax(system);
    return CodeTable.of(syntax, csv.getFileName().toString(), UserTableFile.read(syntax, csv));
  }

  /**
   * A table from a list of codes with titles, such as a dataset's own code dictionary (MIMIC's {@code d_icd_diagnoses}):
   * a listed code that is a proper prefix of another listed code is a header, the others are billable, and every
   * well-formed proper prefix of a listed code that is not listed itself is an untitled header (as for ICD-9; in ICD-10-CM
   * not one that ends in the placeholder X). ICD-10-CM
   * codes get the hierarchy of {@code root} (blocks, chapters) as every ICD-10-CM table. {@code kind} says what the list
   * is (shown by {@link CodeTable#describe}); {@code version} names it.
   */
  public static CodeTable listed(Path root, CodeSystemId system, String version, Map<String, String> titles, String kind) {
    CodeSystem codeSystem = system == CodeSystemId.ICD10CM ? CodeSystems.icd10cmWithHierarchy(root.toAbsolutePath().normalize())
        : CodeSystems.syntax(system);
    java.util.Set<String> prefixes = new java.util.HashSet<>();
    for (String code : titles.keySet()) {
      for (int length = 1; length < code.length(); length++) {
        prefixes.add(code.substring(0, length));
      }
    }
    Map<String, CodeEntry> entries = new java.util.HashMap<>();
    titles.forEach((code, title) -> entries.put(code, new CodeEntry(code, !prefixes.contains(code), "", title)));
    for (String prefix : prefixes) {
      // In ICD-10-CM a prefix ending in the placeholder X (S02.62X of S02.62XA) is no level of the classification:
      // never a header (of MIMIC's 4,527 such ICD-10 prefixes, 4,526 end in X and none is a code of any FY table).
      boolean placeholder = system == CodeSystemId.ICD10CM && prefix.endsWith("X");
      if (!entries.containsKey(prefix) && codeSystem.isWellFormed(prefix) && !placeholder) {
        entries.put(prefix, new CodeEntry(prefix, false, "", ""));
      }
    }
    return CodeTable.of(codeSystem, version, entries, kind);
  }

  /** The fiscal years of ICD-10-CM or ICD-10-PCS tables present under {@code root}, ascending; empty for other systems. */
  public static List<Integer> availableYears(Path root, CodeSystemId system) {
    if (system != CodeSystemId.ICD10CM && system != CodeSystemId.ICD10PCS) {
      return List.of();
    }
    OrderFiles files = OrderFiles.valueOf(system.name());
    Path folder = root.resolve(files.folder);
    List<Integer> years = new ArrayList<>();
    if (Files.isDirectory(folder)) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
        for (Path entry : entries) {
          Matcher matcher = files.zipName.matcher(entry.getFileName().toString());
          if (matcher.matches() && Files.isRegularFile(entry)) {
            years.add(Integer.parseInt(matcher.group(1)));
          }
        }
      } catch (IOException e) {
        throw new MedcodeException("cannot list " + folder + ": " + e.getMessage(), e);
      }
    }
    years.sort(null);
    return List.copyOf(years);
  }

  /** Reads an ICD-10 order file without the cache (the year must exist). */
  static CodeTable readOrderFile(Path root, CodeSystemId system, int year) {
    OrderFiles files = OrderFiles.valueOf(system.name());
    CodeSystem codeSystem = system == CodeSystemId.ICD10CM ? CodeSystems.icd10cmForYear(root, year) : CodeSystems.syntax(system);
    Map<String, CodeEntry> entries = OrderFile.read(files.zip(root, year), files.member, year, codeSystem);
    if (codeSystem instanceof Icd10cm icd10cm) { // a hierarchy of a later release: ranges end at categories of this year
      codeSystem = icd10cm.fittedTo(entries.keySet(), "FY" + year);
    }
    return CodeTable.of(codeSystem, "FY" + year, entries);
  }

  /**
   * The table of every code of any year from {@code from} to {@code to}: each year read (from the cache when there) and
   * merged, the newest year's entry winning, billable when billable in any year.
   */
  static CodeTable readRange(Path root, CodeSystemId system, int from, int to) {
    Map<String, CodeEntry> merged = new java.util.HashMap<>();
    Map<String, Integer> bits = new java.util.HashMap<>();
    Map<String, Integer> billableBits = new java.util.HashMap<>();
    CodeSystem codeSystem = null;
    for (int year = from; year <= to; year++) {
      CodeTable table = CACHE.get(new Key(root, system, "FY" + year));
      if (table == null) {
        table = readOrderFile(root, system, year); // not cached: the merged table is what is kept
      }
      codeSystem = table.system();
      int bit = 1 << (year - from);
      for (CodeEntry entry : table.entries().values()) {
        bits.merge(entry.code(), bit, (a, b) -> a | b);
        billableBits.merge(entry.code(), entry.billable() ? bit : 0, (a, b) -> a | b);
        CodeEntry before = merged.get(entry.code());
        boolean billable = entry.billable() || before != null && before.billable();
        merged.put(entry.code(), billable == entry.billable() ? entry
            : new CodeEntry(entry.code(), billable, entry.shortTitle(), entry.longTitle()));
      }
    }
    return CodeTable.ofYears(codeSystem, "FY" + from + "-FY" + to, merged, from, bits, billableBits);
  }

  private static void checkRange(Path root, OrderFiles files, int from, int to) {
    if (from > to || to - from >= MAX_RANGE_YEARS) {
      throw new MedcodeException("'" + from + "-" + to + "' is not a range of fiscal years; expected e.g. 2016-2023 (first"
          + " year first, at most " + MAX_RANGE_YEARS + " years)");
    }
    List<Integer> years = availableYears(root, CodeSystemId.valueOf(files.name()));
    List<Integer> missing = new ArrayList<>();
    for (int year = from; year <= to; year++) {
      if (!years.contains(year)) {
        missing.add(year);
      }
    }
    if (!missing.isEmpty()) {
      String found = years.isEmpty() ? "no years found"
          : "years found: " + years.stream().map(String::valueOf).collect(Collectors.joining(", "));
      throw new MedcodeException.DataMissing(files.title + " order " + Plural.noun(missing.size(), "file") + " "
          + missing.stream().map(y -> "FY" + y).collect(Collectors.joining(", ")) + " of the range FY" + from + "-FY" + to
          + " (" + found + ")",
          files.zip(root, missing.get(0)), files.pull);
    }
  }

  static CodeTable readIcd9(Path root, CodeSystemId system) {
    CodeSystem codeSystem = CodeSystems.syntax(system);
    return CodeTable.of(codeSystem, "v32", Icd9DescriptionFiles.read(root, codeSystem));
  }

  private static int resolveYear(Path root, OrderFiles files, String year) {
    List<Integer> years = availableYears(root, CodeSystemId.valueOf(files.name()));
    String found = years.isEmpty() ? "no years found"
        : "years found: " + years.stream().map(String::valueOf).collect(Collectors.joining(", "));
    if (year == null || year.isBlank()) {
      if (years.isEmpty()) {
        throw new MedcodeException.DataMissing(files.title + " order files", root.resolve(files.folder), files.pull);
      }
      return years.get(years.size() - 1);
    }
    Matcher matcher = YEAR.matcher(year.trim());
    if (!matcher.matches()) {
      throw new MedcodeException("'" + year + "' is not a year; expected e.g. 2026 or FY2026 (" + files.title + " " + found
          + " in " + root.resolve(files.folder) + ")");
    }
    int resolved = Integer.parseInt(matcher.group(1));
    if (!years.contains(resolved)) {
      throw new MedcodeException.DataMissing(files.title + " FY" + resolved + " order file (" + found + ")",
          files.zip(root, resolved), files.pull);
    }
    return resolved;
  }

  private static void checkIcd9Version(String year) {
    if (year == null || year.isBlank()) {
      return;
    }
    String text = year.trim().toLowerCase(Locale.ROOT);
    Matcher single = YEAR.matcher(text);
    if (text.equals("v32") || text.equals("32") || single.matches() && single.group(1).equals(ICD9_YEAR)) {
      return;
    }
    String what = single.matches() ? "there is no ICD-9-CM table of FY" + single.group(1)
        + (Integer.parseInt(single.group(1)) > Integer.parseInt(ICD9_YEAR) ? " (ICD-10 replaced ICD-9 in October 2015)" : "")
        : RANGE.matcher(text).matches() ? "there is no ICD-9-CM table of every year of " + year.trim()
        : "'" + year.trim() + "' is neither v32 nor a year";
    throw new MedcodeException("ICD-9-CM has one table, v32 (FY" + ICD9_YEAR + ": the final one, in use from October 2014"
        + " until September 2015); " + what + ". Leave the year out, or give v32 (or " + ICD9_YEAR + ")");
  }
}
