package org.medcode.run.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.coder.CodeSuggestion;
import org.medcode.dataset.EvidenceSpan;

class PredictionLogTest {
  @TempDir
  Path temp;

  private static PredictionLog.Entry ok(String id, String... codes) {
    return new PredictionLog.Entry(id, "ok", java.util.Arrays.stream(codes).map(c -> new CodeSuggestion(c, 0.5)).toList(), null,
        null, 3);
  }

  @Test
  void entriesRoundTripWithEvidenceAndFailures() {
    Path file = temp.resolve("c/predictions.jsonl");
    PredictionLog.Entry rich = new PredictionLog.Entry("A1", "ok",
        List.of(new CodeSuggestion("I10", 0.9, List.of(new EvidenceSpan(0, 5, 17, "hypertension")), "title match")), null, null, 12);
    PredictionLog.Entry failed = new PredictionLog.Entry("A2", "failed", List.of(), "timeout", "no answer in 30 s", 30000);
    try (PredictionLog log = PredictionLog.append(file)) {
      log.write(rich);
      log.write(failed);
    }
    Map<String, PredictionLog.Entry> read = PredictionLog.recover(file);
    assertEquals(rich, read.get("A1"));
    assertEquals(failed, read.get("A2"));
  }

  @Test
  void anAdmissionCodedAgainKeepsItsLastAnswerAndTheCostOfEveryAttempt() {
    Path file = temp.resolve("predictions.jsonl");
    org.medcode.coder.CoderResult.Usage paid = new org.medcode.coder.CoderResult.Usage(1000, 100, 0.0028, 1, false);
    try (PredictionLog log = PredictionLog.append(file)) {
      log.write(new PredictionLog.Entry("A1", "failed", List.of(), "unparseable", "no code list", 5, paid, Map.of()));
      log.write(new PredictionLog.Entry("A2", "ok", List.of(new CodeSuggestion("I10", null)), null, null, 5, paid, Map.of()));
      log.write(new PredictionLog.Entry("A1", "failed", List.of(), "unparseable", "no code list", 5, paid, Map.of()));
      log.write(new PredictionLog.Entry("A1", "ok", List.of(new CodeSuggestion("J189", null)), null, null, 5, paid, Map.of()));
    }
    for (Map<String, PredictionLog.Entry> read : List.of(PredictionLog.recover(file), PredictionLog.read(file, PredictionLog.Kept.EVERYTHING))) {
      PredictionLog.Entry a1 = read.get("A1");
      assertEquals("ok", a1.status(), "the last line wins");
      assertEquals(List.of("J189"), a1.codes().stream().map(CodeSuggestion::code).toList());
      assertEquals(3, a1.usage().calls(), "three paid calls, not the last one only");
      assertEquals(3000, a1.usage().inputTokens());
      assertEquals(3 * 0.0028, a1.cost(), 1e-12);
      assertEquals(paid, read.get("A2").usage());
    }
  }

  @Test
  void aTornLastLineIsCutAndTheLogContinuesCleanly() throws IOException {
    Path file = temp.resolve("predictions.jsonl");
    try (PredictionLog log = PredictionLog.append(file)) {
      log.write(ok("A1", "I10"));
      log.write(ok("A2", "E119"));
    }
    Files.writeString(file, "{\"admission_id\":\"A3\",\"status\":\"o", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    Map<String, PredictionLog.Entry> read = PredictionLog.recover(file);
    assertEquals(List.of("A1", "A2"), List.copyOf(read.keySet()));
    try (PredictionLog log = PredictionLog.append(file)) {
      log.write(ok("A3", "J189"));
    }
    assertEquals(List.of("A1", "A2", "A3"), List.copyOf(PredictionLog.recover(file).keySet()));
    assertEquals(3, Files.readAllLines(file).size());
  }

  @Test
  void aDamagedMiddleLineIsAnErrorNotSilentlyDropped() throws IOException {
    Path file = temp.resolve("predictions.jsonl");
    Files.writeString(file, "{\"admission_id\":\"A1\",\"status\":\"ok\",\"codes\":[]}\n{garbage}\n{\"admission_id\":\"A2\",\"status\":\"ok\",\"codes\":[]}\n");
    MedcodeException e = assertThrows(MedcodeException.BadInput.class, () -> PredictionLog.recover(file));
    assertTrue(e.getMessage().contains(":2: damaged prediction line"), e.getMessage());
  }

  @Test
  void aSecondLineAfterAnAnswerIsAnErrorNotASilentReplacement() throws IOException {
    Path file = temp.resolve("predictions.jsonl");
    Files.writeString(file, "{\"admission_id\":\"A1\",\"status\":\"ok\",\"codes\":[{\"code\":\"I10\"}]}\n"
        + "{\"admission_id\":\"A2\",\"status\":\"ok\",\"codes\":[]}\n"
        + "{\"admission_id\":\"A1\",\"status\":\"ok\",\"codes\":[]}\n");
    for (var reading : List.<org.junit.jupiter.api.function.Executable>of(() -> PredictionLog.recover(file),
        () -> PredictionLog.read(file, PredictionLog.Kept.EVERYTHING))) {
      MedcodeException e = assertThrows(MedcodeException.BadInput.class, reading);
      assertTrue(e.getMessage().contains(":3: admission 'A1' already has an answer on an earlier line"), e.getMessage());
    }
  }

  @Test
  void linesAcrossReadBuffersAndATornLineAfterThemAreReadAsWritten() throws IOException {
    // entries from a few bytes to several times the reader's 64 KB buffer, so line ends fall anywhere in a buffer and
    // some lines span several buffers; non-ASCII text split between buffers must decode whole
    Path file = temp.resolve("predictions.jsonl");
    List<PredictionLog.Entry> written = new java.util.ArrayList<>();
    java.util.Random random = new java.util.Random(7);
    try (PredictionLog log = PredictionLog.append(file)) {
      for (int i = 0; i < 400; i++) {
        int spans = i % 50 == 0 ? 3000 : random.nextInt(40);
        List<EvidenceSpan> evidence = new java.util.ArrayList<>();
        for (int s = 0; s < spans; s++) {
          evidence.add(new EvidenceSpan(0, s, s + 5, "hypertension \u00e9\u4e2d\ud83d\ude00 " + s));
        }
        PredictionLog.Entry entry = new PredictionLog.Entry("A" + i, "ok",
            List.of(new CodeSuggestion("I10", 0.25 * (i % 4), evidence, "rationale " + i)), null, null, i);
        written.add(entry);
        log.write(entry);
      }
    }
    long whole = Files.size(file);
    assertTrue(whole > 10 * (1 << 16), "the log spans many buffers: " + whole);
    Files.writeString(file, "{\"admission_id\":\"A400\",\"status\":\"o", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    Map<String, PredictionLog.Entry> read = PredictionLog.read(file, PredictionLog.Kept.EVERYTHING);
    assertEquals(written.size(), read.size());
    written.forEach(entry -> assertEquals(entry, read.get(entry.admissionId())));
    assertEquals(written.size(), PredictionLog.recover(file).size());
    assertEquals(whole, Files.size(file), "recover cuts exactly the torn line");
  }

  @Test
  void scoringKeepsEverythingButEvidenceAndRationale() {
    Path file = temp.resolve("predictions.jsonl");
    org.medcode.coder.CoderResult.Usage paid = new org.medcode.coder.CoderResult.Usage(1000, 100, 0.0028, 1, false);
    PredictionLog.Entry rich = new PredictionLog.Entry("A1", "ok", List.of(
        new CodeSuggestion("I10", 0.9, List.of(new EvidenceSpan(0, 5, 17, "hypertension")), "title match"),
        new CodeSuggestion("E119", null)), null, null, 12, paid, Map.of("served_model", "m"));
    PredictionLog.Entry failed = new PredictionLog.Entry("A2", "failed", List.of(), "timeout", "no answer in 30 s", 30000);
    try (PredictionLog log = PredictionLog.append(file)) {
      log.write(rich);
      log.write(failed);
    }
    Map<String, PredictionLog.Entry> read = PredictionLog.read(file, PredictionLog.Kept.SCORES);
    assertEquals(new PredictionLog.Entry("A1", "ok", List.of(new CodeSuggestion("I10", 0.9), new CodeSuggestion("E119", null)),
        null, null, 12, paid, Map.of("served_model", "m")), read.get("A1"));
    assertEquals(failed, read.get("A2"));
  }

  @Test
  void aStoredRunHoldsEachAnswersCodesAsArraysNotAnObjectPerCode() {
    Path file = temp.resolve("predictions.jsonl");
    try (PredictionLog log = PredictionLog.append(file)) {
      log.write(new PredictionLog.Entry("A1", "ok", List.of(new CodeSuggestion("I10", 0.9), new CodeSuggestion("E119", null)),
          null, null, 12));
      log.write(new PredictionLog.Entry("A2", "failed", List.of(), "timeout", "no answer in 30 s", 30000));
    }
    List<org.medcode.dataset.Admission> admissions = List.of(admission("A1"), admission("A2"));
    LogTally tally = LogTally.of(admissions, PredictionLog.read(file, PredictionLog.Kept.SCORES));
    org.medcode.prediction.Prediction a1 = tally.predictions().get("A1");
    assertTrue(a1.codes() instanceof org.medcode.prediction.PredictedCodes, a1.codes().getClass().getName());
    assertEquals(List.of(new org.medcode.prediction.PredictedCode("I10", "I10", 0.9),
        new org.medcode.prediction.PredictedCode("E119", "E119", null)), a1.codes());
    assertEquals(List.of(), tally.predictions().get("A2").codes());
    // read whole (a resumed run), the same codes
    LogTally whole = LogTally.of(admissions, PredictionLog.read(file, PredictionLog.Kept.EVERYTHING));
    assertEquals(whole.predictions(), tally.predictions());
  }

  private static org.medcode.dataset.Admission admission(String id) {
    return new org.medcode.dataset.Admission(id, id, List.of(), List.of(), Map.of());
  }
}
