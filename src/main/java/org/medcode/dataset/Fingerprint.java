package org.medcode.dataset;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 over a canonical serialisation of admissions in order: each admission id, each note (type and text) and
 * each gold code (system, canonical code, sequence, primary). Strings are length-prefixed so no two different
 * datasets serialise alike. Patient ids, metadata, raw code spellings and evidence spans are not part of it, so the
 * same content read from JSONL or CSV has the same fingerprint.
 */
public final class Fingerprint {
  private Fingerprint() {}

  public static String of(List<Admission> admissions) {
    MessageDigest digest = sha256();
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
        line.append(code.sequence() == null ? "-" : code.sequence().toString()).append(' ')
            .append(code.primary() ? '1' : '0');
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

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
