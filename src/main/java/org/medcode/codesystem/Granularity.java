package org.medcode.codesystem;

/** How coarsely codes are compared: the code itself, or one of its ancestors in the hierarchy. */
public enum Granularity {
  /** The full code, every character kept (a 7th character is never truncated). */
  EXACT,
  /** ICD-10-CM: 3-character category; ICD-9-CM: 3 digits, V+2, E+3; PCS: root operation; CPT/HCPCS: range. */
  CATEGORY,
  /** ICD-10-CM: block (section) such as A00-A09; PCS: body system. */
  BLOCK,
  /** ICD-10-CM / ICD-9-CM: chapter; PCS: section. */
  CHAPTER;

  /** Lower-case name used in files and on the command line. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
