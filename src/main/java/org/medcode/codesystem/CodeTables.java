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

/**
 * Loads versioned code tables from a data root laid out like the public-data mirror:
 * <ul>
 *   <li>ICD-10-CM year Y: {@code icd10cm-cms/icd10cm_fy<Y>_code_descriptions_tabular_order.zip} (member
 *       {@code icd10cm_order_<Y>.txt}) plus the hierarchy CSVs in {@code icd10cm-hierarchy/}; version {@code FY<Y>}.
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

  private record Key(Path root, CodeSystemId system, String version) {}

  /** Where one ICD-10 system's order files live and how they are named. */
  private enum OrderFiles {
    ICD10CM("ICD-10-CM", "icd10cm-cms", "icd10cm_fy", "_code_descriptions_tabular_order.zip", "icd10cm_order_\\d{4}\\.txt",
        "icd10cm"),
    ICD10PCS("ICD-10-PCS", "icd10pcs-cms", "icd10pcs_fy", "_order_file.zip", "icd10pcs_order_\\d{4}\\.txt", "icd10pcs");

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
   * means the newest year in the folder (the table's {@link CodeTable#version()} records which). ICD-9-CM has a
   * single, final table (v32, in use until September 2015), so for ICD9CM/ICD9PCS any year is accepted and ignored
   * (a run over a dataset mixing ICD-9 and ICD-10 admissions passes one year for both), as are {@code v32} and blank;
   * anything else is rejected. CPT and HCPCS have no official table here: the result is
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
    CodeSystem codeSystem = system == CodeSystemId.ICD10CM ? CodeSystems.icd10cmWithHierarchy(root) : CodeSystems.syntax(system);
    return CodeTable.of(codeSystem, "FY" + year, OrderFile.read(files.zip(root, year), files.member, codeSystem));
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
    if (!text.equals("v32") && !text.equals("32") && !YEAR.matcher(text).matches()) {
      throw new MedcodeException("ICD-9-CM has one table, v32 (final, in use until September 2015); '" + year
          + "' is neither v32 nor a year");
    }
  }
}
