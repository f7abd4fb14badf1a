package org.medcode.run.inspect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.medcode.codesystem.CodeStatus;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.dataset.Dataset;
import org.medcode.dataset.GoldCode;

/**
 * Gold codes of a dataset checked against a code table: counts of occurrences and of distinct codes per status, and
 * every code the table does not know as billable (headers, codes not in the table, malformed codes).
 */
public record GoldAudit(String dataset, String table, long occurrences, Map<CodeStatus, Long> occurrencesByStatus,
    Map<CodeStatus, Long> distinctByStatus, List<Finding> findings, List<String> warnings) {
  public GoldAudit {
    occurrencesByStatus = Map.copyOf(occurrencesByStatus);
    distinctByStatus = Map.copyOf(distinctByStatus);
    findings = List.copyOf(findings);
    warnings = List.copyOf(warnings);
  }

  /** A gold code that is not a billable code of the table, with how often and where it occurs. */
  public record Finding(String code, String display, CodeStatus status, long occurrences, List<String> exampleAdmissions) {
    public Finding {
      exampleAdmissions = List.copyOf(exampleAdmissions);
    }
  }

  /** Checks a dataset's gold codes of {@code system} against {@code table}. */
  public static GoldAudit of(Dataset dataset, CodeSystemId system, CodeTable table) {
    Map<String, Long> occurrences = new TreeMap<>();
    Map<String, List<String>> examples = new TreeMap<>();
    Map<CodeStatus, Long> byStatus = new EnumMap<>(CodeStatus.class);
    Map<CodeStatus, Long> distinct = new EnumMap<>(CodeStatus.class);
    long total = 0;
    for (Admission admission : dataset.admissions()) {
      for (GoldCode gold : admission.codes()) {
        if (gold.system() != system) {
          continue;
        }
        total++;
        CodeStatus status = table.status(gold.code());
        byStatus.merge(status, 1L, Long::sum);
        if (occurrences.merge(gold.code(), 1L, Long::sum) == 1L) {
          distinct.merge(status, 1L, Long::sum);
        }
        List<String> where = examples.computeIfAbsent(gold.code(), k -> new ArrayList<>());
        if (where.size() < 3 && !where.contains(admission.id())) {
          where.add(admission.id());
        }
      }
    }
    List<Finding> findings = new ArrayList<>();
    for (Map.Entry<String, Long> entry : occurrences.entrySet()) {
      String code = entry.getKey();
      CodeStatus status = table.status(code);
      if (status != CodeStatus.BILLABLE && status != CodeStatus.UNCHECKED) {
        String display = table.system().isWellFormed(code) ? table.system().display(code) : code;
        findings.add(new Finding(code, display, status, entry.getValue(), examples.get(code)));
      }
    }
    findings.sort(Comparator.comparing(Finding::status).thenComparing(Finding::code));
    // what evaluate would say of the same data: the loader's warnings, and a system the dataset has no gold codes of
    List<String> warnings = new ArrayList<>(dataset.warnings());
    if (total == 0) {
      warnings.add(dataset.spec() + " has no gold codes of " + system.label() + (dataset.systems().isEmpty() ? ""
          : " (it has " + dataset.systems().stream().map(CodeSystemId::label).toList() + ")") + "; check --system");
    }
    return new GoldAudit(dataset.spec(), table.describe(), total, byStatus, distinct, findings, warnings);
  }
}
