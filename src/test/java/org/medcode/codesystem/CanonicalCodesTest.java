package org.medcode.codesystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
      String inside = text.replaceAll("^[ \t\u00a0\u2003]+|[ \t\u00a0\u2003]+$", "");
      if (inside.matches(".*[ \t\u00a0\u2003].*") || !inside.matches("[^.]*|[^.]{2,4}\\.[^.]*")) {
        assertThrows(CanonicalCodes.NotACode.class, () -> codes.of(new String(text)), text);
        continue;
      }
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

  @Test
  void aControlCharacterInsideACodeIsRefusedAndWhiteSpaceAroundItIsNot() {
    // before: "E11.9\nI10" (two codes in one quoted field or JSON string) was read as the one code E119I10 without a word
    CanonicalCodes codes = new CanonicalCodes();
    CanonicalCodes.NotACode error = assertThrows(CanonicalCodes.NotACode.class, () -> codes.of("E11.9\nI10"));
    assertEquals("the code 'E11.9\\nI10' holds a control character (U+000A) at position 6; a code is printable text on"
        + " one line (two codes in one quoted field or JSON string? give each its own row or list entry)", error.getMessage());
    assertEquals(2, error.exitCode());
    for (String bad : new String[] {"E11\t9", "I1\u00070", "I10\u0007", "\u0000I10", "I1\u20280", "I10\u0085x"}) {
      assertThrows(CanonicalCodes.NotACode.class, () -> codes.of(bad), bad);
    }
    for (String good : new String[] {"I10\r", "\tI10 ", "\nI10\n", " I10 ", "\u2028I10"}) {
      assertEquals("I10", codes.of(good).code(), good);
    }
    assertEquals("/f.csv:3: " + error.getMessage(), error.at(java.nio.file.Path.of("/f.csv"), 3).getMessage());
  }

  @Test
  void anInvisibleCharacterAnywhereInACodeIsRefused() {
    // before: a soft hyphen or zero-width space copied in with a code made it another code, silently
    CanonicalCodes codes = new CanonicalCodes();
    CanonicalCodes.NotACode error = assertThrows(CanonicalCodes.NotACode.class, () -> codes.of("E11.9\u00ad"));
    assertEquals("the code 'E11.9\\u00ad' holds an invisible character (U+00AD) at position 6; a code is printable text"
        + " (a zero-width space, soft hyphen or byte order mark copied in with it? type the code again)", error.getMessage());
    for (String bad : new String[] {"\u200bI10", "I1\u200d0", "\ufeffI10", "I10\u2060 "}) {
      assertThrows(CanonicalCodes.NotACode.class, () -> codes.of(bad), bad);
    }
    assertEquals("I10", codes.of("\u00a0I10\u2003").code(), "spaces around it, no-break and wide ones too, are no part of it");
  }

  @Test
  void whiteSpaceInsideACodeIsRefused() {
    // before: "R50 .9" was read as the valid code R50.9 and "I10 E11.9" (two codes in one field) as the code I10E119,
    // which matched chapter 9 at the chapter level, without a word
    CanonicalCodes codes = new CanonicalCodes();
    CanonicalCodes.NotACode error = assertThrows(CanonicalCodes.NotACode.class, () -> codes.of(" R50 .9 "));
    assertEquals("the code ' R50 .9 ' holds white space (U+0020) at position 5; a code has none inside it (two codes in"
        + " one field? give each its own row or list entry; one code with a stray space? write it without)",
        error.getMessage());
    for (String bad : new String[] {"I10 E11.9", "0DT J4ZZ", "I1\u00a00", "I1\u20030", "n44. 8"}) {
      assertThrows(CanonicalCodes.NotACode.class, () -> codes.of(bad), bad);
    }
  }

  @Test
  void aListSeparatorInsideACodeIsRefused() {
    // before: a gold or predicted field "I10,E11.9" (two codes in one quoted CSV field or TSV field) was one malformed
    // code, counted and scored as a false negative or positive, where "I10 E11.9" was refused
    CanonicalCodes codes = new CanonicalCodes();
    CanonicalCodes.NotACode error = assertThrows(CanonicalCodes.NotACode.class, () -> codes.of("I10,E11.9"));
    assertEquals("the code 'I10,E11.9' holds a list separator (',') at position 4; no code system writes one in a code"
        + " (two codes in one field? give each its own row or list entry)", error.getMessage());
    for (String bad : new String[] {"I10;E119", "I10|E11.9", " I10, ", "0DTJ4ZZ;"}) {
      assertThrows(CanonicalCodes.NotACode.class, () -> codes.of(bad), bad);
    }
  }

  @Test
  void aDotWhereNoCodeSystemWritesOneIsRefused() {
    // before: "R.50.9", "i.10" and "E11..9" were read as R50.9, I10 and E11.9, and "." as an empty code
    CanonicalCodes codes = new CanonicalCodes();
    CanonicalCodes.NotACode error = assertThrows(CanonicalCodes.NotACode.class, () -> codes.of("R.50.9"));
    assertEquals("the code 'R.50.9' holds a dot at position 2, where no code system writes one; a code has at most one"
        + " dot, after its 2nd, 3rd or 4th character (36.10, E11.9, E880.9): write it as the code system does",
        error.getMessage());
    assertTrue(assertThrows(CanonicalCodes.NotACode.class, () -> codes.of(" E11..9")).getMessage()
        .contains("holds a dot at position 6"));
    for (String bad : new String[] {"i.10", ".I10", ".", "S72001.A", "E880.9.", "0DTJ4.ZZ"}) {
      assertThrows(CanonicalCodes.NotACode.class, () -> codes.of(bad), bad);
    }
    for (String good : new String[] {"36.10", " n44.8 ", "E880.9", "S72.001A", "E11.", "V45.81", "0DTJ4ZZ"}) {
      assertEquals(CodeSystem.canonical(good), codes.of(good).code(), good);
    }
  }
}
