package org.medcode.prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** The hand-written score scanner accepts exactly the plain-decimal language the reader documents. */
class PlainDecimalTest {
  private static final Pattern REFERENCE =
      Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");

  @Property(tries = 20_000)
  void agreesWithTheRegularExpression(
      @ForAll @StringLength(max = 8) @Chars({'0', '7', '.', '+', '-', 'e', 'E', 'x', ' '}) String text) {
    assertEquals(REFERENCE.matcher(text).matches(), PredictionReader.isPlainDecimal(text), text);
  }

  @Test
  void examples() {
    for (String ok : new String[] {"0", "0.87", "8.7e-1", ".5", "5.", "+1", "-2.5E+10", "1e5"}) {
      assertTrue(PredictionReader.isPlainDecimal(ok), ok);
    }
    for (String bad : new String[] {"", ".", "+", "e5", "1e", "1e+", "0x1p3", "1d", "NaN", "Infinity", "1..2", "1.2.3",
        "--1", " 1"}) {
      assertFalse(PredictionReader.isPlainDecimal(bad), bad);
    }
  }
}
