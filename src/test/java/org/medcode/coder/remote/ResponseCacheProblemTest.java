package org.medcode.coder.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What a coder records when its cache could not be written read "1 answer(s) not cached": the noun follows the count. */
class ResponseCacheProblemTest {
  @Test
  void theProblemCountsTheAnswersNotCached() {
    ResponseCache cache = new ResponseCache(Path.of("unused"));
    assertNull(cache.problem());
    cache.failed("read-only folder");
    assertEquals("1 answer not cached: read-only folder", cache.problem());
    cache.failed("disk full");
    assertEquals("2 answers not cached: disk full", cache.problem());
  }
}
