package org.medcode.dataset;

import java.util.Objects;

/**
 * One clinical note: a type (e.g. "discharge summary", "clinical case") and its text. {@code length} is the length of
 * the note as loaded: the text's own, unless the note was cut to an excerpt ({@link #excerpt}) for scoring, which
 * needs each note's length and the start of its text, never its whole text.
 *
 * <p>A note of a large dataset may keep its text in a {@link NoteStore} file instead of the heap: {@link #text()}
 * then reads it back. Either way a note is a value: equal notes have the same type, text and length.
 */
public final class Note {
  private final String type;
  private final String text;
  /**
   * The store that holds the text (on its share of the heap, or in its file), null for a note made by hand or cut to an
   * excerpt: a store gives its share back once none of its notes refers to it.
   */
  private final NoteStore store;
  /** Where the text is in the store's file; null when the note holds it. */
  private final NoteStore.Ref stored;
  private final int length;

  public Note(String type, String text, int length) {
    if (length < (text == null ? 0 : text.length())) {
      throw new IllegalArgumentException("a note's length " + length + " is shorter than its text ("
          + text.length() + " characters)");
    }
    this.type = type;
    this.text = text;
    this.store = null;
    this.stored = null;
    this.length = length;
  }

  /** A note whose text is whole. */
  public Note(String type, String text) {
    this(type, text, text == null ? 0 : text.length());
  }

  /** A whole note whose text {@code store} keeps on its share of the heap. */
  Note(String type, String text, NoteStore store) {
    this.type = type;
    this.text = text;
    this.store = Objects.requireNonNull(store);
    this.stored = null;
    this.length = text == null ? 0 : text.length();
  }

  /** A whole note whose text is in {@code store}'s file at {@code stored}. */
  Note(String type, NoteStore store, NoteStore.Ref stored, int length) {
    this.type = type;
    this.text = null;
    this.store = Objects.requireNonNull(store);
    this.stored = Objects.requireNonNull(stored);
    this.length = length;
  }

  public String type() {
    return type;
  }

  /** The text (read back from its store when it is kept there); null when the note has none. */
  public String text() {
    return stored == null ? text : store.text(stored);
  }

  public int length() {
    return length;
  }

  /** Whether the text held (whole or an excerpt) is longer than {@code chars}, without reading a stored one. */
  boolean longerThan(int chars) {
    return stored != null ? length > chars : text != null && text.length() > chars;
  }

  /**
   * This note with at most the first {@code chars} characters of its text, its length as it was, held by itself: an
   * excerpt keeps no store from giving its share of the heap back.
   */
  public Note excerpt(int chars) {
    if (store == null && !longerThan(chars)) {
      return this;
    }
    return new Note(type, stored != null ? store.start(stored, chars) : longerThan(chars) ? text.substring(0, chars)
        : text, length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Note other && length == other.length && Objects.equals(type, other.type)
        && Objects.equals(text(), other.text());
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, text(), length);
  }

  @Override
  public String toString() {
    String shown = text();
    return "Note[type=" + type + ", length=" + length + ", text=" + (shown == null ? null
        : shown.length() <= 60 ? shown : shown.substring(0, 60) + "…") + "]";
  }
}
