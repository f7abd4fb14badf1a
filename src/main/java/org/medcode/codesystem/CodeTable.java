package org.medcode.codesystem;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A versioned table of the codes of one system (e.g. ICD-10-CM FY2026): membership, billable vs header, titles.
 * A table without entries ({@link #formatOnly}) can only check the format (CPT when no user table is given). A table of
 * a range of fiscal years ({@link #ofYears}) holds every code of any year of the range and knows which years have
 * each ({@link #years}); {@code kind} says in words what kind of table it is (shown by {@link #describe}).
 */
public final class CodeTable {
  private final CodeSystem system;
  private final String version;
  private final Map<String, CodeEntry> entries;
  private final boolean formatOnly;
  private final String kind;
  /** For a range of years: the first year and, per code, a bit per year of the range (bit 0 = the first year). */
  private final int firstYear;
  private final Map<String, Integer> yearBits;
  /** For a range of years: per code, a bit per year in which it is billable. */
  private final Map<String, Integer> billableBits;
  /** {@link #describe()}: every result and stratum names its table. */
  private final String description;

  private CodeTable(CodeSystem system, String version, Map<String, CodeEntry> entries, boolean formatOnly, String kind,
      int firstYear, Map<String, Integer> yearBits, Map<String, Integer> billableBits) {
    this.system = Objects.requireNonNull(system);
    this.version = Objects.requireNonNull(version);
    this.entries = sorted(entries);
    this.formatOnly = formatOnly;
    this.kind = kind;
    this.firstYear = firstYear;
    this.yearBits = yearBits == null ? null : Map.copyOf(yearBits);
    this.billableBits = billableBits == null ? null : Map.copyOf(billableBits);
    this.description = formatOnly ? system.id().label() + " " + version
        : String.format(java.util.Locale.ROOT, "%s %s (%s%,d codes, %,d billable%s)", system.id().label(), version,
            kind == null ? "" : kind + "; ", size(), billableCount(), system.levelSource().map(s -> "; " + s).orElse(""));
  }

  /**
   * The entries in code order. Not {@code Map.copyOf}: its iteration order changes from one process to the next, and
   * coders that build from the table (the rules coder's title phrases, term ids and tie-breaks) must build the same
   * model every time.
   */
  private static Map<String, CodeEntry> sorted(Map<String, CodeEntry> entries) {
    String[] codes = entries.keySet().toArray(String[]::new);
    Arrays.sort(codes);
    Map<String, CodeEntry> sorted = new LinkedHashMap<>(codes.length * 4 / 3 + 1);
    for (String code : codes) {
      sorted.put(code, Objects.requireNonNull(entries.get(code)));
    }
    return Collections.unmodifiableMap(sorted);
  }

  /** A table with the given entries (keys are canonical codes). */
  public static CodeTable of(CodeSystem system, String version, Map<String, CodeEntry> entries) {
    return new CodeTable(system, version, entries, false, null, 0, null, null);
  }

  /**
   * A table with the given entries that says what it is, e.g. {@code the dataset's own dictionary}: {@link #describe}
   * shows it.
   */
  public static CodeTable of(CodeSystem system, String version, Map<String, CodeEntry> entries, String kind) {
    return new CodeTable(system, version, entries, false, kind, 0, null, null);
  }

  /**
   * A table of the fiscal years {@code firstYear} to {@code firstYear + 30} at most: {@code yearBits} has, for every
   * code of {@code entries}, bit y set when year {@code firstYear + y} has the code; {@code billableBits} likewise for
   * the years in which it is billable.
   */
  static CodeTable ofYears(CodeSystem system, String version, Map<String, CodeEntry> entries, int firstYear,
      Map<String, Integer> yearBits, Map<String, Integer> billableBits) {
    return new CodeTable(system, version, entries, false, "valid in any year of the range", firstYear, yearBits,
        billableBits);
  }

  /** A table that knows no codes: well-formed codes are {@link CodeStatus#UNCHECKED}. */
  public static CodeTable formatOnly(CodeSystem system) {
    return new CodeTable(system, "none (format check only)", Map.of(), true, null, 0, null, null);
  }

  /**
   * For a table of a range of years, the years whose table has the code, e.g. {@code FY2016-FY2019, FY2021}; empty for
   * other tables and for codes the table lacks.
   */
  public Optional<String> years(String code) {
    return years(yearBits == null ? null : yearBits.get(code));
  }

  /**
   * For a table of a range of years, the years in which a code is what {@link #status} says: for a code billable in
   * some years and a header in others, e.g. {@code FY2024; a header in FY2025-FY2026}; else {@link #years}.
   */
  public Optional<String> statusYears(String code) {
    Integer all = yearBits == null ? null : yearBits.get(code);
    Integer billable = billableBits == null ? null : billableBits.get(code);
    if (all == null || billable == null || billable == 0 || (all & ~billable) == 0) {
      return years(code);
    }
    return Optional.of(years(billable).orElse("") + "; a header in " + years(all & ~billable).orElse(""));
  }

  private Optional<String> years(Integer bits) {
    if (bits == null || bits == 0) {
      return Optional.empty();
    }
    StringBuilder out = new StringBuilder();
    int y = 0;
    while (y < 31) {
      if ((bits & (1 << y)) == 0) {
        y++;
        continue;
      }
      int end = y;
      while (end + 1 < 31 && (bits & (1 << (end + 1))) != 0) {
        end++;
      }
      out.append(out.length() == 0 ? "" : ", ").append("FY").append(firstYear + y);
      if (end > y) {
        out.append("-FY").append(firstYear + end);
      }
      y = end + 1;
    }
    return Optional.of(out.toString());
  }

  public CodeSystem system() {
    return system;
  }

  /** E.g. {@code FY2026}, {@code v32}, or a user table's file name. */
  public String version() {
    return version;
  }

  private volatile String identity;

  /**
   * The version and a SHA-256 of every entry (code, billable flag, titles), for cache keys: two tables of the same
   * name (a user's {@code table.csv} edited, or another file of that name) never share a cached model.
   */
  public String identity() {
    String known = identity;
    if (known == null) {
      java.security.MessageDigest digest;
      try {
        digest = java.security.MessageDigest.getInstance("SHA-256");
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      for (CodeEntry e : entries.values()) { // sorted by code
        digest.update((e.code() + '\t' + e.billable() + '\t' + e.shortTitle() + '\t' + e.longTitle() + '\n')
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      known = version + " sha256 " + java.util.HexFormat.of().formatHex(digest.digest());
      identity = known;
    }
    return known;
  }

  /**
   * A SHA-256 of every code and its billable flag, in code order: what scoring reads of the table (titles aside). A run
   * records it for a table of your own, so that one edited since is not read as the table the run scored with.
   */
  public String codesSha256() {
    java.security.MessageDigest digest;
    try {
      digest = java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (String code : new java.util.TreeSet<>(entries.keySet())) {
      digest.update((code + '\t' + entries.get(code).billable() + '\n').getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return java.util.HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Whether {@code other} has the same codes with the same billable flags (titles may differ: they score nothing): two
   * tables of your own of one file name and size are described alike ({@link #describe}) and may still differ.
   */
  public boolean sameCodes(CodeTable other) {
    if (other == this) {
      return true;
    }
    if (other.entries.size() != entries.size()) {
      return false;
    }
    for (CodeEntry entry : entries.values()) {
      CodeEntry that = other.entries.get(entry.code());
      if (that == null || that.billable() != entry.billable()) {
        return false;
      }
    }
    return true;
  }

  public boolean formatOnly() {
    return formatOnly;
  }

  public int size() {
    return entries.size();
  }

  public long billableCount() {
    return entries.values().stream().filter(CodeEntry::billable).count();
  }

  /** The status of a canonical code in this table. */
  public CodeStatus status(String code) {
    if (!system.isWellFormed(code)) {
      return CodeStatus.MALFORMED;
    }
    if (formatOnly) {
      return CodeStatus.UNCHECKED;
    }
    CodeEntry entry = entries.get(code);
    if (entry == null) {
      return CodeStatus.NOT_IN_TABLE;
    }
    return entry.billable() ? CodeStatus.BILLABLE : CodeStatus.HEADER;
  }

  public Optional<CodeEntry> entry(String code) {
    return Optional.ofNullable(entries.get(code));
  }

  /** All entries, keyed by canonical code. */
  public Map<String, CodeEntry> entries() {
    return entries;
  }

  /**
   * A title for a key at a level: the table's long title for codes and categories (PCS root operations: the 3-character
   * header rows), else one the system derives from the table's rows (PCS body systems), else the hierarchy's; empty
   * titles (e.g. derived ICD-9 headers) count as unknown.
   */
  public Optional<String> title(String key, Granularity granularity) {
    if (granularity == Granularity.EXACT || granularity == Granularity.CATEGORY) {
      CodeEntry entry = entries.get(key);
      if (entry != null && !entry.longTitle().isEmpty()) {
        return Optional.of(entry.longTitle());
      }
    }
    return system.tableTitle(key, granularity, entries).or(() -> system.levelTitle(key, granularity));
  }

  /**
   * Short description such as {@code icd10cm FY2018 (94,127 codes, 71,704 billable; blocks and chapters of the FY2021
   * tabular list)}.
   */
  public String describe() {
    return description;
  }

  /** What a description adds when the release's ranges were cut to the year's own categories. */
  private static final java.util.regex.Pattern FITTED =
      java.util.regex.Pattern.compile(", its ranges cut to the categories of FY\\d{4}(?=\\)$)");

  /** Where a description says which release the blocks and chapters come from (see {@link #describe()}). */
  private static final String LEVEL_SOURCE = "; blocks and chapters of ";

  /**
   * Whether two descriptions, as runs and baselines record them ({@link #describe()}), name the same table: equal, or
   * equal but for the release of the blocks and chapters that only one of them names (a run or baseline recorded
   * before descriptions named it, when ICD-10-CM's came from the April 2026 hierarchy for every year; its exact and
   * category figures are of the same table). Two that name different releases are different tables. A release's ranges
   * cut to the year's own categories (FY2022-FY2025, {@link Icd10cmHierarchy}) are the release: each block and chapter
   * holds the same categories, only keys and titles that named a later year's category differ, so a baseline recorded
   * before they were cut still gates a run of its table.
   */
  public static boolean sameTable(String a, String b) {
    a = FITTED.matcher(a).replaceFirst("");
    b = FITTED.matcher(b).replaceFirst("");
    if (a.equals(b)) {
      return true;
    }
    boolean namedA = a.contains(LEVEL_SOURCE);
    boolean namedB = b.contains(LEVEL_SOURCE);
    return namedA != namedB && withoutLevelSource(a).equals(withoutLevelSource(b));
  }

  private static String withoutLevelSource(String description) {
    int at = description.indexOf(LEVEL_SOURCE);
    int end = description.lastIndexOf(')');
    return at < 0 || end < at ? description : description.substring(0, at) + description.substring(end);
  }
}
