package org.medcode.dataset;

/**
 * One clinical note: a type (e.g. "discharge summary", "clinical case") and its text. {@code length} is the length of
 * the note as loaded: the text's own, unless the note was cut to an excerpt ({@link #excerpt}) for scoring, which
 * needs each note's length and the start of its text, never its whole text.
 */
public record Note(String type, String text, int length) {
  public Note {
    if (length < (text == null ? 0 : text.length())) {
      throw new IllegalArgumentException("a note's length " + length + " is shorter than its text ("
          + text.length() + " characters)");
    }
  }

  /** A note whose text is whole. */
  public Note(String type, String text) {
    this(type, text, text == null ? 0 : text.length());
  }

  /** This note with at most the first {@code chars} characters of its text, its length as it was. */
  public Note excerpt(int chars) {
    return text == null || text.length() <= chars ? this : new Note(type, text.substring(0, chars), length);
  }
}
