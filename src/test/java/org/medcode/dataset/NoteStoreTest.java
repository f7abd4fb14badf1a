package org.medcode.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;

class NoteStoreTest {
  @TempDir
  Path temp;

  private static final List<String> TEXTS = List.of("", "a", "Fiebre y disnea: neumonía bilateral.",
      "Patient 😀 with chest pain 胸痛 and fever; ü, ß, €", "😀😀😀😀", "x".repeat(5000) + "é", "\n\t line breaks \r\n");

  @Test
  void textsBeyondTheBudgetGoToTheFileAndComeBackTheSame() {
    NoteStore store = new NoteStore(40, temp);
    Note first = store.note("discharge", "0123456789".repeat(3)); // 30 of 40
    assertEquals(0, store.fileBytes(), "within the budget: on the heap");
    Note second = store.note("discharge", "0123456789".repeat(2)); // 50 > 40: to the file
    assertEquals(20, store.fileBytes());
    Note third = store.note("radiology", "short"); // fits what was left, but once in the file, always in the file
    assertEquals(25, store.fileBytes());
    if (!System.getProperty("os.name").startsWith("Windows")) {
      // the file has no name from the moment it is open (DELETE_ON_CLOSE unlinks it on Unix): a process killed
      // outright leaves no gigabytes of note text behind in the temporary folder
      try (var left = Files.list(temp)) {
        assertEquals(List.of(), left.toList());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    assertEquals(new Note("discharge", "0123456789".repeat(3)), first);
    assertEquals(new Note("discharge", "0123456789".repeat(2)), second);
    assertEquals(new Note("radiology", "short"), third);
    assertEquals(new Note("radiology", "short").hashCode(), third.hashCode());
    assertEquals("radiology", third.type());
    assertEquals(5, third.length());
    assertNotEquals(new Note("discharge", "short"), third);
  }

  @Test
  void aTextIsCountedAsTheBytesItsCharsTakeOnTheHeap() {
    // a String holds Latin-1 text in one byte a char and any other in two: Greek, Chinese or emoji notes counted as
    // one byte a char took up to twice their share of the heap
    assertEquals(30, NoteStore.heapBytes("neumonía bilateral, ñ, ü, ß ok"));
    assertEquals(2 * 15, NoteStore.heapBytes("πνευμονία 胸痛 ok"));
    assertEquals(2 * 3, NoteStore.heapBytes("a😀"));
    NoteStore store = new NoteStore(40, temp);
    store.note("t", "neumonía bilateral, ñ, ü, ß ok"); // 30 of 40
    assertEquals(0, store.fileBytes());
    store.note("t", "πνευμονία"); // 18 bytes > the 10 left, though 9 chars
    assertTrue(store.fileBytes() > 0, "beyond the budget: in the file");
    NoteStore greek = new NoteStore(40, temp);
    greek.note("t", "πνευμονία πνευμονία"); // 38 bytes of 40
    assertEquals(0, greek.fileBytes());
    greek.note("t", "π"); // 40 of 40
    assertEquals(0, greek.fileBytes());
    greek.note("t", "a");
    assertEquals(1, greek.fileBytes(), "the budget is spent: 40 bytes for 21 chars");
  }

  @Test
  void aDatasetDroppedGivesItsShareOfTheHeapBackToTheNextOne() throws Exception {
    // a command that loads two datasets (gate, compare: a baseline's and a run's) or tests in one JVM: the budget was
    // spent once per process, so the second dataset went to the file although the first one's notes were garbage
    Path file = Files.writeString(temp.resolve("d.jsonl"), """
        {"id": "A1", "notes": [{"text": "Fiebre y disnea: neumonía bilateral."}], "codes": []}
        {"id": "A2", "notes": [{"text": "Patient with chest pain 胸痛"}, {"text": "Dolor torácico."}], "codes": []}
        """, java.nio.charset.StandardCharsets.UTF_8);
    long bytes = 36 + 2 * 26 + 15; // the chars of the three texts, those of the Chinese one two bytes each
    NoteStore.Budget budget = new NoteStore.Budget(bytes);
    List<Admission> kept = load(budget, file);
    assertEquals(0, budget.left(), "the first dataset took the whole budget");
    collect(budget, bytes, 3);
    assertEquals(0, budget.left(), "its notes are reachable: the budget stays spent");
    List<Admission> excerpts = kept.stream().map(a -> a.excerpt(6)).toList();
    kept = null;
    collect(budget, bytes, 200);
    assertEquals(bytes, budget.left(), "dropped, cut to excerpts: its share is back");
    assertEquals("Fiebre", excerpts.get(0).text());
    kept = load(budget, file);
    assertEquals(0, budget.left(), "the next dataset has the whole budget");
    assertEquals("Dolor torácico.", kept.get(1).notes().get(1).text());
    kept = null;
    collect(budget, bytes, 200);
    assertEquals(bytes, budget.left(), "and gives it back in turn");
  }

  /** Loads {@code file} with a store on {@code budget}: its texts are on the heap. */
  private List<Admission> load(NoteStore.Budget budget, Path file) {
    NoteStore store = new NoteStore(budget, temp);
    List<Admission> admissions = new JsonlLoader(true, store).load(file).admissions();
    assertEquals(0, store.fileBytes(), "the texts are on the heap");
    return admissions;
  }

  /** Collects garbage until the budget has {@code bytes} left again, at most {@code tries} times. */
  private static void collect(NoteStore.Budget budget, long bytes, int tries) throws InterruptedException {
    for (int i = 0; i < tries && budget.left() < bytes; i++) {
      System.gc();
      Thread.sleep(5);
    }
  }

  @Test
  void aStoredNoteReadsAndCutsAsOneOnTheHeapWhateverTheCharacters() {
    NoteStore store = new NoteStore(0, temp);
    for (String text : TEXTS) {
      Note stored = store.note("t", text);
      Note held = new Note("t", text);
      assertReadsAsOnTheHeap(stored, text);
      Admission admission = new Admission("A", "P", List.of(stored, store.note("u", "second note")), List.of(),
          java.util.Map.of());
      Admission inMemory = new Admission("A", "P", List.of(held, new Note("u", "second note")), List.of(),
          java.util.Map.of());
      assertEquals(inMemory.text(), admission.text());
      assertEquals(inMemory.textLength(), admission.textLength());
      assertEquals(inMemory.excerpt(3), admission.excerpt(3));
    }
  }

  @Test
  void aTextWithALoneSurrogateComesBackWithIt() {
    // a JSONL "\uD800" escape (or a text cut between the two halves of an emoji) is a lone surrogate, which UTF-8
    // cannot hold: the file gave it back as '?', so a coder saw another text than with the same notes on the heap
    List<String> texts = new ArrayList<>();
    for (char lone : new char[] {'\uD800', '\uDBFF', '\uDC00', '\uDFFF'}) {
      texts.add(String.valueOf(lone));
      texts.add(lone + "fiebre 😀 neumonía");
      texts.add("fiebre " + lone + " neumonía 胸痛");
      texts.add("fiebre 😀 neumonía" + lone);
      texts.add("😀".substring(0, 1) + "x".repeat(300) + lone + "é");
    }
    texts.add("\uDC00\uD800"); // a low then a high half: two lone surrogates, not a pair
    texts.add("😀😀".substring(1, 3)); // the low half of one emoji, the high half of the next
    NoteStore store = new NoteStore(0, temp);
    for (String text : texts) {
      Note stored = store.note("t", text);
      assertReadsAsOnTheHeap(stored, text);
      assertEquals(Fingerprint.of(List.of(admission(new Note("t", text)))), Fingerprint.of(List.of(admission(stored))));
    }
    assertTrue(store.fileBytes() > 0, "the texts are in the file");
  }

  /** {@code stored}'s text, and its first n characters for every n, are those of {@code text} held on the heap. */
  private static void assertReadsAsOnTheHeap(Note stored, String text) {
    Note held = new Note("t", text);
    assertEquals(text, stored.text());
    assertEquals(held, stored);
    for (int chars = 0; chars <= text.length() + 2; chars++) {
      Note cut = stored.excerpt(chars);
      Note expected = held.excerpt(chars);
      assertEquals(expected.text(), cut.text(), "first " + chars + " of " + text);
      assertEquals(text.length(), cut.length());
      assertEquals(expected, cut);
    }
  }

  private static Admission admission(Note note) {
    return new Admission("A", "P", List.of(note), List.of(), java.util.Map.of());
  }

  @Test
  void manyThreadsWriteAndReadAtOnce() throws Exception {
    NoteStore store = new NoteStore(1000, temp);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Void>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          List<Note> notes = new ArrayList<>();
          List<String> texts = new ArrayList<>();
          for (int i = 0; i < 500; i++) {
            String text = "thread " + thread + " note " + i + " ñ😀 ".repeat(i % 7);
            texts.add(text);
            notes.add(store.note("t", text));
          }
          for (int i = 0; i < notes.size(); i++) {
            assertEquals(texts.get(i), notes.get(i).text());
          }
          return null;
        }));
      }
      for (Future<Void> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertTrue(store.fileBytes() > 0);
  }

  @Test
  void theJsonlLoaderChecksEvidenceSpansWithoutReadingTextsBackFromTheFile() throws Exception {
    // one admission, every text in the file, six evidence spans: the loader has each text in hand as it reads the line;
    // it used to read the note back from the file for every span (a MIMIC-sized JSONL with evidence, twice the time)
    String first = "Fiebre y disnea: neumonía bilateral. Hipertensión arterial. Diabetes mellitus tipo 2.";
    String second = "Tratado con ceftriaxona 😀; alta al domicilio.";
    Path file = Files.writeString(temp.resolve("evidence.jsonl"), "{\"id\": \"A1\", \"notes\": [{\"text\": \""
        + first + "\"}, {\"text\": \"" + second + "\"}], \"codes\": ["
        + "{\"system\": \"icd10cm\", \"code\": \"J18.9\", \"evidence\": [{\"note\": 0, \"start\": 17, \"end\": 35},"
        + " {\"note\": 0, \"start\": 0, \"end\": 6}]},"
        + "{\"system\": \"icd10cm\", \"code\": \"I10\", \"evidence\": [{\"note\": 0, \"start\": 37, \"end\": 58},"
        + " {\"note\": 1, \"start\": 0, \"end\": 7}]},"
        + "{\"system\": \"icd10cm\", \"code\": \"E11.9\", \"evidence\": [{\"note\": 0, \"start\": 60, \"end\": 85},"
        + " {\"note\": 1, \"start\": 12, \"end\": 23}]}]}\n", java.nio.charset.StandardCharsets.UTF_8);
    for (boolean streaming : List.of(true, false)) {
      NoteStore store = new NoteStore(0, temp);
      Admission admission = new JsonlLoader(streaming, store).load(file).admissions().get(0);
      assertTrue(store.fileBytes() > 0, "the texts are in the file");
      assertEquals(0, store.reads(), "no text read back while loading");
      List<String> quoted = admission.codes().stream().flatMap(c -> c.evidence().stream()).map(EvidenceSpan::text)
          .toList();
      assertEquals(List.of("neumonía bilateral", "Fiebre", "Hipertensión arterial", "Tratado",
          "Diabetes mellitus tipo 2.", "ceftriaxona"), quoted);
      assertEquals(first, admission.notes().get(0).text());
      assertEquals(1, store.reads(), "a coder's read comes from the file");
    }
  }

  @Test
  void anInterruptedReaderReadsItsNoteAndTheOthersStillReadTheirs() throws Exception {
    // a coder thread may be interrupted as it reads a note (its own timeout, the workers stopped after an error); on an
    // interruptible FileChannel that read failed and closed the file for every thread (and, opened DELETE_ON_CLOSE, the
    // texts were gone): each later admission of the run failed with "cannot read a note's text back"
    NoteStore store = new NoteStore(0, temp);
    Note first = store.note("t", "Fiebre y disnea: neumonía bilateral.");
    Note second = store.note("t", "Patient 😀 with chest pain 胸痛");
    String[] read = new String[2];
    boolean[] stillInterrupted = new boolean[1];
    Thread reader = new Thread(() -> {
      Thread.currentThread().interrupt();
      read[0] = first.text();
      read[1] = first.excerpt(6).text();
      stillInterrupted[0] = Thread.currentThread().isInterrupted();
    });
    reader.start();
    reader.join();
    assertEquals("Fiebre y disnea: neumonía bilateral.", read[0]);
    assertEquals("Fiebre", read[1]);
    assertTrue(stillInterrupted[0], "the reader keeps its interrupt");
    assertEquals("Patient 😀 with chest pain 胸痛", second.text());
    assertEquals("more", store.note("t", "more").text(), "the store still writes");
  }

  @Test
  void theBudgetPropertyIsBytesOrTakesASuffixAndAnythingElseIsAnError() {
    assertEquals(1 << 28, NoteStore.budget(null, 1L << 30), "unset: a quarter of the heap");
    assertEquals(0, NoteStore.budget("0", 1L << 30));
    assertEquals(123456, NoteStore.budget(" 123456 ", 1L << 30));
    assertEquals(512L << 10, NoteStore.budget("512k", 1L << 30));
    assertEquals(512L << 20, NoteStore.budget("512M", 1L << 30));
    assertEquals(2L << 30, NoteStore.budget("2g", 1L << 30));
    for (String bad : List.of("", "lots", "1.5g", "-1", "1gb", "99999999999999999g")) {
      MedcodeException e = assertThrows(MedcodeException.class, () -> NoteStore.budget(bad, 1L << 30), bad);
      assertTrue(e.getMessage().startsWith("-Dmedcode.notes.memory=" + bad + ": expected the bytes"), e.getMessage());
    }
  }

  @Test
  void aFolderItCannotWriteToIsAClearError() throws Exception {
    Path file = Files.writeString(temp.resolve("not-a-folder"), "x");
    NoteStore store = new NoteStore(0, file);
    MedcodeException e = assertThrows(MedcodeException.class, () -> store.note("t", "text"));
    assertTrue(e.getMessage().contains("cannot keep note texts in " + file), e.getMessage());
    assertTrue(e.getMessage().contains("-Djava.io.tmpdir=DIR"), e.getMessage());
    assertEquals("", store.note("t", "").text(), "an empty text needs no file");
  }
}
