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
    Lines lines = new Lines(sha256());
    for (Admission admission : admissions) {
      lines.start("admission ").field(admission.id()).end();
      for (Note note : admission.notes()) {
        lines.start("note ").field(note.type()).field(note.text()).end();
      }
      for (GoldCode code : admission.codes()) {
        lines.start("code ").text(code.system().label()).text(" ").field(code.code())
            .text(code.sequence() == null ? "-" : code.sequence().toString()).text(code.primary() ? " 1" : " 0").end();
      }
    }
    return HexFormat.of().formatHex(lines.digest());
  }

  /**
   * Feeds the digest the UTF-8 of each line: a short prefix, fields {@code length:value } and a newline, encoded into
   * one reused buffer that goes to the digest when full; a long value is encoded by itself. The bytes are exactly those
   * of {@code line.toString().getBytes(UTF_8)} line by line: every value is framed by ASCII characters ({@code :} before,
   * a space after), so encoding it apart never splits a surrogate pair, and the in-buffer encoder writes what
   * {@code String.getBytes} writes, {@code ?} for an unpaired surrogate included.
   */
  private static final class Lines {
    private static final int INLINE = 256;
    final MessageDigest digest;
    private final byte[] buffer = new byte[1 << 14];
    private int size;

    Lines(MessageDigest digest) {
      this.digest = digest;
    }

    Lines start(String prefix) {
      return text(prefix);
    }

    Lines text(String text) {
      room(3 * text.length());
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c < 0x80) {
          buffer[size++] = (byte) c;
        } else if (c < 0x800) {
          buffer[size++] = (byte) (0xc0 | c >> 6);
          buffer[size++] = (byte) (0x80 | c & 0x3f);
        } else if (Character.isSurrogate(c)) {
          char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
          if (Character.isHighSurrogate(c) && Character.isLowSurrogate(next)) {
            int point = Character.toCodePoint(c, next);
            buffer[size++] = (byte) (0xf0 | point >> 18);
            buffer[size++] = (byte) (0x80 | point >> 12 & 0x3f);
            buffer[size++] = (byte) (0x80 | point >> 6 & 0x3f);
            buffer[size++] = (byte) (0x80 | point & 0x3f);
            i++;
          } else {
            buffer[size++] = '?';
          }
        } else {
          buffer[size++] = (byte) (0xe0 | c >> 12);
          buffer[size++] = (byte) (0x80 | c >> 6 & 0x3f);
          buffer[size++] = (byte) (0x80 | c & 0x3f);
        }
      }
      return this;
    }

    Lines field(String value) {
      number(value.length());
      buffer[size++] = ':';
      if (value.length() <= INLINE) {
        text(value);
      } else {
        flush();
        digest.update(value.getBytes(StandardCharsets.UTF_8));
      }
      room(1);
      buffer[size++] = ' ';
      return this;
    }

    void end() {
      room(1);
      buffer[size++] = '\n';
    }

    byte[] digest() {
      flush();
      return digest.digest();
    }

    private void number(int value) {
      room(11);
      if (value == 0) {
        buffer[size++] = '0';
        return;
      }
      int start = size;
      for (int v = value; v > 0; v /= 10) {
        buffer[size++] = (byte) ('0' + v % 10);
      }
      for (int i = start, j = size - 1; i < j; i++, j--) {
        byte b = buffer[i];
        buffer[i] = buffer[j];
        buffer[j] = b;
      }
    }

    /** Makes room for {@code bytes} more bytes (a text of n chars needs at most 3n). */
    private void room(int bytes) {
      if (size + bytes > buffer.length) {
        flush();
        if (bytes > buffer.length) {
          throw new IllegalStateException("a short field of " + bytes + " bytes exceeds the buffer");
        }
      }
    }

    private void flush() {
      digest.update(buffer, 0, size);
      size = 0;
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
