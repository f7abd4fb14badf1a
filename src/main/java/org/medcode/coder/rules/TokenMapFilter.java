package org.medcode.coder.rules;

import java.io.IOException;
import org.apache.lucene.analysis.CharArrayMap;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/** Replaces whole tokens found in a map (e.g. {@code tumour → tumor}, {@code ii → 2}); other tokens pass unchanged. */
final class TokenMapFilter extends TokenFilter {
  private final CharArrayMap<char[]> map;
  private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

  TokenMapFilter(TokenStream input, CharArrayMap<char[]> map) {
    super(input);
    this.map = map;
  }

  @Override
  public boolean incrementToken() throws IOException {
    if (!input.incrementToken()) {
      return false;
    }
    if (!map.isEmpty()) {
      char[] replacement = map.get(term.buffer(), 0, term.length());
      if (replacement != null) {
        term.copyBuffer(replacement, 0, replacement.length);
      }
    }
    return true;
  }
}
