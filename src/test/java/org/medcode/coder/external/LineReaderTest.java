package org.medcode.coder.external;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one reader of a worker's stdout and stderr: what ends a line, and what a line longer than the bound does. */
class LineReaderTest {
  /** Each line read as "text|more|ended". */
  private static List<String> read(String stream, LineReader.Ends ends, int longest, LineReader.Overlong overlong)
      throws IOException {
    List<String> lines = new ArrayList<>();
    LineReader.read(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), ends, longest, overlong,
        line -> lines.add(line.text() + "|" + line.more() + "|" + line.ended()));
    return lines;
  }

  @Test
  void stdoutLinesEndAtNewLinesWithoutTheirReturnAndTheLastMayBePartial() throws IOException {
    assertEquals(List.of("a|0|true", "b\rc|0|true", "|0|true", "é partial|0|false"),
        read("a\r\nb\rc\n\né partial", LineReader.Ends.NEWLINE, 100, LineReader.Overlong.STOP));
  }

  @Test
  void stderrLinesEndAtReturnsToo() throws IOException {
    assertEquals(List.of("10%|0|true", "20%|0|true", "done|0|true", "|0|true", "last|0|false"),
        read("10%\r20%\r\ndone\n\nlast", LineReader.Ends.NEWLINE_OR_RETURN, 100, LineReader.Overlong.COUNT));
  }

  @Test
  void aLineLongerThanTheBoundIsCountedOrStopsTheReading() throws IOException {
    assertEquals(List.of("abcd|6|true", "ok|0|true", "wxyz|2|false"),
        read("abcdefghij\nok\nwxyz12", LineReader.Ends.NEWLINE_OR_RETURN, 4, LineReader.Overlong.COUNT));
    assertEquals(List.of("ok|0|true", "abcd|1|false"),
        read("ok\nabcdefghij\nnever read\n", LineReader.Ends.NEWLINE, 4, LineReader.Overlong.STOP));
  }
}
