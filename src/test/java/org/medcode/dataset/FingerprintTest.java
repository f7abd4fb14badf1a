package org.medcode.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.medcode.codesystem.CodeSystemId;

/**
 * The fingerprint is streamed (values encoded into a reused buffer, long texts hashed by themselves) and must give the
 * digest of the serialisation it documents, byte for byte: checked against that serialisation built the simple way
 * (one string per line, as the fingerprint was computed before issue 12) on texts of every length and every kind of
 * character, unpaired surrogates at the edges included, and against a digest recorded before the change.
 */
class FingerprintTest {
  /** The fingerprint as it was computed before streaming: each line built as a string, then its UTF-8 hashed. */
  static String reference(List<Admission> admissions) {
    MessageDigest digest = Fingerprint.sha256();
    StringBuilder line = new StringBuilder();
    for (Admission admission : admissions) {
      line.setLength(0);
      line.append("admission ");
      field(line, admission.id());
      update(digest, line);
      for (Note note : admission.notes()) {
        line.setLength(0);
        line.append("note ");
        field(line, note.type());
        field(line, note.text());
        update(digest, line);
      }
      for (GoldCode code : admission.codes()) {
        line.setLength(0);
        line.append("code ").append(code.system().label()).append(' ');
        field(line, code.code());
        line.append(code.sequence() == null ? "-" : code.sequence().toString()).append(' ').append(code.primary() ? '1' : '0');
        update(digest, line);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void field(StringBuilder line, String value) {
    line.append(value.length()).append(':').append(value).append(' ');
  }

  private static void update(MessageDigest digest, StringBuilder line) {
    line.append('\n');
    digest.update(line.toString().getBytes(StandardCharsets.UTF_8));
  }

  static List<Admission> fixture() {
    return List.of(
        new Admission("A1", "P1", List.of(new Note("discharge", "Hypertension."), new Note("", "")),
            List.of(new GoldCode("I10", "i10", CodeSystemId.ICD10CM, 1, true, List.of()),
                new GoldCode("0DTJ4ZZ", CodeSystemId.ICD10PCS)), Map.of()),
        new Admission("Ä2 \uD83D\uDE00", "P1", List.of(new Note("note", "Schmerz ✓ \uD800 x".repeat(40))),
            List.of(new GoldCode("E119", "E11.9", CodeSystemId.ICD10CM, 12, false, List.of())), Map.of("k", "v")));
  }

  @Test
  void equalsTheDigestRecordedBeforeStreaming() {
    assertEquals("123c13b785f441ed3f72e0235caefdbc365bfa295f0a446c1570775ce31b5902", Fingerprint.of(fixture()));
    assertEquals(reference(fixture()), Fingerprint.of(fixture()));
  }

  @Test
  void equalsTheSimpleSerialisationOnRandomTexts() {
    Random random = new Random(20261205L);
    String[] pieces = {"a", "Z", " ", "\n", ":", "0", "é", "ß", "✓", "中", "\uD83D\uDE00", "\uD800", "\uDC00", "\uFEFF", "\u0000",
        "\u007f", "\u0080", "\u07ff", "\u0800", "\uffff"};
    for (int round = 0; round < 200; round++) {
      List<Admission> admissions = new ArrayList<>();
      for (int a = 0, n = random.nextInt(4); a < n; a++) {
        List<Note> notes = new ArrayList<>();
        for (int k = 0, m = random.nextInt(3); k < m; k++) {
          notes.add(new Note(text(random, pieces, random.nextInt(20)), text(random, pieces,
              random.nextBoolean() ? random.nextInt(300) : random.nextInt(40_000))));
        }
        List<GoldCode> codes = new ArrayList<>();
        for (int k = 0, m = random.nextInt(4); k < m; k++) {
          codes.add(new GoldCode(text(random, pieces, 1 + random.nextInt(300)), "raw",
              CodeSystemId.values()[random.nextInt(CodeSystemId.values().length)],
              random.nextBoolean() ? null : random.nextInt(1_000_000), random.nextBoolean(), List.of()));
        }
        admissions.add(new Admission(text(random, pieces, random.nextInt(270)), "p", notes, codes, Map.of()));
      }
      assertEquals(reference(admissions), Fingerprint.of(admissions), "round " + round);
    }
  }

  private static String text(Random random, String[] pieces, int length) {
    StringBuilder text = new StringBuilder();
    while (text.length() < length) {
      text.append(random.nextInt(4) == 0 ? pieces[random.nextInt(pieces.length)] : "abcdefgh".substring(random.nextInt(8)));
    }
    return text.toString();
  }
}
