package org.medcode.coder.rules;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.medcode.MedcodeException;
import org.medcode.codesystem.CodeTable;

/**
 * The generic Z code for a family or personal-history mention whose condition matched no Z code title
 * ({@code configs/rules/history-fallback.tsv}): the first row whose category range holds the condition's code.
 * Rows whose Z code is not in the table are left out.
 */
final class HistoryFallback {
  private record Row(MentionContext kind, String first, String last, String zCode) {}

  private final List<Row> rows;

  private HistoryFallback(List<Row> rows) {
    this.rows = List.copyOf(rows);
  }

  static HistoryFallback load(Path rulesDir, CodeTable table) {
    List<Row> rows = new ArrayList<>();
    for (String[] fields : RulesResources.rows(rulesDir.resolve("history-fallback.tsv"), 4)) {
      MentionContext kind;
      try {
        kind = MentionContext.valueOf(fields[0].toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new MedcodeException("coder rules: history-fallback.tsv: unknown kind '" + fields[0]
            + "'; expected family or historical");
      }
      if (table.entry(fields[3]).isPresent()) {
        rows.add(new Row(kind, fields[1], fields[2], fields[3]));
      }
    }
    return new HistoryFallback(rows);
  }

  static HistoryFallback none() {
    return new HistoryFallback(List.of());
  }

  /** The Z code for a condition code mentioned in a family or historical context, if any. */
  Optional<String> zCode(MentionContext kind, String conditionCode) {
    String category = conditionCode.length() > 3 ? conditionCode.substring(0, 3) : conditionCode;
    for (Row row : rows) {
      if (row.kind() == kind && category.compareTo(row.first()) >= 0 && category.compareTo(row.last()) <= 0) {
        return conditionCode.startsWith("Z") ? Optional.empty() : Optional.of(row.zCode());
      }
    }
    return Optional.empty();
  }
}
