package org.medcode.dataset;

/** Which MIMIC database a folder holds; decides file names, column names and which options apply. */
public enum Release {
  /** MIMIC-IV 2.x/3.x ({@code hosp/}, {@code icu/}) with MIMIC-IV-Note ({@code note/}); ICD-9 and ICD-10. */
  MIMIC_IV("mimic-iv"),
  /** MIMIC-III 1.4: upper-case tables in one folder ({@code NOTEEVENTS}, {@code DIAGNOSES_ICD}, ...); ICD-9 only. */
  MIMIC_III("mimic-iii");

  private final String prefix;

  Release(String prefix) {
    this.prefix = prefix;
  }

  /** The spec prefix, e.g. {@code mimic-iv}. */
  public String prefix() {
    return prefix;
  }
}
