package org.medcode.coder.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderParameters;
import org.medcode.coder.Refittable;
import org.medcode.dataset.Admission;

/** What a stacked ensemble asks of the rules coder: every candidate down to a lower score than its own threshold. */
class RulesWidenedTest {
  @TempDir
  Path temp;

  private Map<String, String> parameters(String minScore) {
    Map<String, String> given = new LinkedHashMap<>();
    given.put("rules-dir", RulesFixture.RULES.toString());
    given.put("language", "en");
    given.put("min-score", minScore);
    return CoderParameters.resolve(new RulesCoderFactory(), given);
  }

  @Test
  void itsMinScoreIsLoweredOnlyWhenItIsHigher() {
    RulesCoderFactory factory = new RulesCoderFactory();
    assertEquals("0.05", factory.widened(parameters("auto"), 0.05).orElseThrow().get("min-score"));
    assertEquals("0.05", factory.widened(parameters("0.4"), 0.05).orElseThrow().get("min-score"));
    assertTrue(factory.widened(parameters("0.05"), 0.05).isEmpty());
    assertTrue(factory.widened(parameters("0.02"), 0.05).isEmpty());
    Map<String, String> wider = new LinkedHashMap<>(parameters("auto"));
    wider.put("min-score", "0.05");
    assertEquals(wider, factory.widened(parameters("auto"), 0.05).orElseThrow(), "nothing else changes");
  }

  @Test
  void theWidenedCopyReportsWhatTheCoderDoesAndTheCandidatesBelowItsThreshold() throws Exception {
    List<Admission> training = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      training.add(RulesFixture.admission("a" + i, List.of("R509", "R51"), "Man of " + (30 + i) + " years with fever and headache."));
      training.add(RulesFixture.admission("b" + i, List.of("J189"), "Woman of " + (40 + i) + " years with pneumonia and chest pain."));
    }
    RulesCoderFactory factory = new RulesCoderFactory();
    CoderContext context = new CoderContext(RulesFixture.TABLE, training, temp, temp.resolve("cache"), 3L);
    Refittable coder = (Refittable) factory.create(context, parameters("1"));
    Refittable wide = coder.widened(0.05).orElseThrow();
    Admission admission = RulesFixture.admission("x", List.of(), "Fever, headache and pneumonia with chest pain.");
    Set<String> own = codes(coder.code(admission).codes());
    Set<String> all = codes(wide.code(admission).codes());
    assertTrue(all.containsAll(own) && all.size() > own.size(), own + " " + all);
    assertTrue(wide.identity().contains("min-score=0.05"), wide.identity());
    assertEquals(all, codes(((Refittable) wide.refit(training)).code(admission).codes()), "refitted copies stay widened");
  }

  private static Set<String> codes(List<CodeSuggestion> answer) {
    Set<String> codes = new TreeSet<>();
    answer.forEach(c -> codes.add(c.code()));
    return codes;
  }
}
