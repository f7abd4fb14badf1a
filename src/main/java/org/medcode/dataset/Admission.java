package org.medcode.dataset;

import java.util.List;
import java.util.Map;

/** One coded encounter: notes in, gold codes to find. {@code patientId} may equal {@code id} when unknown. */
public record Admission(String id, String patientId, List<Note> notes, List<GoldCode> codes, Map<String, String> metadata) {
  public Admission {
    notes = List.copyOf(notes);
    codes = List.copyOf(codes);
    metadata = Map.copyOf(metadata);
  }

  /** The patient this admission is grouped by: its patient id, else the admission itself. */
  public String patientKey() {
    return patientId == null ? id : patientId;
  }

  /**
   * All note texts joined by blank lines (the note's own text when there is one, not a copy). Of an admission cut for
   * scoring ({@link #excerpt}), the start of that text: as long as the excerpt it was cut to, or the whole text.
   */
  public String text() {
    return notes.size() == 1 ? notes.get(0).text() : String.join("\n\n", notes.stream().map(Note::text).toList());
  }

  /** The length of {@link #text()} of the notes as loaded (whole or cut to an excerpt), without building it. */
  public int textLength() {
    long length = notes.isEmpty() ? 0 : 2L * (notes.size() - 1);
    for (Note note : notes) {
      length += note.length();
    }
    return (int) Math.min(Integer.MAX_VALUE, length);
  }

  /**
   * This admission with each note cut to its first {@code chars} characters ({@link Note#excerpt}): what scoring
   * reads of notes is their lengths ({@link #textLength}) and the first {@code chars} characters of {@link #text()},
   * and a whole MIMIC-IV split's notes are gigabytes that would otherwise stay in memory while it is scored.
   */
  public Admission excerpt(int chars) {
    List<Note> cut = notes.stream().map(note -> note.excerpt(chars)).toList();
    for (int i = 0; i < cut.size(); i++) {
      if (cut.get(i) != notes.get(i)) {
        return new Admission(id, patientId, cut, codes, metadata);
      }
    }
    return this;
  }
}
