package org.medcode.coder.rules;

import java.io.IOException;
import java.text.Normalizer;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Composes a token's accents (Unicode NFC): {@code neumoni} + U+0301 + {@code a} (NFD, as text copied on macOS can be)
 * becomes {@code neumonía}, which ASCII folding then reads as the same word as in any other note. Offsets are the
 * tokenizer's, into the text as written. Tokens already composed (nearly all) pass unchanged.
 */
final class ComposedAccentsFilter extends TokenFilter {
  private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

  ComposedAccentsFilter(TokenStream input) {
    super(input);
  }

  @Override
  public boolean incrementToken() throws IOException {
    if (!input.incrementToken()) {
      return false;
    }
    if (!composed(term.buffer(), term.length())) {
      String text = Normalizer.normalize(term, Normalizer.Form.NFC);
      term.setEmpty().append(text);
    }
    return true;
  }

  /** Whether the token holds no combining mark (such a token is left as written). */
  private static boolean composed(char[] buffer, int length) {
    for (int i = 0; i < length; i++) {
      if (buffer[i] >= '\u0300' && Character.getType(buffer[i]) == Character.NON_SPACING_MARK) {
        return false;
      }
    }
    return true;
  }
}
