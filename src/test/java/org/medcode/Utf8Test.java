package org.medcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a file that is not UTF-8 text is called when it is a known binary format. */
class Utf8Test {
  @TempDir
  Path temp;

  /**
   * Edin et al.'s MIMIC split files are Feather (Apache Arrow) files, and a pandas user's are often Parquet: both were
   * called "not UTF-8: byte 0xFF at byte offset 8 ...; save the file as UTF-8", as if a text editor could.
   */
  @Test
  void anArrowOrParquetFileIsCalledThatWithHowToWriteItAsCsv() throws IOException {
    Path feather = Files.write(temp.resolve("mimiciv_icd10_split.feather"),
        new byte[] {'A', 'R', 'R', 'O', 'W', '1', 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 16, 0});
    MedcodeException.BadInput arrow = Utf8.error(feather, null);
    assertEquals(2, arrow.exitCode());
    assertTrue(arrow.getMessage().startsWith(feather + ":1: not UTF-8 text but an Apache Arrow (Feather) file (it starts"
        + " with ARROW1)"), arrow.getMessage());
    assertTrue(arrow.getMessage().contains("pandas.read_feather('" + feather + "').to_csv("), arrow.getMessage());
    Path parquet = Files.write(temp.resolve("split.parquet"), new byte[] {'P', 'A', 'R', '1', 0x15, 0x04, (byte) 0x91});
    String message = Utf8.error(parquet, null).getMessage();
    assertTrue(message.startsWith(parquet + ":1: not UTF-8 text but a Parquet file (it starts with PAR1)"), message);
    assertTrue(message.contains("pandas.read_parquet('" + parquet + "').to_csv("), message);
  }
}
