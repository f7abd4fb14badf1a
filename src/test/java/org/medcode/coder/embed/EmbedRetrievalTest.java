package org.medcode.coder.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderParameters;
import org.medcode.coder.RunListener;
import org.medcode.coder.ml.Synthetic;
import org.medcode.coder.training.TrainingSource;
import org.medcode.codesystem.CodeEntry;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.dataset.Note;

/** The real all-MiniLM-L6-v2 model on a six-code table: retrieval, the on-disk index cache and the model folder. */
class EmbedRetrievalTest {
  @TempDir
  Path temp;

  private static Admission note(String text) {
    return new Admission("A", "P", List.of(new Note("note", text)), List.of(), Map.of());
  }

  @Test
  void theIndexIsBuiltOnceAndReusedFromDisk() {
    Path cache = temp.resolve("cache");
    CodeTitleIndex first = CodeTitleIndex.obtain(Synthetic.table(), MiniLmEmbedder.shared(), cache, RunListener.SILENT);
    CodeTitleIndex second = CodeTitleIndex.obtain(Synthetic.table(), MiniLmEmbedder.shared(), cache, RunListener.SILENT);
    assertEquals(CodeTitleIndex.Origin.BUILT, first.origin());
    assertEquals(CodeTitleIndex.Origin.CACHE, second.origin());
    assertEquals(first.folder(), second.folder());
    assertEquals(first.codes(), second.codes());
    assertEquals(6, first.codes().size());
    assertEquals(384, first.dimension());
    assertTrue(java.util.Arrays.equals(first.matrix(), second.matrix()));
  }

  @Test
  void theClosestTitlesAreProposedWithScoresAndACodeNeverSeenInTraining() throws Exception {
    EmbedRetrievalCoderFactory factory = new EmbedRetrievalCoderFactory();
    Coder coder = factory.create(new CoderContext(Synthetic.table(), List.of(), temp, temp.resolve("cache"), 1),
        CoderParameters.resolve(factory, Map.of("threshold", "0.3", "per-sentence", "1")));
    List<CodeSuggestion> answer = coder.code(note("Chest X-ray shows pneumonia. The patient fell and broke the neck of "
        + "the right femur.")).codes();
    List<String> codes = answer.stream().map(CodeSuggestion::code).toList();
    assertTrue(codes.contains("J189"), codes.toString());
    assertTrue(codes.contains("S72001A"), codes.toString());
    assertTrue(answer.stream().allMatch(c -> c.score() != null && c.score() >= 0.3));
  }

  @Test
  void trainWritesAModelFolderThatTheCoderLoads() throws Exception {
    EmbedRetrievalCoderFactory factory = new EmbedRetrievalCoderFactory();
    List<Admission> training = Synthetic.admissions(12, 0, 3);
    Map<String, String> parameters = CoderParameters.resolve(factory, Map.of());
    Path out = temp.resolve("model");
    var trained = factory.train(new CoderContext(Synthetic.table(), training, temp, temp.resolve("cache"), 5), parameters,
        new TrainingSource("jsonl:t.jsonl", "f"), out);
    assertTrue(Files.isRegularFile(out.resolve("index/vectors.f32")));
    assertTrue(trained.thresholds().validationMicroF1() > 0.5, trained.thresholds().toString());
    Coder fromFolder = factory.create(new CoderContext(Synthetic.table(), List.of(), temp, temp.resolve("other-cache"), 1),
        CoderParameters.resolve(factory, Map.of("model", out.toString())));
    Coder fromCache = factory.create(new CoderContext(Synthetic.table(), training, temp, temp.resolve("cache"), 5), parameters);
    Admission admission = Synthetic.admissions(1, 100, 9).get(0);
    assertEquals(fromCache.code(admission).codes(), fromFolder.code(admission).codes());
  }

  /**
   * A model folder indexed with another table than the run's was used with a warning only: it did not say how many of
   * its codes the run's table lacks, and no prediction recorded it (ml-* folders give both: annotation
   * model_table_version). A table b.csv without two of a.csv's six codes: 33 % of the codes predicted were invalid.
   */
  @Test
  void aModelFolderOfAnotherTableWarnsCountingItsCodesAndAnnotatesEveryPrediction() throws Exception {
    EmbedRetrievalCoderFactory factory = new EmbedRetrievalCoderFactory();
    List<Admission> training = Synthetic.admissions(12, 0, 3);
    Path out = temp.resolve("model");
    factory.train(new CoderContext(Synthetic.table(), training, temp, temp.resolve("cache"), 5),
        CoderParameters.resolve(factory, Map.of()), new TrainingSource("jsonl:t.jsonl", "f"), out);
    // the run's table is another version, and it lost one of the six codes the model indexed
    Map<String, CodeEntry> entries = new LinkedHashMap<>(Synthetic.table().entries());
    entries.remove("K3580");
    CodeTable nextYear = CodeTable.of(Synthetic.table().system(), "next", entries);
    List<String> warnings = new ArrayList<>();
    RunListener listener = new RunListener() {
      @Override
      public void note(String message) {}

      @Override
      public void warning(String message) {
        warnings.add(message);
      }
    };
    Map<String, String> model = CoderParameters.resolve(factory, Map.of("model", out.toString()));
    Coder coder = factory.create(new CoderContext(nextYear, List.of(), temp, temp.resolve("other-cache"), 1, name -> null,
        false, listener), model);
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("indexed the titles of table synthetic but this run codes with next: it proposes"
        + " only codes of that table; 1 of its 6 codes is not in next and counts as invalid when predicted"), warnings.get(0));
    for (Admission admission : Synthetic.admissions(3, 100, 9)) {
      assertEquals(Map.of("model_table_version", "synthetic (run: next)"), coder.code(admission).annotations());
    }
    // the model's own table: no warning, no annotation
    warnings.clear();
    Coder same = factory.create(new CoderContext(Synthetic.table(), List.of(), temp, temp.resolve("other-cache"), 1,
        name -> null, false, listener), model);
    assertEquals(List.of(), warnings);
    assertEquals(Map.of(), same.code(Synthetic.admissions(1, 100, 9).get(0)).annotations());
  }

  @Test
  void aModelFolderScoresWithThePerSentenceAndAggregateItWasTunedWith() throws Exception {
    EmbedRetrievalCoderFactory factory = new EmbedRetrievalCoderFactory();
    List<Admission> training = Synthetic.admissions(12, 0, 3);
    Map<String, String> parameters = CoderParameters.resolve(factory, Map.of("per-sentence", "1", "aggregate", "sum"));
    Path out = temp.resolve("model");
    factory.train(new CoderContext(Synthetic.table(), training, temp, temp.resolve("cache"), 5), parameters,
        new TrainingSource("jsonl:t.jsonl", "f"), out);
    // the run's entry names only the folder: the defaults (5, max) are not what its threshold was tuned on
    Coder fromFolder = factory.create(new CoderContext(Synthetic.table(), List.of(), temp, temp.resolve("other-cache"), 1),
        CoderParameters.resolve(factory, Map.of("model", out.toString())));
    Coder fromCache = factory.create(new CoderContext(Synthetic.table(), training, temp, temp.resolve("cache"), 5), parameters);
    // three sentences on pneumonia: summed, its score is about three times the best one
    Admission admission = note("Pneumonia with lobar consolidation. Lobar pneumonia seen again on the film. Pneumonia"
        + " treated. Raised blood pressure hypertension.");
    assertEquals(fromCache.code(admission).codes(), fromFolder.code(admission).codes());
  }

  @Test
  void sentencesSplitAtPunctuationAndLines() {
    assertEquals(List.of("Fever and cough.", "No rash;", "seen in clinic"), Sentences.split("Fever and cough. No rash;\nseen in clinic\n.."));
  }
}
