package org.medcode.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.medcode.MedcodeException;
import org.medcode.codesystem.CodeSystemId;

/**
 * The options of a code-query dataset spec ({@code code-query:icd10cm?year=2026&sample=1000&seed=42}): admissions built
 * from a code table, each one code's description as its note and that code as its gold, as in the code-querying study
 * of Soroush et al. (NEJM AI 2024). {@link #query()} writes the options that are set, in a fixed order; {@link #parse}
 * reads them back.
 *
 * @param system the code system ({@code icd10cm}, {@code icd10pcs}, {@code icd9cm}, {@code icd9pcs}, {@code cpt},
 *     {@code hcpcs})
 * @param year the official table: a fiscal year or a range ({@code 2016-2023}); null = the newest (ICD-10) or the only
 *     one (ICD-9)
 * @param table a table of the user's own (CSV {@code code,description[,billable]}), required for CPT and HCPCS, whose
 *     descriptions medcode does not ship; null = the official table
 * @param codes the user's own list of codes (CSV with a {@code code} column and optionally {@code count}): one admission
 *     per listed code the table has as billable; null = every billable code of the table
 * @param weights a frequency file (CSV {@code code,count}, or a MIMIC {@code diagnoses_icd} / {@code procedures_icd}
 *     table whose rows of the system's ICD version are counted) that weights the sample; codes it lacks are never drawn
 * @param sample a seeded sample of this many codes, or null for all
 * @param seed the sample's seed
 */
public record CodeQuery(CodeSystemId system, String year, Path table, Path codes, Path weights, Integer sample, long seed) {
  /** The option keys, in the order {@link #query()} writes them. */
  public static final List<String> KEYS = List.of("year", "table", "codes", "weights", "sample", "seed");

  public CodeQuery {
    if (sample != null && sample < 1) {
      throw new IllegalArgumentException("sample must be a positive number of codes, got " + sample);
    }
    if (weights != null && sample == null) {
      throw new IllegalArgumentException("weights= weights a sample; give sample=N too");
    }
    if (table != null && year != null) {
      throw new IllegalArgumentException("give either year= (an official table) or table= (your own), not both");
    }
  }

  /** The same query with relative table, codes and weights files read from {@code base}. */
  CodeQuery resolvedAgainst(Path base) {
    return new CodeQuery(system, year, DatasetSpec.against(base, table), DatasetSpec.against(base, codes),
        DatasetSpec.against(base, weights), sample, seed);
  }

  /** The options that are set, {@code key=value} joined by {@code &} (the seed always with a sample). */
  public String query() {
    List<String> parts = new ArrayList<>();
    if (year != null) {
      parts.add("year=" + year);
    }
    if (table != null) {
      parts.add("table=" + table);
    }
    if (codes != null) {
      parts.add("codes=" + codes);
    }
    if (weights != null) {
      parts.add("weights=" + weights);
    }
    if (sample != null) {
      parts.add("sample=" + sample);
      parts.add("seed=" + seed);
    }
    return String.join("&", parts);
  }

  /** Parses {@code SYSTEM} and the options after {@code ?}; {@code bad} builds the error for a problem. */
  static CodeQuery parse(String system, String query, Function<String, MedcodeException> bad) {
    CodeSystemId id;
    try {
      id = CodeSystemId.parse(system.trim());
    } catch (IllegalArgumentException e) {
      throw bad.apply("code-query: " + e.getMessage());
    }
    Map<String, String> given = SpecOptions.parse(query, KEYS, "code-query option", bad);
    try {
      Integer sample = given.containsKey("sample") ? positive(given.get("sample"), "sample") : null;
      if (given.containsKey("seed") && sample == null) {
        throw new IllegalArgumentException("seed sets the sample; give sample=N too");
      }
      long seed = 0;
      if (given.containsKey("seed")) {
        try {
          seed = Long.parseLong(given.get("seed"));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("seed must be a whole number, got '" + given.get("seed") + "'");
        }
      }
      return new CodeQuery(id, nonEmpty(given.get("year")), path(given.get("table")), path(given.get("codes")),
          path(given.get("weights")), sample, seed);
    } catch (IllegalArgumentException e) {
      throw bad.apply(e.getMessage());
    }
  }

  private static Integer positive(String text, String key) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a positive whole number, got '" + text + "'");
    }
  }

  private static String nonEmpty(String text) {
    return text == null || text.isBlank() ? null : text;
  }

  private static Path path(String text) {
    return text == null || text.isBlank() ? null : Path.of(text);
  }
}
