package org.medcode.codesystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CanonicalCodesTest {
  @Test
  void givesExactlyCanonicalAndTrimOfEverySpelling() {
    CanonicalCodes codes = new CanonicalCodes();
    Random random = new Random(7);
    String[] pieces = {"a", "Z", "1", ".", " ", "\t", "\u00a0", "\u2003", "ß", "é", "-", "x"};
    for (int i = 0; i < 20_000; i++) {
      StringBuilder spelling = new StringBuilder();
      for (int k = 0, n = random.nextInt(6); k < n; k++) {
        spelling.append(pieces[random.nextInt(pieces.length)]);
      }
      String text = spelling.toString();
      CanonicalCodes.Code code = codes.of(new String(text));
      assertEquals(CodeSystem.canonical(text), code.code(), text);
      assertEquals(text.trim(), code.raw(), text);
    }
  }

  @Test
  void equalSpellingsAndEqualCodesAreOneString() {
    CanonicalCodes codes = new CanonicalCodes();
    CanonicalCodes.Code dotted = codes.of(new String("N44.8"));
    CanonicalCodes.Code again = codes.of(new String("N44.8"));
    CanonicalCodes.Code plain = codes.of(new String(" N448 "));
    assertSame(dotted, again);
    assertSame(dotted.code(), plain.code(), "N44.8 and N448 share their canonical form");
    assertSame(plain.code(), plain.raw(), "a spelling already canonical is the canonical string itself");
    assertEquals("N44.8", dotted.raw());
  }

  @Test
  void pastTheLimitSpellingsAreStillRightButNotRemembered() {
    CanonicalCodes codes = new CanonicalCodes();
    for (int i = 0; i < CanonicalCodes.LIMIT; i++) {
      codes.of("C" + i);
    }
    CanonicalCodes.Code first = codes.of(new String("z99.9 "));
    CanonicalCodes.Code second = codes.of(new String("z99.9 "));
    assertEquals(new CanonicalCodes.Code("z99.9", "Z999"), first);
    assertEquals(first, second);
    assertNotSame(first, second);
    assertSame(codes.of("C5"), codes.of(new String("C5")), "spellings seen before the limit are still shared");
  }
}
