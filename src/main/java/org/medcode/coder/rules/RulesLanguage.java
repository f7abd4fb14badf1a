package org.medcode.coder.rules;

import java.util.Locale;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArrayMap;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.tartarus.snowball.SnowballStemmer;
import org.tartarus.snowball.ext.EnglishStemmer;
import org.tartarus.snowball.ext.SpanishStemmer;

/** A language the rules coder reads, with its folder under {@code configs/rules/} and its Lucene analysis chain. */
enum RulesLanguage {
  EN, ES;

  /** Folder name under the rules directory, e.g. {@code en}. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * StandardTokenizer → accents composed (NFC) → lower case → ASCII folding → token map (UK→US spelling, number words); {@link TextAnalysis}
   * then stems each surface form with {@link #stemmer()} (through a table of surface forms known from the lexicon and
   * training, so most tokens are not stemmed again). The analyzer is thread-safe (Lucene reuses one token stream per
   * thread).
   */
  Analyzer analyzer(CharArrayMap<char[]> tokenMap) {
    return new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer tokenizer = new StandardTokenizer();
        TokenStream stream = new LowerCaseFilter(new ComposedAccentsFilter(tokenizer));
        stream = new ASCIIFoldingFilter(stream);
        stream = new TokenMapFilter(stream, tokenMap);
        return new TokenStreamComponents(tokenizer, stream);
      }
    };
  }

  /** A new Snowball stemmer for this language (stemmers keep state: one per analysis). */
  SnowballStemmer stemmer() {
    return this == EN ? new EnglishStemmer() : new SpanishStemmer();
  }
}
