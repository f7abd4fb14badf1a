package org.medcode.codesystem;

import java.util.Arrays;
import java.util.Locale;

/** The code systems medcode-bench knows. */
public enum CodeSystemId {
  ICD10CM("icd10cm", "ICD-10-CM diagnoses"),
  ICD10PCS("icd10pcs", "ICD-10-PCS procedures"),
  ICD9CM("icd9cm", "ICD-9-CM diagnoses (incl. V and E codes)"),
  ICD9PCS("icd9pcs", "ICD-9-CM procedures (volume 3)"),
  CPT("cpt", "CPT (AMA); descriptions only from a user-supplied table"),
  HCPCS("hcpcs", "HCPCS Level II");

  private final String label;
  private final String description;

  CodeSystemId(String label, String description) {
    this.label = label;
    this.description = description;
  }

  public String label() {
    return label;
  }

  public String description() {
    return description;
  }

  /** Parses a label such as {@code icd10cm} (case-insensitive, '-' and '_' ignored). */
  public static CodeSystemId parse(String text) {
    String key = text.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    return Arrays.stream(values())
        .filter(id -> id.label.equals(key))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "unknown code system '" + text + "'; expected one of " + Arrays.stream(values()).map(CodeSystemId::label).toList()));
  }

  @Override
  public String toString() {
    return label;
  }
}
