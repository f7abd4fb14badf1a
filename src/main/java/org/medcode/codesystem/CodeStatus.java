package org.medcode.codesystem;

/** What a code table says about one (normalised) code. */
public enum CodeStatus {
  /** In the table and billable (a leaf). */
  BILLABLE,
  /** In the table but a non-billable header (category or subcategory). */
  HEADER,
  /** Well formed, but no table is loaded for this system (e.g. CPT without a user table): not checkable. */
  UNCHECKED,
  /** Well formed but not in the chosen year's table: an invalid code. */
  NOT_IN_TABLE,
  /** Not even well formed for the system: an invalid code. */
  MALFORMED;

  /** Whether the code exists (or cannot be checked); {@link #NOT_IN_TABLE} and {@link #MALFORMED} are invalid. */
  public boolean valid() {
    return this != NOT_IN_TABLE && this != MALFORMED;
  }

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
