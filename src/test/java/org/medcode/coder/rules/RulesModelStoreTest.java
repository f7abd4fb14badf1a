package org.medcode.coder.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderParameters;
import org.medcode.dataset.Admission;

/** A built rules model is cached by what it depends on, and the cached one codes exactly as the built one. */
class RulesModelStoreTest {
  @TempDir
  Path temp;

  private static List<Admission> training() {
    List<Admission> training = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      training.add(RulesFixture.admission("a" + i, List.of("R509", "R51"), "Man of " + (30 + i) + " years with fever and headache."));
      training.add(RulesFixture.admission("b" + i, List.of("J189"), "Woman of " + (40 + i) + " years with pneumonia and chest pain."));
    }
    return training;
  }

  private Coder coder(List<Admission> training, Path cache, String... parameters) throws Exception {
    Map<String, String> given = new LinkedHashMap<>();
    given.put("rules-dir", RulesFixture.RULES.toString());
    given.put("language", "en");
    for (int i = 0; i < parameters.length; i += 2) {
      given.put(parameters[i], parameters[i + 1]);
    }
    RulesCoderFactory factory = new RulesCoderFactory();
    return factory.create(new CoderContext(RulesFixture.TABLE, training, temp, cache, 3L),
        CoderParameters.resolve(factory, given));
  }

  private static List<Path> folders(Path cache) throws Exception {
    try (Stream<Path> list = Files.list(cache.resolve("rules-models"))) {
      return list.sorted().toList();
    }
  }

  @Test
  void theCachedModelCodesExactlyAsTheBuiltOne() throws Exception {
    Path cache = temp.resolve("cache");
    Coder built = coder(training(), cache);
    assertEquals(1, folders(cache).size());
    Coder loaded = coder(training(), cache);
    assertEquals(1, folders(cache).size(), "the second coder loads the cached model");
    Coder uncached = coder(training(), temp.resolve("elsewhere"), "cache", "false");
    assertTrue(Files.notExists(temp.resolve("elsewhere").resolve("rules-models")));
    for (String text : List.of("Fever and headache since yesterday.", "Pneumonia of the right lobe with chest pain.",
        "No fever. Anemia and edema of both legs.")) {
      assertEquals(RulesFixture.code(built, text), RulesFixture.code(loaded, text));
      assertEquals(RulesFixture.code(built, text), RulesFixture.code(uncached, text));
    }
  }

  @Test
  void otherTrainingDataOrParametersGiveAnotherModel() throws Exception {
    Path cache = temp.resolve("cache");
    coder(training(), cache);
    coder(training().subList(0, 20), cache);
    coder(training(), cache, "slack", "1");
    coder(training(), cache, "cache", "true");   // the cache switch itself is not part of the key
    assertEquals(3, folders(cache).size());
    assertNotEquals(folders(cache).get(0), folders(cache).get(1));
  }

  /**
   * A cache folder that cannot be written (read-only, full): the model built is used, with one warning, instead of
   * failing the run that built it ("coder rules could not start: cannot cache the rules model", exit 2).
   */
  @Test
  void aCacheFolderThatCannotBeWrittenKeepsTheBuiltModelWithAWarning() throws Exception {
    Path cache = Files.createDirectories(temp.resolve("cache"));
    Files.writeString(cache.resolve("rules-models"), "a file where the folder belongs: not writable, even by root");
    List<String> warnings = new ArrayList<>();
    RulesCoderFactory factory = new RulesCoderFactory();
    Map<String, String> given = Map.of("rules-dir", RulesFixture.RULES.toString(), "language", "en");
    Coder coder = factory.create(new CoderContext(RulesFixture.TABLE, training(), temp, cache, 3L, CoderContext.NO_PEERS,
        false, org.medcode.coder.Warnings.into(warnings)), CoderParameters.resolve(factory, given));
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("rules: cannot cache the rules model in "), warnings.get(0));
    Coder uncached = coder(training(), temp.resolve("elsewhere"), "cache", "false");
    for (String text : List.of("Fever and headache since yesterday.", "Pneumonia of the right lobe with chest pain.")) {
      assertEquals(RulesFixture.code(uncached, text), RulesFixture.code(coder, text));
    }
  }

  /** A cached model with a byte changed since (an edit, a disk error) is built again, not loaded as it is. */
  @Test
  void anEditedCachedModelIsBuiltAgain() throws Exception {
    Path cache = temp.resolve("cache");
    Coder built = coder(training(), cache);
    Path bin = folders(cache).get(0).resolve("en.bin");
    byte[] bytes = Files.readAllBytes(bin);
    bytes[bytes.length - 3] ^= 0x40; // inside the threshold, the last double: read as valid before files.sha256
    Files.write(bin, bytes);
    List<String> warnings = new ArrayList<>();
    RulesCoderFactory factory = new RulesCoderFactory();
    Map<String, String> given = Map.of("rules-dir", RulesFixture.RULES.toString(), "language", "en");
    Coder again = factory.create(new CoderContext(RulesFixture.TABLE, training(), temp, cache, 3L, CoderContext.NO_PEERS,
        false, org.medcode.coder.Warnings.into(warnings)), CoderParameters.resolve(factory, given));
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("en.bin (changed)") && warnings.get(0).endsWith("building it again"),
        warnings.get(0));
    for (String text : List.of("Fever and headache since yesterday.", "Pneumonia of the right lobe with chest pain.")) {
      assertEquals(RulesFixture.code(built, text), RulesFixture.code(again, text));
    }
    org.medcode.coder.training.ModelFolders.verify(folders(cache).get(0)); // replaced whole
  }
}
