package org.medcode.coder.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medcode.coder.training.FeatureSettings;

/** TF-IDF features by hand. */
class TfidfVectorizerTest {
  @Test
  void wordAndCharacterNgrams() {
    Map<String, Integer> counts = TfidfVectorizer.termCounts(new FeatureSettings(2, 3, 3, 1, 100), "Ab ab, CD");
    // words: ab ab cd -> w:ab x2, w:cd, w:ab ab, w:ab cd; char 3-grams of " ab " and " cd ": " ab", "ab " (x2), " cd", "cd "
    assertEquals(Map.of("w:ab", 2, "w:cd", 1, "w:ab ab", 1, "w:ab cd", 1, "c: ab", 2, "c:ab ", 2, "c: cd", 1, "c:cd ", 1),
        counts);
  }

  @Test
  void accentsWrittenAsCombiningMarksGiveTheWordsTheyCompose() {
    // 'neumoni' + U+0301 + 'a' (NFD, as text copied on macOS can be) was cut at the mark into the words 'neumoni' and
    // 'a': on CodiEsp dev (es) in NFD, ml-linear's exact F1 fell from 0.222 to 0.209
    FeatureSettings settings = new FeatureSettings(2, 3, 4, 1, 100);
    String text = "Neumonía bilateral, niño";
    assertEquals(TfidfVectorizer.termCounts(settings, text),
        TfidfVectorizer.termCounts(settings, java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFD)));
  }

  @Test
  void idfAndUnitLength() {
    FeatureSettings settings = new FeatureSettings(1, 0, 0, 1, 100);
    TfidfVectorizer v = TfidfVectorizer.fit(settings, List.of("fever cough", "fever", "rash"));
    assertEquals(List.of("w:cough", "w:fever", "w:rash"), v.terms());
    // idf = ln((1 + 3) / (1 + df)) + 1: cough, rash df 1 -> ln 2 + 1; fever df 2 -> ln(4/3) + 1
    assertEquals((float) (Math.log(2) + 1), v.idf()[0]);
    assertEquals((float) (Math.log(4.0 / 3) + 1), v.idf()[1]);
    SparseVector x = v.transform("fever fever cough unknown");
    // tf: fever 2 -> 1 + ln 2; cough 1 -> 1; then unit length
    double fever = (1 + Math.log(2)) * (Math.log(4.0 / 3) + 1);
    double cough = Math.log(2) + 1;
    double norm = Math.sqrt(fever * fever + cough * cough);
    assertEquals(cough / norm, x.values()[0], 1e-6);
    assertEquals(fever / norm, x.values()[1], 1e-6);
    assertEquals(1.0, x.dot(x), 1e-6);
    assertEquals(0, v.transform("nothing known").size());
  }

  @Test
  void minDfAndMaxFeaturesBoundTheVocabulary() {
    TfidfVectorizer v = TfidfVectorizer.fit(new FeatureSettings(1, 0, 0, 2, 1), List.of("a b c", "a b", "a"));
    assertEquals(List.of("w:a"), v.terms());
    assertTrue(v.transform("b c").size() == 0);
  }
}
