package org.medcode.coder.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.tartarus.snowball.SnowballStemmer;

/**
 * Turns text into {@link Tokens} with one language's analyzer and stemmer, numbering terms with a {@link Vocabulary}.
 */
final class TextAnalysis {
  private final Analyzer analyzer;
  private final RulesLanguage language;

  TextAnalysis(Analyzer analyzer, RulesLanguage language) {
    this.analyzer = analyzer;
    this.language = language;
  }

  /** Analyses text; {@code grow} adds unknown terms to the vocabulary (model building), else they get id -1. */
  Tokens analyze(String text, Vocabulary vocabulary, boolean grow) {
    int capacity = Math.max(16, text.length() / 5);
    int[] ids = new int[capacity];
    int[] starts = new int[capacity];
    int[] ends = new int[capacity];
    int[] sentences = new int[Math.max(4, capacity / 8)];
    int size = 0;
    int sentenceCount = 0;
    int previousEnd = 0;
    SnowballStemmer stemmer = language.stemmer();
    try (TokenStream stream = analyzer.tokenStream("", text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        if (size == ids.length) {
          ids = Arrays.copyOf(ids, size * 2);
          starts = Arrays.copyOf(starts, size * 2);
          ends = Arrays.copyOf(ends, size * 2);
        }
        int start = offset.startOffset();
        if (size == 0 || breaksSentence(text, previousEnd, start)) {
          if (sentenceCount == sentences.length) {
            sentences = Arrays.copyOf(sentences, sentenceCount * 2);
          }
          sentences[sentenceCount++] = size;
        }
        ids[size] = id(term.buffer(), term.length(), vocabulary, grow, stemmer);
        starts[size] = start;
        ends[size] = offset.endOffset();
        previousEnd = ends[size];
        size++;
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Tokens(text, size, ids, starts, ends, sentences, sentenceCount);
  }

  /** The term id of a surface form: known surface forms skip the stemmer; new ones are stemmed (and, growing, kept). */
  private static int id(char[] buffer, int length, Vocabulary vocabulary, boolean grow, SnowballStemmer stemmer) {
    int known = vocabulary.surface(buffer, length);
    if (known != -2) {
      return known;
    }
    stemmer.setCurrent(buffer, length);
    stemmer.stem();
    char[] stem = stemmer.getCurrentBuffer();
    int stemLength = stemmer.getCurrentBufferLength();
    if (!grow) {
      return vocabulary.lookup(stem, stemLength);
    }
    int id = vocabulary.add(stem, stemLength);
    vocabulary.addSurface(buffer, length, id);
    return id;
  }

  private static boolean breaksSentence(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c == '.' || c == '!' || c == '?' || c == ';' || c == '\n') {
        return true;
      }
    }
    return false;
  }
}
