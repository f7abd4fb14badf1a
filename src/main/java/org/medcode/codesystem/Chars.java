package org.medcode.codesystem;

/** ASCII character classes of canonical codes (locale- and Unicode-independent). */
final class Chars {
  private Chars() {}

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  static boolean isDigitOrUpper(char c) {
    return isDigit(c) || isUpper(c);
  }

  static boolean allDigits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
