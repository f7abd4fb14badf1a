package org.medcode.run.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderException;
import org.medcode.coder.CoderResult;
import org.medcode.coder.RunListener;
import org.medcode.coder.registry.CoderRegistry;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeSystems;
import org.medcode.dataset.Admission;
import org.medcode.dataset.Note;
import org.medcode.run.record.RunConfig;

/**
 * An llm coder kept, per admission, what its worst case read from the cache until the admission was coded; one the
 * budget held back (or whose coding failed) was never coded, so its entry stayed for the session: memory growing with
 * the split. The run now releases every admission it asked the worst case of ({@link Coder#release}), coded or not.
 */
class WorstCaseReleaseTest {
  @TempDir Path temp;

  /** Asked 0.3 at worst, costs 0.3; fails on A3; counts what is held for each admission. */
  static final class Holding implements Coder {
    final Set<String> held = ConcurrentHashMap.newKeySet();
    final Set<String> asked = ConcurrentHashMap.newKeySet();

    @Override
    public double worstCaseCost(Admission admission) {
      asked.add(admission.id());
      held.add(admission.id());
      return 0.3;
    }

    @Override
    public void release(Admission admission) {
      held.remove(admission.id());
    }

    @Override
    public CoderResult code(Admission admission) throws CoderException {
      if (admission.id().equals("A3")) {
        throw new CoderException("http_5xx", "the service failed");
      }
      return new CoderResult(List.of(new CodeSuggestion("I10", 1.0)),
          new CoderResult.Usage(10, 10, 0.3, 1, false), Map.of());
    }
  }

  @Test
  void whatAWorstCaseHeldIsReleasedForEveryAdmissionCodedOrHeldBack() throws Exception {
    List<Admission> admissions = IntStream.rangeClosed(1, 20).mapToObj(i -> new Admission("A" + i, "P" + i,
        List.of(new Note("note", "text")), List.of(), Map.of())).toList();
    Holding coder = new Holding();
    Path folder = Files.createDirectories(temp.resolve("run/frequency"));
    BenchmarkRunner runner = new BenchmarkRunner(CoderRegistry.load(), RunListener.SILENT);
    BenchmarkRunner.CoderOutcome outcome = runner.run(new RunConfig.CoderConfig("frequency", "frequency", Map.of()), Map.of(),
        () -> coder, 0, admissions, folder, 2, CodeSystems.syntax(CodeSystemId.ICD10CM), 1.0, false);
    assertTrue(outcome.budgetReached(), outcome.toString());
    assertTrue(coder.asked.size() > 3, "admissions held back by the budget were asked too: " + coder.asked);
    assertEquals(Set.of(), coder.held, "every admission asked is released");
  }
}
