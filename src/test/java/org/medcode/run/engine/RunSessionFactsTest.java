package org.medcode.run.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A resumed run keeps the models that answered its earlier sessions in the coder's {@code facts.model}. */
class RunSessionFactsTest {
  @Test
  void theModelsOfEarlierSessionsAreKept() {
    assertEquals(Map.of("model", "bad-ver 1.0, bad-ver 2.0", "workers", "1"),
        RunSession.withEarlierModels(Map.of("model", "bad-ver 2.0", "workers", "1"), Map.of("model", "bad-ver 1.0")));
    assertEquals(Map.of("model", "m 1"), RunSession.withEarlierModels(Map.of("model", "m 1"), Map.of("model", "m 1")));
    assertEquals(Map.of("model", "a 1, b 2"), RunSession.withEarlierModels(Map.of(), Map.of("model", "a 1, b 2")));
    assertEquals(Map.of("x", "y"), RunSession.withEarlierModels(Map.of("x", "y"), Map.of()));
  }
}
