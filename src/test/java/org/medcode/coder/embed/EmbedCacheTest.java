package org.medcode.coder.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderParameters;
import org.medcode.coder.Warnings;
import org.medcode.coder.ml.Synthetic;
import org.medcode.dataset.Admission;

/**
 * The embed-retrieval caches at scale, with embedders that need no model: an index built by another embedder of the
 * same name (other embedding code, another library version or weights: its folder is named by the table and the
 * model's name only) is built again, not compared with query vectors of another space; a damaged index or thresholds
 * file is made again rather than refused run after run; a cache folder that cannot be written is said, not fatal.
 */
class EmbedCacheTest {
  @TempDir
  Path temp;

  /** Unit vectors from the text's characters; {@code twist} stands for another version of the same model. */
  private static SentenceEmbedder embedder(int twist) {
    return new SentenceEmbedder() {
      @Override
      public String modelId() {
        return "fake-model";
      }

      @Override
      public float[][] embed(List<String> texts) {
        float[][] vectors = new float[texts.size()][];
        for (int i = 0; i < texts.size(); i++) {
          float[] v = new float[16];
          for (char c : texts.get(i).toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            v[(c * 7 + twist) % 16] += 1;
          }
          vectors[i] = MiniLmEmbedder.unit(v);
        }
        return vectors;
      }
    };
  }

  @Test
  void anIndexOfAnotherEmbedderOfTheSameNameIsBuiltAgain() {
    Path cache = temp.resolve("cache");
    List<String> warnings = new ArrayList<>();
    CodeTitleIndex first = CodeTitleIndex.obtain(Synthetic.table(), embedder(0), cache, Warnings.into(warnings));
    assertEquals(CodeTitleIndex.Origin.CACHE,
        CodeTitleIndex.obtain(Synthetic.table(), embedder(0), cache, Warnings.into(warnings)).origin());
    assertEquals(List.of(), warnings);
    CodeTitleIndex other = CodeTitleIndex.obtain(Synthetic.table(), embedder(3), cache, Warnings.into(warnings));
    assertEquals(CodeTitleIndex.Origin.BUILT, other.origin(), "not the vectors of the first embedder");
    assertEquals(first.folder(), other.folder());
    assertTrue(!java.util.Arrays.equals(first.matrix(), other.matrix()));
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("embeds now to another vector"), warnings.get(0));
    assertEquals(CodeTitleIndex.Origin.CACHE,
        CodeTitleIndex.obtain(Synthetic.table(), embedder(3), cache, Warnings.into(warnings)).origin(), "replaced");
  }

  @Test
  void aCutOrEditedIndexIsBuiltAgain() throws Exception {
    Path cache = temp.resolve("cache");
    List<String> warnings = new ArrayList<>();
    CodeTitleIndex first = CodeTitleIndex.obtain(Synthetic.table(), embedder(0), cache, Warnings.into(warnings));
    Path vectors = first.folder().resolve("vectors.f32");
    byte[] whole = Files.readAllBytes(vectors);
    Files.write(vectors, java.util.Arrays.copyOf(whole, whole.length - 10)); // cut
    assertEquals(CodeTitleIndex.Origin.BUILT,
        CodeTitleIndex.obtain(Synthetic.table(), embedder(0), cache, Warnings.into(warnings)).origin());
    List<String> codes = Files.readAllLines(first.folder().resolve("codes.txt"), StandardCharsets.UTF_8);
    java.util.Collections.swap(codes, 0, codes.size() - 1); // two lines swapped: each code beside the other's vector
    Files.write(first.folder().resolve("codes.txt"), codes, StandardCharsets.UTF_8);
    assertEquals(CodeTitleIndex.Origin.BUILT,
        CodeTitleIndex.obtain(Synthetic.table(), embedder(0), cache, Warnings.into(warnings)).origin());
    assertEquals(2, warnings.size(), warnings.toString());
    assertEquals(CodeTitleIndex.Origin.CACHE,
        CodeTitleIndex.obtain(Synthetic.table(), embedder(0), cache, Warnings.into(warnings)).origin());
  }

  private Coder coder(Path cache, List<String> warnings, List<Admission> training) {
    EmbedRetrievalCoderFactory factory = new EmbedRetrievalCoderFactory(embedder(0));
    return factory.create(new CoderContext(Synthetic.table(), training, temp, cache, 5, CoderContext.NO_PEERS, false,
        Warnings.into(warnings)), CoderParameters.resolve(factory, Map.of("threshold", "auto", "tune-admissions", "40")));
  }

  @Test
  void damagedThresholdsAreTunedAgainAndAnUnwritableCacheIsSaid() throws Exception {
    List<Admission> training = Synthetic.admissions(60, 0, 1);
    Path cache = temp.resolve("cache");
    List<String> warnings = new ArrayList<>();
    coder(cache, warnings, training);
    Path thresholds;
    try (Stream<Path> files = Files.list(cache.resolve("embed-thresholds"))) {
      thresholds = files.findFirst().orElseThrow();
    }
    String whole = Files.readString(thresholds);
    for (String damaged : List.of(whole.substring(0, whole.length() / 2),
        "{\"global\": 0.5, \"per_code\": {}, \"max_codes\": 0}")) {
      Files.writeString(thresholds, damaged);
      coder(cache, warnings, training); // once: "cannot read ...", exit 2, run after run
      assertTrue(warnings.get(warnings.size() - 1).contains("they are tuned again and replaced"), warnings.toString());
      assertEquals(whole, Files.readString(thresholds), "replaced by the same thresholds");
    }
    assertEquals(2, warnings.size(), warnings.toString());

    Path blocked = Files.createDirectories(temp.resolve("blocked"));
    Files.writeString(blocked.resolve("embed-index"), "a file where the folder belongs");
    Files.writeString(blocked.resolve("embed-thresholds"), "a file where the folder belongs");
    List<String> said = new ArrayList<>();
    coder(blocked, said, training); // once: "cannot cache the code-title index", exit 2
    assertEquals(2, said.size(), said.toString());
    assertTrue(said.get(0).startsWith("embed-retrieval: cannot cache the code-title index in "), said.get(0));
    assertTrue(said.get(1).startsWith("coder embed-retrieval: cannot cache thresholds in "), said.get(1));
  }

  /**
   * A model folder's copy of the index got no probe: a folder trained under another version of the embedding model
   * (its library or code) compared today's query vectors with title vectors of another space, silently. It is refused
   * now, as the cache's index would be built again (the folder's thresholds were tuned on it: train it again).
   */
  @Test
  void aModelFolderWhoseIndexAnotherEmbedderMadeIsRefused() throws Exception {
    List<Admission> training = Synthetic.admissions(12, 0, 3);
    Path out = temp.resolve("model");
    EmbedRetrievalCoderFactory trainedWith = new EmbedRetrievalCoderFactory(embedder(0));
    trainedWith.train(new CoderContext(Synthetic.table(), training, temp, temp.resolve("cache"), 5),
        CoderParameters.resolve(trainedWith, Map.of()), new org.medcode.coder.training.TrainingSource("jsonl:t.jsonl", "f"), out);
    Map<String, String> parameters = CoderParameters.resolve(trainedWith, Map.of("model", out.toString()));
    trainedWith.create(new CoderContext(Synthetic.table(), List.of(), temp, temp.resolve("other"), 1), parameters); // fine
    EmbedRetrievalCoderFactory now = new EmbedRetrievalCoderFactory(embedder(3));
    org.medcode.MedcodeException refused = org.junit.jupiter.api.Assertions.assertThrows(org.medcode.MedcodeException.class,
        () -> now.create(new CoderContext(Synthetic.table(), List.of(), temp, temp.resolve("other"), 1), parameters));
    assertTrue(refused.getMessage().startsWith("coder embed-retrieval: the index of the model folder " + out
        + " cannot be used (the title of "), refused.getMessage());
    assertTrue(refused.getMessage().endsWith("; train it again with " + org.medcode.Launcher.command()
        + " train --coder embed-retrieval"), refused.getMessage());
    assertEquals(2, refused.exitCode());
  }
}
