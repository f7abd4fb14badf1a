package org.medcode.coder.rules;

import java.util.Locale;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArrayMap;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
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
   * StandardTokenizer → lower case → ASCII folding → token map (UK→US spelling, number words) → Snowball stemmer.
   * The analyzer is thread-safe (Lucene reuses one token stream per thread).
   */
  Analyzer analyzer(CharArrayMap<char[]> tokenMap) {
    RulesLanguage language = this;
    return new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer tokenizer = new StandardTokenizer();
        TokenStream stream = new LowerCaseFilter(tokenizer);
        stream = new ASCIIFoldingFilter(stream);
        stream = new TokenMapFilter(stream, tokenMap);
        stream = new SnowballFilter(stream, language == EN ? new EnglishStemmer() : new SpanishStemmer());
        return new TokenStreamComponents(tokenizer, stream);
      }
    };
  }
}
