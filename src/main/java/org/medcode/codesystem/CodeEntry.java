package org.medcode.codesystem;

/** One row of a code table. {@code code} is canonical; titles may be empty. */
public record CodeEntry(String code, boolean billable, String shortTitle, String longTitle) {}
