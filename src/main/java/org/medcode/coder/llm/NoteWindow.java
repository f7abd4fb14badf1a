package org.medcode.coder.llm;

import java.util.ArrayList;
import java.util.List;

/**
 * Fits a note into the context budget, counted in approximate tokens (4 characters each, a common rule of thumb for
 * English; the real count depends on the model's tokenizer). {@code TRUNCATE} keeps the beginning; {@code SPLIT} cuts
 * the note into consecutive chunks at paragraph, line or word boundaries, each coded on its own and merged.
 */
final class NoteWindow {
  static final int CHARS_PER_TOKEN = 4;

  enum Mode { TRUNCATE, SPLIT }

  /** The text(s) to send and the annotation saying what happened ({@code fits}, {@code truncated …}, {@code split …}). */
  record Fitted(List<String> chunks, String annotation) {
    Fitted {
      chunks = List.copyOf(chunks);
    }
  }

  private NoteWindow() {}

  static Fitted fit(String note, int budgetTokens, Mode mode) {
    int budget = Math.max(1, budgetTokens) * CHARS_PER_TOKEN;
    if (note.length() <= budget) {
      return new Fitted(List.of(note), "fits");
    }
    if (mode == Mode.TRUNCATE) {
      int end = boundary(note, 0, budget);
      return new Fitted(List.of(note.substring(0, end)),
          "truncated: kept " + end + " of " + note.length() + " characters (~" + budgetTokens + " tokens)");
    }
    List<String> chunks = new ArrayList<>();
    int start = 0;
    while (start < note.length()) {
      int end = note.length() - start <= budget ? note.length() : boundary(note, start, start + budget);
      chunks.add(note.substring(start, end));
      start = end;
    }
    return new Fitted(chunks, "split: " + chunks.size() + " chunks of at most ~" + budgetTokens + " tokens");
  }

  /** The best cut in (from, limit]: after the last blank line, else line break, else space in the second half. */
  private static int boundary(String text, int from, int limit) {
    int half = from + (limit - from) / 2;
    for (String separator : List.of("\n\n", "\n", " ")) {
      int at = text.lastIndexOf(separator, limit - separator.length());
      if (at >= half) {
        return at + separator.length();
      }
    }
    return limit;
  }
}
