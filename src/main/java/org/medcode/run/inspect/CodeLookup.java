package org.medcode.run.inspect;

import java.util.ArrayList;
import java.util.List;
import org.medcode.codesystem.CanonicalCodes;
import org.medcode.codesystem.CodeStatus;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.Granularity;

/**
 * What the code table and hierarchy say about one code: status, title and every ancestor with its title; for a table of
 * a range of years, {@code years} names the years that have the code (else empty).
 */
public record CodeLookup(String input, String code, String display, CodeStatus status, String title, List<Level> levels,
    String years) {
  public CodeLookup {
    levels = List.copyOf(levels);
  }

  /** One ancestor: level name (e.g. "block"), key (e.g. {@code N40-N53}) and title. */
  public record Level(String granularity, String name, String key, String title) {}

  /**
   * Looks codes, as written anywhere, up in a table.
   *
   * @throws CanonicalCodes.NotACode for a code no file may hold either (white space inside it): shown as read, it would
   *     answer for a code the readers refuse
   */
  public static List<CodeLookup> of(CodeTable table, List<String> codes) {
    List<CodeLookup> result = new ArrayList<>();
    for (String input : codes) {
      CanonicalCodes.check(input);
      String code = table.system().normalize(input);
      CodeStatus status = table.status(code);
      List<Level> levels = new ArrayList<>();
      for (Granularity granularity : Granularity.values()) {
        if (granularity == Granularity.EXACT || !table.system().granularities().contains(granularity)) {
          continue;
        }
        table.system().ancestor(code, granularity).ifPresent(key -> levels.add(new Level(granularity.label(),
            table.system().levelName(granularity), key, table.title(key, granularity).orElse(""))));
      }
      String display = table.system().isWellFormed(code) ? table.system().display(code) : code;
      result.add(new CodeLookup(input, code, display, status, table.entry(code).map(e -> e.longTitle()).orElse(""), levels,
          table.statusYears(code).orElse("")));
    }
    return result;
  }
}
