package org.medcode.run;

import java.util.List;
import java.util.Map;
import org.medcode.codesystem.CodeStatus;

/**
 * Gold codes of a dataset checked against a code table: counts of occurrences and of distinct codes per status, and
 * every code the table does not know as billable (headers, codes not in the table, malformed codes).
 */
public record GoldAudit(String dataset, String table, long occurrences, Map<CodeStatus, Long> occurrencesByStatus,
    Map<CodeStatus, Long> distinctByStatus, List<Finding> findings) {
  public GoldAudit {
    occurrencesByStatus = Map.copyOf(occurrencesByStatus);
    distinctByStatus = Map.copyOf(distinctByStatus);
    findings = List.copyOf(findings);
  }

  /** A gold code that is not a billable code of the table, with how often and where it occurs. */
  public record Finding(String code, String display, CodeStatus status, long occurrences, List<String> exampleAdmissions) {
    public Finding {
      exampleAdmissions = List.copyOf(exampleAdmissions);
    }
  }
}
