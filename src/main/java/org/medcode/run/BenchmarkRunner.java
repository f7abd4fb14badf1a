package org.medcode.run;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.medcode.MedcodeException;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderException;
import org.medcode.coder.CoderFactory;
import org.medcode.coder.CoderRegistry;
import org.medcode.coder.CoderResult;
import org.medcode.coder.CodeSuggestion;
import org.medcode.codesystem.CodeSystem;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.prediction.PredictedCode;
import org.medcode.prediction.Prediction;

/**
 * Runs one coder over the admissions of a run: skips admissions its log already has, codes the rest (in parallel when
 * the coder allows), records each admission's answer or failure in the append-only log, and returns the outcome.
 */
final class BenchmarkRunner {
  /** What a coder did in this run folder, over all sessions (a resumed run includes the earlier ones). */
  record CoderOutcome(String id, String name, Map<String, String> parameters, int admissions, int answered, int empty,
      int failed, Map<String, Integer> failuresByKind, Map<String, Prediction> predictions, String unavailable,
      long codingMillis) {
    boolean complete() {
      return unavailable == null && answered + failed == admissions;
    }
  }

  private final CoderRegistry registry;
  private final PrintStream progressOut;
  private final boolean terminal;

  BenchmarkRunner(CoderRegistry registry, PrintStream progressOut, boolean terminal) {
    this.registry = registry;
    this.progressOut = progressOut;
    this.terminal = terminal;
  }

  /**
   * Runs a coder; {@code create} gives the configured coder (created at most once per run, shared with coders that
   * combine others) and is only called when admissions remain.
   */
  CoderOutcome run(RunConfig.CoderConfig config, java.util.function.Supplier<Coder> create, List<Admission> admissions,
      Path folder, int threads, CodeSystem system) {
    CoderFactory factory = registry.require(config.name());
    Map<String, String> parameters = CoderRegistry.resolve(factory, config.parameters());
    Path logFile = folder.resolve("predictions.jsonl");
    Map<String, PredictionLog.Entry> done = PredictionLog.recover(logFile);
    List<Admission> pending = new ArrayList<>();
    for (Admission admission : admissions) {
      if (!done.containsKey(admission.id())) {
        pending.add(admission);
      }
    }
    String unavailable = factory.unavailableReason().orElse(null);
    long started = System.nanoTime();
    if (unavailable == null && !pending.isEmpty()) {
      Coder coder = create.get();
      codeAll(coder, config.id(), system, pending, admissions.size(), logFile, threads);
      done = PredictionLog.recover(logFile);
    }
    return outcome(config, parameters, admissions, done, unavailable, (System.nanoTime() - started) / 1_000_000);
  }

  private void codeAll(Coder coder, String id, CodeSystem system, List<Admission> pending, int total, Path logFile,
      int threads) {
    Progress progress = new Progress(progressOut, id, total, total - pending.size(), terminal);
    int workers = coder.threadSafe() ? Math.max(1, threads) : 1;
    AtomicBoolean stop = new AtomicBoolean();
    try (PredictionLog log = PredictionLog.append(logFile)) {
      ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
        Thread thread = new Thread(r, "coder-" + id);
        thread.setDaemon(true);
        return thread;
      });
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (Admission admission : pending) {
          futures.add(pool.submit(() -> {
            if (stop.get()) {
              return;
            }
            PredictionLog.Entry entry = codeOne(coder, system, admission);
            log.write(entry);
            progress.step(entry.failed());
          }));
        }
        for (Future<?> future : futures) {
          try {
            future.get();
          } catch (java.util.concurrent.ExecutionException e) {
            stop.set(true);
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
          }
        }
      } catch (InterruptedException e) {
        stop.set(true);
        Thread.currentThread().interrupt();
        throw new MedcodeException("interrupted; resume with ./medcode run --resume on the run folder", e);
      } finally {
        pool.shutdownNow();
      }
    }
    progress.finish();
  }

  /** Codes one admission; any exception becomes this admission's recorded failure. */
  static PredictionLog.Entry codeOne(Coder coder, CodeSystem system, Admission admission) {
    long start = System.nanoTime();
    try {
      CoderResult result = coder.code(admission);
      List<CodeSuggestion> codes = new ArrayList<>();
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (CodeSuggestion suggestion : result == null ? List.<CodeSuggestion>of() : result.codes()) {
        String code = system.normalize(suggestion.code());
        if (!code.isEmpty() && seen.add(code)) {
          codes.add(new CodeSuggestion(code, suggestion.score(), suggestion.evidence(), suggestion.rationale()));
        }
      }
      return new PredictionLog.Entry(admission.id(), "ok", codes, null, null, millis(start));
    } catch (CoderException e) {
      return new PredictionLog.Entry(admission.id(), "failed", List.of(), e.kind(), String.valueOf(e.getMessage()), millis(start));
    } catch (Exception | StackOverflowError | AssertionError e) {
      return new PredictionLog.Entry(admission.id(), "failed", List.of(), e.getClass().getSimpleName(),
          String.valueOf(e.getMessage()), millis(start));
    }
  }

  private static long millis(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static CoderOutcome outcome(RunConfig.CoderConfig config, Map<String, String> parameters, List<Admission> admissions,
      Map<String, PredictionLog.Entry> done, String unavailable, long millis) {
    int answered = 0;
    int empty = 0;
    int failed = 0;
    Map<String, Integer> kinds = new TreeMap<>();
    Map<String, Prediction> predictions = new LinkedHashMap<>();
    for (Admission admission : admissions) {
      PredictionLog.Entry entry = done.get(admission.id());
      if (entry == null) {
        continue;
      }
      if (entry.failed()) {
        failed++;
        kinds.merge(entry.failureKind(), 1, Integer::sum);
      } else {
        answered++;
        if (entry.codes().isEmpty()) {
          empty++;
        }
      }
      predictions.put(admission.id(), new Prediction(admission.id(),
          entry.codes().stream().map(c -> new PredictedCode(c.code(), c.code(), c.score())).toList()));
    }
    return new CoderOutcome(config.id(), config.name(), parameters, admissions.size(), answered, empty, failed, kinds,
        predictions, unavailable, millis);
  }
}
