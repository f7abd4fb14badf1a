package org.medcode.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  /**
   * Scoring reads of notes their lengths and the start of their text: an admission cut to excerpts keeps both, for
   * one note or several (each note keeps its first characters, so the joined text starts as before).
   */
  @Test
  void anExcerptKeepsTheLengthAndTheStartOfTheText() {
    for (Admission whole : List.of(admission(), admission(""), admission("short"), admission("x".repeat(1000)),
        admission("a".repeat(10), "b".repeat(600), "c".repeat(30)), admission("d".repeat(700), "e"))) {
      Admission cut = whole.excerpt(400);
      assertEquals(whole.text().length(), whole.textLength());
      assertEquals(whole.textLength(), cut.textLength());
      String start = whole.text().substring(0, Math.min(400, whole.text().length()));
      assertEquals(start, cut.text().substring(0, Math.min(400, cut.text().length())));
      assertEquals(whole.codes(), cut.codes());
      assertEquals(whole.id(), cut.id());
      cut.notes().forEach(note -> assertTrue(note.text().length() <= 400));
    }
    Admission shortOnes = admission("one", "two");
    assertSame(shortOnes, shortOnes.excerpt(400), "nothing to cut: the same admission");
  }

  @Test
  void aNoteCannotBeShorterThanItsText() {
    assertThrows(IllegalArgumentException.class, () -> new Note("note", "abc", 2));
    assertEquals(5, new Note("note", "abcde").excerpt(2).length());
    assertEquals("ab", new Note("note", "abcde").excerpt(2).text());
  }

  @Test
  void aDatasetCutToExcerptsKeepsEverythingButTheTexts() {
    Dataset whole = new Dataset("jsonl:x.jsonl", List.of(), List.of(admission("y".repeat(900)), admission("z")),
        List.of("a warning"), "f1ng3rpr1nt", true);
    Dataset cut = whole.excerpts(400);
    assertEquals(whole.spec(), cut.spec());
    assertEquals(whole.warnings(), cut.warnings());
    assertEquals(whole.fingerprint(), cut.fingerprint());
    assertEquals(whole.credentialed(), cut.credentialed());
    assertEquals(900, cut.admissions().get(0).textLength());
    assertEquals(400, cut.admissions().get(0).text().length());
    assertSame(whole.admissions().get(1), cut.admissions().get(1));
    Dataset small = new Dataset("jsonl:x.jsonl", List.of(), List.of(admission("z")), List.of(), "f");
    assertSame(small, small.excerpts(400), "nothing to cut: the same dataset");
  }
}
