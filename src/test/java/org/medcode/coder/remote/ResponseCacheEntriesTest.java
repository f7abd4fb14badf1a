package org.medcode.coder.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cached answer is one {@link ResponseCache#put} wrote whole: a file emptied (a crash before the rename reached the
 * disk), cut or edited into other JSON is no answer (an empty file was once read as an answer of no codes, "the model
 * answered nothing", status ok, and scored as such run after run), so it is asked again and overwritten.
 */
class ResponseCacheEntriesTest {
  @TempDir
  Path temp;

  @Test
  void anEmptiedCutOrForeignFileIsNoAnswer() throws Exception {
    ResponseCache cache = new ResponseCache(temp.resolve("llm"));
    String key = ResponseCache.key("a", "b");
    ResponseCache.Entry entry = new ResponseCache.Entry("{\"codes\": [\"I10\"]}", null, "stop", 100, 20);
    assertTrue(cache.put(key, entry));
    assertEquals(Optional.of(entry), cache.get(key));
    assertTrue(cache.contains(key));
    Path file = cache.file(key);
    String whole = Files.readString(file);
    for (String damaged : List.of("", "   \n", "{}", "null", "[]", "\"text\"", whole.substring(0, whole.length() / 2),
        "{\"text\": \"{\\\"codes\\\": []}\"}", "{\"text\": 7, \"input_tokens\": 1, \"output_tokens\": 1}",
        "{\"text\": \"x\", \"input_tokens\": \"1\", \"output_tokens\": 1}")) {
      Files.writeString(file, damaged);
      assertEquals(Optional.empty(), cache.get(key), damaged);
      assertFalse(cache.contains(key), "contains agrees with get: " + damaged);
    }
    assertTrue(cache.put(key, entry), "overwritten");
    assertEquals(Optional.of(entry), cache.get(key));
    // a refusal has no text: still an answer
    ResponseCache.Entry refusal = new ResponseCache.Entry(null, "I cannot help with that", "stop", 10, 5);
    assertTrue(cache.put(key, refusal));
    assertEquals(Optional.of(refusal), cache.get(key));
  }

  @Test
  void aFolderThatCannotBeWrittenIsSaidOnceWithoutCountingAnAnswer() throws Exception {
    Files.writeString(temp.resolve("http"), "a file where the folder belongs");
    ResponseCache cache = new ResponseCache(temp.resolve("http"));
    List<String> warnings = new ArrayList<>();
    cache.warnTo(warnings::add, false);
    cache.warnIfUnwritable();
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("cannot write the response cache ("), warnings.get(0));
    assertFalse(warnings.get(0).contains("cacheFailure"), "a coder without that parameter is not told to set it");
    assertEquals(null, cache.problem(), "no answer was lost yet");
    assertFalse(cache.put(ResponseCache.key("k"), new ResponseCache.Entry("x", null, null, 0, 0)));
    assertEquals(1, warnings.size(), "said once");
    assertTrue(cache.problem().startsWith("1 answer not cached: "), cache.problem());
  }
}
