package org.medcode.dataset;

/** One clinical note: a type (e.g. "discharge summary", "clinical case") and its text. */
public record Note(String type, String text) {}
