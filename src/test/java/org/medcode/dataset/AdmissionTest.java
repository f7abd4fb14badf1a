package org.medcode.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdmissionTest {
  private static Admission admission(String... texts) {
    return new Admission("A", "P", java.util.Arrays.stream(texts).map(t -> new Note("note", t)).toList(), List.of(), Map.of());
  }

  @Test
  void textJoinsNotesByBlankLines() {
    for (Admission a : List.of(admission(), admission(""), admission("one"), admission("one", ""), admission("a", "bc", "\uD83D\uDE00"))) {
      assertEquals(String.join("\n\n", a.notes().stream().map(Note::text).toList()), a.text());
    }
  }

  @Test
  void theTextOfOneNoteIsNotCopied() {
    Admission a = admission("x".repeat(1000));
    assertSame(a.notes().get(0).text(), a.text());
  }
}
