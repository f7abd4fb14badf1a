package org.medcode.eval;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.medcode.codesystem.CodeEntry;
import org.medcode.codesystem.CodeSystem;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.Granularity;

/**
 * A test-only ICD-10-CM-like system: well formed = a letter, a digit, an alphanumeric, then 0 to 4 alphanumerics;
 * category = first 3 characters; block = one of a few fixed ranges (none for other categories); chapter = first letter.
 */
final class ToyCodeSystem implements CodeSystem {
  private static final Pattern WELL_FORMED = Pattern.compile("[A-Z][0-9][0-9A-Z][0-9A-Z]{0,4}");
  static final List<String[]> BLOCKS = List.of(new String[] {"A00", "A09"}, new String[] {"A15", "A19"},
      new String[] {"E08", "E13"}, new String[] {"I10", "I16"}, new String[] {"I20", "I25"},
      new String[] {"J09", "J18"}, new String[] {"N40", "N53"});

  private final Set<Granularity> levels;

  ToyCodeSystem(Set<Granularity> levels) {
    this.levels = EnumSet.copyOf(levels);
  }

  ToyCodeSystem() {
    this(EnumSet.allOf(Granularity.class));
  }

  /** A table of this system with the given billable codes and headers. */
  static CodeTable table(CodeSystem system, List<String> billable, List<String> headers) {
    Map<String, CodeEntry> entries = new java.util.HashMap<>();
    billable.forEach(c -> entries.put(c, new CodeEntry(c, true, c, c)));
    headers.forEach(c -> entries.put(c, new CodeEntry(c, false, c, c)));
    return CodeTable.of(system, "toy", entries);
  }

  @Override
  public CodeSystemId id() {
    return CodeSystemId.ICD10CM;
  }

  @Override
  public boolean isWellFormed(String code) {
    return WELL_FORMED.matcher(code).matches();
  }

  @Override
  public String display(String code) {
    return code.length() > 3 ? code.substring(0, 3) + "." + code.substring(3) : code;
  }

  @Override
  public Set<Granularity> granularities() {
    return levels;
  }

  @Override
  public String levelName(Granularity granularity) {
    return granularity.label();
  }

  @Override
  public Optional<String> ancestor(String code, Granularity granularity) {
    if (!levels.contains(granularity) || code.length() < 3 || !isWellFormed(code.substring(0, 3))) {
      return Optional.empty();
    }
    String category = code.substring(0, 3);
    return switch (granularity) {
      case EXACT -> isWellFormed(code) ? Optional.of(code) : Optional.empty();
      case CATEGORY -> Optional.of(category);
      case BLOCK -> BLOCKS.stream().filter(b -> category.compareTo(b[0]) >= 0 && category.compareTo(b[1]) <= 0)
          .map(b -> b[0] + "-" + b[1]).findFirst();
      case CHAPTER -> Optional.of(code.substring(0, 1));
    };
  }

  @Override
  public Optional<String> levelTitle(String key, Granularity granularity) {
    return Optional.empty();
  }
}
