package org.medcode.coder.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Notes are cut at paragraph, line or word boundaries and a split loses no character. */
class NoteWindowTest {
  @Test
  void splitKeepsEveryCharacterInOrder() {
    String note = ("First paragraph with words.\n\nSecond one, a little longer than the first.\nA line.\n\n").repeat(20);
    NoteWindow.Fitted fitted = NoteWindow.fit(note, 25, NoteWindow.Mode.SPLIT);
    assertEquals(note, String.join("", fitted.chunks()));
    for (String chunk : fitted.chunks()) {
      assertTrue(chunk.length() <= 100, chunk);
    }
    assertTrue(fitted.chunks().size() > 1);
  }

  @Test
  void truncateKeepsTheStartAtAWordBoundary() {
    NoteWindow.Fitted fitted = NoteWindow.fit("alpha beta gamma delta epsilon", 4, NoteWindow.Mode.TRUNCATE);
    assertEquals("alpha beta ", fitted.chunks().get(0));
    assertEquals("truncated: kept 11 of 30 characters (~4 tokens)", fitted.annotation());
    assertEquals("fits", NoteWindow.fit("short", 4, NoteWindow.Mode.TRUNCATE).annotation());
  }
}
