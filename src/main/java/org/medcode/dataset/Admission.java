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

  /** All note texts joined by blank lines (the note's own text when there is one, not a copy). */
  public String text() {
    return notes.size() == 1 ? notes.get(0).text() : String.join("\n\n", notes.stream().map(Note::text).toList());
  }
}
