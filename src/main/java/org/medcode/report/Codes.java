package org.medcode.report;

import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.Granularity;

/** Display forms and titles of codes and ancestor keys, for writers. */
final class Codes {
  private Codes() {}

  /** The written form of a key: a dotted code at exact level, the key itself at coarser levels. */
  static String display(CodeTable table, String key, Granularity granularity) {
    if (granularity == Granularity.EXACT && table.system().isWellFormed(key)) {
      return table.system().display(key);
    }
    return key;
  }

  static String title(CodeTable table, String key, Granularity granularity) {
    return table.title(key, granularity).orElse("");
  }
}
