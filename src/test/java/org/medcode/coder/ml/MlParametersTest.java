package org.medcode.coder.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medcode.MedcodeException;
import org.medcode.coder.CoderParameters;
import org.medcode.coder.training.FeatureSettings;

/** Parameters become settings; char-ngrams=auto depends on the size of the training split only. */
class MlParametersTest {
  private static MlParameters.Parsed parse(String chars, int admissions) {
    return MlParameters.parse(ModelKind.LINEAR,
        CoderParameters.resolve(MlCoderFactory.linear(), Map.of("char-ngrams", chars)), admissions);
  }

  @Test
  void autoCharacterNgramsAreOnForSmallTrainingSplitsAndOffForLargeOnes() {
    int limit = MlParameters.AUTO_CHAR_NGRAMS_BELOW;
    assertEquals(new FeatureSettings(2, 3, 5, 2, 50000), parse("auto", limit - 1).features());
    assertEquals(new FeatureSettings(2, 0, 0, 2, 50000), parse("auto", limit).features());
    assertEquals("auto", CoderParameters.resolve(MlCoderFactory.knn(), Map.of()).get("char-ngrams"));
    // an explicit choice holds at any size
    assertEquals(3, parse("3-5", 10 * limit).features().charMin());
    assertEquals(0, parse("off", 10).features().charMax());
  }

  @Test
  void aBadRangeNamesTheCoderAndTheParameter() {
    MedcodeException error = assertThrows(MedcodeException.class, () -> parse("5-3", 100));
    assertTrue(error.getMessage().contains("coder ml-linear: parameter 'char-ngrams' must be MIN-MAX with 1 <= MIN <= MAX,"
        + " off or auto, got '5-3'"), error.getMessage());
    // half a range is refused too, not read as the one bound it has (3-3)
    for (String half : new String[] {"3-", "-5", "3--5"}) {
      MedcodeException halfError = assertThrows(MedcodeException.class, () -> parse(half, 100), half);
      assertTrue(halfError.getMessage().contains("parameter 'char-ngrams' must be MIN-MAX"), halfError.getMessage());
    }
    assertEquals(3, parse("3", 100).features().charMax()); // one length: MIN-MAX with MIN = MAX
  }
}
