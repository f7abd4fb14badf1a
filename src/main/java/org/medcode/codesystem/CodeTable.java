package org.medcode.codesystem;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A versioned table of the codes of one system (e.g. ICD-10-CM FY2026): membership, billable vs header, titles.
 * A table without entries ({@link #formatOnly}) can only check the format (CPT when no user table is given).
 */
public final class CodeTable {
  private final CodeSystem system;
  private final String version;
  private final Map<String, CodeEntry> entries;
  private final boolean formatOnly;

  private CodeTable(CodeSystem system, String version, Map<String, CodeEntry> entries, boolean formatOnly) {
    this.system = Objects.requireNonNull(system);
    this.version = Objects.requireNonNull(version);
    this.entries = Map.copyOf(entries);
    this.formatOnly = formatOnly;
  }

  /** A table with the given entries (keys are canonical codes). */
  public static CodeTable of(CodeSystem system, String version, Map<String, CodeEntry> entries) {
    return new CodeTable(system, version, entries, false);
  }

  /** A table that knows no codes: well-formed codes are {@link CodeStatus#UNCHECKED}. */
  public static CodeTable formatOnly(CodeSystem system) {
    return new CodeTable(system, "none (format check only)", Map.of(), true);
  }

  public CodeSystem system() {
    return system;
  }

  /** E.g. {@code FY2026}, {@code v32}, or a user table's file name. */
  public String version() {
    return version;
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
   * header rows), else the hierarchy's; empty titles (e.g. derived ICD-9 headers) count as unknown.
   */
  public Optional<String> title(String key, Granularity granularity) {
    if (granularity == Granularity.EXACT || granularity == Granularity.CATEGORY) {
      CodeEntry entry = entries.get(key);
      if (entry != null && !entry.longTitle().isEmpty()) {
        return Optional.of(entry.longTitle());
      }
    }
    return system.levelTitle(key, granularity);
  }

  /** Short description such as {@code icd10cm FY2026 (98,186 codes)}. */
  public String describe() {
    return formatOnly ? system.id().label() + " " + version
        : String.format(java.util.Locale.ROOT, "%s %s (%,d codes, %,d billable)", system.id().label(), version, size(), billableCount());
  }
}
