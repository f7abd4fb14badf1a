package org.medcode.coder.embed;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a note into sentences: at line breaks and after {@code . ! ? ;} followed by white space; sentences longer than
 * {@link #MAX_WORDS} words are cut into pieces of that many words (the model reads at most a few hundred word pieces).
 * Pieces with fewer than 3 letters are dropped.
 */
final class Sentences {
  static final int MAX_WORDS = 40;

  private Sentences() {}

  static List<String> split(String text) {
    List<String> sentences = new ArrayList<>();
    for (String part : text.split("(?<=[.!?;])\\s+|\\R+")) {
      String[] words = part.trim().split("\\s+");
      for (int start = 0; start < words.length; start += MAX_WORDS) {
        String piece = String.join(" ", java.util.Arrays.copyOfRange(words, start, Math.min(words.length, start + MAX_WORDS)));
        if (piece.codePoints().filter(Character::isLetter).count() >= 3) {
          sentences.add(piece);
        }
      }
    }
    return sentences;
  }
}
