package org.medcode.run;

import java.util.List;
import org.medcode.codesystem.CodeStatus;

/** What the code table and hierarchy say about one code: status, title and every ancestor with its title. */
public record CodeLookup(String input, String code, String display, CodeStatus status, String title, List<Level> levels) {
  public CodeLookup {
    levels = List.copyOf(levels);
  }

  /** One ancestor: level name (e.g. "block"), key (e.g. {@code N40-N53}) and title. */
  public record Level(String granularity, String name, String key, String title) {}
}
