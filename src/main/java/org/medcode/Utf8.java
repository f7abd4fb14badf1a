package org.medcode;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a file stops being UTF-8: the line, the byte offset in the file and the offending byte, for the message of a
 * reader whose decoder only said "malformed input"; or that it is compressed (gzip, zip) rather than text. Follows
 * RFC 3629 (no overlong forms, no surrogates, at most U+10FFFF).
 */
public final class Utf8 {
  private Utf8() {}

  /**
   * The offset of the first byte of {@code bytes} that does not start a valid character of {@code charset} (for UTF-8,
   * as RFC 3629 has it), or -1 when they are all text: for bytes read from a process or a server, which a lenient decoder
   * would turn into U+FFFD without a word.
   */
  public static int malformedAt(byte[] bytes, java.nio.charset.Charset charset) {
    return decode(bytes, charset).malformedAt();
  }

  /**
   * {@code bytes} as text in {@code charset}, decoded once; where a byte does not start a valid character, the
   * exception {@code malformed} makes of its offset is thrown.
   */
  public static String text(byte[] bytes, java.nio.charset.Charset charset,
      java.util.function.IntFunction<? extends RuntimeException> malformed) {
    Decoded decoded = decode(bytes, charset);
    if (decoded.malformedAt() >= 0) {
      throw malformed.apply(decoded.malformedAt());
    }
    return decoded.text();
  }

  /** Bytes decoded strictly: their text, or the offset of the first byte that starts no character (else -1). */
  private record Decoded(String text, int malformedAt) {}

  private static Decoded decode(byte[] bytes, java.nio.charset.Charset charset) {
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
    java.nio.charset.CharsetDecoder decoder = charset.newDecoder()
        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate((int) Math.ceil(bytes.length * (double) decoder.maxCharsPerByte()) + 1);
    java.nio.charset.CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    return result.isError() ? new Decoded(null, in.position()) : new Decoded(out.flip().toString(), -1);
  }

  /** Whether the first {@code length} bytes of {@code b} start with a UTF-8 byte order mark (EF BB BF). */
  public static boolean byteOrderMark(byte[] b, int length) {
    return length >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF;
  }

  /**
   * The first byte of {@code file} that is not valid UTF-8, as an error naming file, line and byte offset and what to do;
   * a generic "expected UTF-8 text" error when the file reads as valid UTF-8 (or cannot be read again).
   */
  public static MedcodeException.BadInput error(Path file, Throwable cause) {
    return error(file, cause, false);
  }

  /**
   * As {@link #error(Path, Throwable)}; with {@code gzip} the file is decompressed first and the offset is the
   * decompressed text's.
   */
  public static MedcodeException.BadInput error(Path file, Throwable cause, boolean gzip) {
    if (!gzip) {
      byte[] start = new byte[6];
      try (InputStream in = Files.newInputStream(file)) {
        int n = in.readNBytes(start, 0, 6);
        if (n >= 2 && start[0] == (byte) 0x1F && start[1] == (byte) 0x8B) {
          return new MedcodeException.BadInput(file, 1, "not UTF-8 text but gzip-compressed data (it starts with the bytes"
              + " 1F 8B), and this file is read as plain text: decompress it (gunzip -k " + file + ") and give the file"
              + " that writes", cause);
        }
        if (n >= 2 && (start[0] == (byte) 0xFF && start[1] == (byte) 0xFE || start[0] == (byte) 0xFE
            && start[1] == (byte) 0xFF)) {
          return new MedcodeException.BadInput(file, 1, "not UTF-8 text but UTF-16 (it starts with the bytes "
              + String.format("%02X %02X", start[0], start[1]) + ", the byte order mark of UTF-16, as Excel's \"Unicode"
              + " Text\" and Notepad's \"Unicode\" save text): save it as UTF-8 (in Excel: CSV UTF-8; or iconv -f UTF-16"
              + " -t UTF-8 " + file + ")", cause);
        }
        // data frames saved by pandas or R (Edin et al.'s MIMIC split files are Feather), where a CSV is read
        String magic = new String(start, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (magic.startsWith("ARROW1") || magic.startsWith("PAR1")) {
          boolean arrow = magic.startsWith("ARROW1");
          return new MedcodeException.BadInput(file, 1, "not UTF-8 text but " + (arrow ? "an Apache Arrow (Feather) file"
              + " (it starts with ARROW1)" : "a Parquet file (it starts with PAR1)") + ", a binary table: write it as"
              + " CSV, e.g. python3 -c \"import pandas; pandas.read_" + (arrow ? "feather" : "parquet") + "('" + file
              + "').to_csv('" + file + ".csv', index=False)\", and give that file", cause);
        }
        if (n >= 4 && start[0] == 'P' && start[1] == 'K' && start[2] == 3 && start[3] == 4) {
          return new MedcodeException.BadInput(file, 1, "not UTF-8 text but a zip archive (it starts with the bytes"
              + " 50 4B 03 04; an .xlsx workbook is one): give the file as text (a workbook: save the sheet as CSV UTF-8)",
              cause);
        }
      } catch (IOException e) {
        // fall through to the byte-by-byte search, which says what it can
      }
    }
    try (InputStream in = new BufferedInputStream(gzip ? new java.util.zip.GZIPInputStream(Files.newInputStream(file), 1 << 16)
        : Files.newInputStream(file), 1 << 16)) {
      long offset = 0;
      long line = 1;
      long lineStart = 0;
      int b;
      while ((b = in.read()) >= 0) {
        int needed;
        int min = 0x80;
        int max = 0xBF;
        if (b < 0x80) {
          if (b == '\n') {
            line++;
            lineStart = offset + 1;
          }
          offset++;
          continue;
        } else if (b >= 0xC2 && b <= 0xDF) {
          needed = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
          needed = 2;
          min = b == 0xE0 ? 0xA0 : 0x80;
          max = b == 0xED ? 0x9F : 0xBF;
        } else if (b >= 0xF0 && b <= 0xF4) {
          needed = 3;
          min = b == 0xF0 ? 0x90 : 0x80;
          max = b == 0xF4 ? 0x8F : 0xBF;
        } else {
          return located(file, line, offset, offset - lineStart, b, cause, gzip);
        }
        long start = offset;
        offset++;
        for (int i = 0; i < needed; i++) {
          int next = in.read();
          int low = i == 0 ? min : 0x80;
          int high = i == 0 ? max : 0xBF;
          if (next < low || next > high) {
            return located(file, line, start, start - lineStart, b, cause, gzip);
          }
          offset++;
        }
      }
    } catch (IOException e) {
      // fall through to the general message
    }
    return new MedcodeException.BadInput(file, 0, "expected UTF-8 text; save the file as UTF-8", cause);
  }

  private static MedcodeException.BadInput located(Path file, long line, long offset, long column, int b, Throwable cause,
      boolean gzip) {
    return new MedcodeException.BadInput(file, line, String.format(Locale.ROOT, "not UTF-8: byte 0x%02X at byte offset %,d"
        + "%s (byte %,d of the line) does not start a valid UTF-8 character; save the file as UTF-8", b, offset,
        gzip ? " of the decompressed text" : "", column + 1), cause);
  }
}
