package org.medcode.run.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.medcode.Launcher;
import org.medcode.MedcodeException;
import org.medcode.Plural;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderException;
import org.medcode.coder.CoderFactory;
import org.medcode.coder.CoderResult;
import org.medcode.coder.CoderStoppedException;
import org.medcode.coder.CodingSession;
import org.medcode.coder.RunListener;
import org.medcode.coder.registry.CoderRegistry;
import org.medcode.codesystem.CodeSystem;
import org.medcode.dataset.Admission;
import org.medcode.prediction.Prediction;
import org.medcode.run.record.RunConfig;

/**
 * Runs one coder over the admissions of a run: skips admissions its log already has, codes the rest (in parallel when
 * the coder allows), records each admission's answer or failure in the append-only log, stops cleanly when a cost
 * budget is reached, and returns the outcome.
 */
final class BenchmarkRunner {
  /**
   * What a coder did in this run folder, over all sessions (a resumed run includes the earlier ones); {@code facts} is
   * null when the coder was not created in this session.
   */
  record CoderOutcome(String id, String name, Map<String, String> parameters, int admissions, int answered, int empty,
      int failed, Map<String, Integer> failuresByKind, Map<String, Prediction> predictions, String unavailable,
      long startMillis, long codingMillis, CoderResult.Usage usage, boolean budgetReached, Map<String, String> facts,
      Stop stopped, Map<String, Integer> servedModels, Map<String, Integer> fingerprints, Set<String> failedIds) {
    boolean complete() {
      return unavailable == null && answered + failed == admissions;
    }
  }

  /** Why a coder stopped itself ({@link CoderStoppedException}) and what the user does next. */
  record Stop(String reason, CoderStoppedException.NextStep next) {}

  private final CoderRegistry registry;
  private final RunListener listener;

  BenchmarkRunner(CoderRegistry registry, RunListener listener) {
    this.registry = registry;
    this.listener = listener;
  }

  /**
   * Runs a coder; {@code create} gives the configured coder (created at most once per run, shared with coders that
   * combine others) and is only called when admissions remain. {@code maxCost} (0 = no limit) caps what this coder may
   * spend in this run folder, earlier sessions included: an admission starts only when its worst case (the coder's
   * {@link Coder#worstCaseCost}) fits beside what was spent and what the admissions in flight may still spend. With
   * {@code retryFailed}, admissions whose recorded answer is a failure are coded again.
   */
  /**
   * Whether {@link #run} would create the coder and code in this session: it is available, admissions are left to code
   * in its folder (failed ones too, with {@code retryFailed}) and the budget is not spent. Reads the log without
   * repairing it ({@link #run} does that).
   */
  boolean willCode(RunConfig.CoderConfig config, List<Admission> admissions, Path folder, double maxCost,
      boolean retryFailed) {
    if (registry.require(config.name()).unavailableReason(config.parameters()).isPresent()) {
      return false;
    }
    Map<String, PredictionLog.Entry> done = PredictionLog.read(folder.resolve("predictions.jsonl"), PredictionLog.Kept.SCORES);
    double spent = done.values().stream().mapToDouble(PredictionLog.Entry::cost).sum();
    return !pending(admissions, done, retryFailed).isEmpty() && !(maxCost > 0 && spent >= maxCost);
  }

  /** The admissions without a recorded answer (or, with {@code retryFailed}, whose recorded answer is a failure). */
  private static List<Admission> pending(List<Admission> admissions, Map<String, PredictionLog.Entry> done,
      boolean retryFailed) {
    List<Admission> pending = new ArrayList<>();
    for (Admission admission : admissions) {
      PredictionLog.Entry entry = done.get(admission.id());
      if (entry == null || retryFailed && entry.failed()) {
        pending.add(admission); // a retried admission gets a new line; the log's last line for it wins
      }
    }
    return pending;
  }

  CoderOutcome run(RunConfig.CoderConfig config, Map<String, String> parameters, Supplier<Coder> create, long createdMillis, List<Admission> admissions,
      Path folder, int threads, CodeSystem system, double maxCost, boolean retryFailed) {
    CoderFactory factory = registry.require(config.name());
    Path logFile = folder.resolve("predictions.jsonl");
    Map<String, PredictionLog.Entry> done = PredictionLog.recover(logFile);
    List<Admission> pending = pending(admissions, done, retryFailed);
    if (!done.isEmpty()) {
      int coded = admissions.size() - pending.size();
      listener.note("coder " + config.id() + ": " + coded + " of " + Plural.of(admissions.size(), "admission") + " already recorded in earlier"
          + " sessions" + (pending.isEmpty() ? "; nothing left to code" : "; coding the other " + pending.size()
          + (retryFailed ? " (failed ones again)" : "")));
    }
    double spent = done.values().stream().mapToDouble(PredictionLog.Entry::cost).sum();
    String unavailable = factory.unavailableReason(config.parameters()).orElse(null);
    boolean budgetReached = maxCost > 0 && spent >= maxCost;
    long startMillis = 0;
    long codingMillis = 0;
    Map<String, String> facts = null;
    java.util.concurrent.atomic.AtomicReference<Stop> stopped = new java.util.concurrent.atomic.AtomicReference<>();
    if (unavailable == null && !pending.isEmpty() && !budgetReached) {
      long started = System.nanoTime();
      KillPoints.reached(config.id(), "start");
      Coder coder = create.get();
      try {
        coder.dataset(admissions);
        coder.folder(folder);
        coder.open(pending);
      } catch (MedcodeException e) {
        throw e; // a mistake in the config or the data: the whole run is refused
      } catch (Exception e) {
        // its own process or service would not start (an exec worker without a handshake): this coder is unavailable,
        // the others still run and are reported, and --resume tries it again
        unavailable = "could not start: " + e.getMessage();
      }
      if (unavailable == null) {
        KillPoints.reached(config.id(), "open");
        long coding = System.nanoTime();
        startMillis = createdMillis + (coding - started) / 1_000_000;
        budgetReached = codeAll(coder, config.id(), system, pending, admissions.size(), logFile, threads, spent, maxCost,
            retryFailed, receipts(done), logged(done), stopped);
        codingMillis = (System.nanoTime() - coding) / 1_000_000;
        facts = coder.facts();
        done = PredictionLog.recover(logFile);
        // answers that came from a response cache, not the service: said, since a changed service behind the same
        // address would not be asked again (the cache keys are the request, not what answers it)
        java.util.Set<String> codedNow = new java.util.HashSet<>();
        pending.forEach(a -> codedNow.add(a.id()));
        long fromCache = done.values().stream().filter(e -> codedNow.contains(e.admissionId()) && e.usage() != null
            && e.usage().cached()).count();
        if (fromCache > 0) {
          listener.note("coder " + config.id() + ": " + fromCache + " of the " + Plural.of(pending.size(), "admission")
              + " coded in this session " + Plural.verb(fromCache, "were")
              + " answered from the cache (cache: false asks the service again)");
        }
      }
    }
    if (unavailable == null) {
      KillPoints.reached(config.id(), "done"); // also when an earlier session had logged every answer
    }
    return outcome(config, parameters, admissions, done, unavailable, startMillis, codingMillis, budgetReached, facts,
        stopped.get());
  }

  /**
   * Codes the pending admissions; returns whether the budget stopped it early. A coder that stops itself
   * ({@link CoderStoppedException}) leaves its reason in {@code stopped} and is asked for nothing more.
   */
  private boolean codeAll(Coder coder, String id, CodeSystem system, List<Admission> all, int total, Path logFile,
      int threads, double spentBefore, double maxCost, boolean retryFailed, Set<String> receipts,
      CoderResult.Usage logged, java.util.concurrent.atomic.AtomicReference<Stop> stopped) {
    List<Admission> pending;
    Budget spent = new Budget(spentBefore, maxCost);
    try {
      pending = coder.prepare(all, new CodingSession(logFile.getParent(),
          maxCost > 0 ? Math.max(0, maxCost - spentBefore) : Double.POSITIVE_INFINITY, retryFailed,
          maxCost > 0 ? spent.room() : CodingSession.Room.UNLIMITED, receipts,
          new LoggedAnswers(logFile.getParent().getParent(), id), logged));
    } catch (MedcodeException e) {
      throw e;
    } catch (Exception e) {
      // its service could not be reached or refused (a batch API down): this coder stops, the others still run, and
      // the run ends incomplete (exit 3) as an online coder that reaches nobody does; a coder that sent work it must
      // find again (batches) says that only --resume does (CoderStoppedException.NextStep.RESUME)
      stopped.set(new Stop("it could not prepare its admissions (" + e.getMessage() + "); nothing was recorded for them.",
          e instanceof CoderStoppedException coderStopped ? coderStopped.next()
              : CoderStoppedException.NextStep.FIX_AND_RUN_AGAIN));
      return false;
    }
    boolean heldBack = pending.size() < all.size();
    RunListener.Progress progress = listener.progress(id, total, total - all.size());
    int workers = !coder.threadSafe() ? 1 : Math.max(1, coder.concurrency() > 0 ? coder.concurrency() : threads);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicBoolean budget = new AtomicBoolean();
    AtomicInteger written = new AtomicInteger(); // lines of this session, for KillPoints
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
              return null;
            }
            double reserved = maxCost > 0 ? worstCase(coder, admission) : 0;
            PredictionLog.Entry entry = null;
            try {
              if (!spent.reserve(admission.id(), reserved)) {
                budget.set(true);
                return null;
              }
              try {
                entry = codeOne(coder, system, admission);
                if (KillPoints.at(id, "torn") && written.get() >= KillPoints.LINES) {
                  log.writeHalfAndDie(entry);
                }
                log.write(entry);
                if (written.incrementAndGet() >= KillPoints.LINES) {
                  KillPoints.reached(id, "coded");
                }
              } finally { // the reservation becomes the cost in one step: no moment counts neither
                spent.settle(reserved, entry == null ? 0 : entry.cost());
              }
            } finally { // coded or held back by the budget: what its worst case kept is freed
              if (maxCost > 0) {
                coder.release(admission);
              }
            }
            if (entry.failed() && CoderException.BUDGET.equals(entry.failureKind())) {
              budget.set(true); // the coder needed more than the admission reserved, and the budget had no room
            }
            progress.step(entry.failed(), spent.sum());
            return null;
          }));
        }
        for (Future<?> future : futures) {
          try {
            future.get();
          } catch (ExecutionException e) {
            stop.set(true);
            Throwable cause = e.getCause();
            if (cause instanceof CoderStoppedException coderStopped) {
              stopped.compareAndSet(null, new Stop(coderStopped.getMessage(), coderStopped.next()));
              continue; // the admissions in flight finish and are recorded; no other starts
            }
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
          }
        }
      } catch (InterruptedException e) {
        stop.set(true);
        Thread.currentThread().interrupt();
        throw new MedcodeException("interrupted; continue with " + Launcher.command() + " run --resume on the run folder", e);
      } finally {
        pool.shutdownNow();
        awaitWorkers(pool);
      }
    }
    progress.finish(spent.sum());
    return budget.get() || heldBack;
  }

  /**
   * Waits a little for interrupted workers to leave the coder (after an error, some may still be in a call), so that
   * the coder is not closed under them; an interrupted wait keeps the interrupt.
   */
  private static void awaitWorkers(ExecutorService pool) {
    try {
      pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The usage of every line of the log, totalled: what the run's cost counts before this session. */
  private static CoderResult.Usage logged(Map<String, PredictionLog.Entry> done) {
    return done.values().stream().map(PredictionLog.Entry::usage).filter(java.util.Objects::nonNull)
        .reduce(CoderResult.Usage.NONE, CoderResult.Usage::total);
  }

  /** The receipts of every line of the log ({@link CoderResult.Usage#receipts}): what they paid for is counted. */
  private static Set<String> receipts(Map<String, PredictionLog.Entry> done) {
    Set<String> receipts = new java.util.HashSet<>();
    done.values().forEach(entry -> receipts.addAll(entry.usage() == null ? List.of() : entry.usage().receipts()));
    return receipts;
  }

  /** A coder's worst-case cost of an admission; a coder that cannot say reserves nothing (its failure shows in code()). */
  private static double worstCase(Coder coder, Admission admission) {
    try {
      return Math.max(0, coder.worstCaseCost(admission));
    } catch (Exception e) {
      return 0;
    }
  }

  /**
   * What a coder has spent in the run folder and what the admissions in flight may still spend: an admission starts
   * only when the spent amount, the reservations in flight and its own worst case all fit under the budget.
   */
  static final class Budget {
    private final double max;
    private double spent;
    private double reserved;
    /** Admissions holding a reservation: "nothing in flight" is this count at 0, never a floating-point sum. */
    private int holders;

    Budget(double spent, double max) {
      this.spent = spent;
      this.max = max;
    }

    /**
     * Room set aside, before coding started, for admissions whose preparation committed money, by admission id
     * ({@link CodingSession.Room#pledge}): other admissions cannot use it; its own admission's reservation takes it.
     */
    private final Map<String, Double> pledges = new HashMap<>();
    private double pledged;

    /** The run's budget as a coder sees it while preparing and coding ({@link CodingSession#room}). */
    CodingSession.Room room() {
      return new CodingSession.Room() {
        @Override
        public boolean reserve(double amount) throws InterruptedException {
          return extend(amount);
        }

        @Override
        public void pledge(String admissionId, double amount) {
          Budget.this.pledge(admissionId, amount);
        }
      };
    }

    synchronized void pledge(String admissionId, double amount) {
      if (amount > 0) {
        Double before = pledges.put(admissionId, amount);
        pledged += amount - (before == null ? 0 : before);
      }
    }

    /**
     * Reserves an admission's worst case, in the room pledged for it if any; waits while admissions in flight hold the
     * room it needs (they may spend less than they reserved); false once it cannot fit even with nothing in flight: the
     * budget is reached.
     */
    synchronized boolean reserve(String admissionId, double amount) throws InterruptedException {
      Double own = pledges.remove(admissionId);
      pledged = pledges.isEmpty() ? 0 : pledged - (own == null ? 0 : own);
      while (max > 0 && (spent >= max || spent + reserved + pledged + amount > max)) {
        if (holders == 0 || spent >= max) {
          return false;
        }
        wait();
      }
      reserved += amount;
      holders++;
      extended.set(new double[1]);
      return true;
    }

    /**
     * Room an admission in flight reserved beyond its worst case ({@link #extend}), by the worker thread that reserved
     * it; null on a thread that holds no reservation.
     */
    private final ThreadLocal<double[]> extended = new ThreadLocal<>();
    /** Admissions in flight waiting in {@link #extend}: they settle nothing while they wait. */
    private int extending;

    /**
     * Reserves more for the admission in flight on this thread ({@link CodingSession.Room}); waits while other
     * admissions in flight, not waiting here themselves, hold the room it needs; false when it cannot fit.
     */
    synchronized boolean extend(double amount) throws InterruptedException {
      double[] mine = extended.get();
      if (mine == null) { // granted here, it would be released by no admission, and taken from the next one settled here
        throw new IllegalStateException("room beyond an admission's worst case is asked during code(), on the thread"
            + " that codes the admission (CodingSession.Room), not on a thread of the coder's own");
      }
      extending++;
      notifyAll();
      try {
        while (max > 0 && spent + reserved + amount > max) {
          if (holders - extending <= 0 || spent >= max) {
            return false;
          }
          wait();
        }
        reserved += amount;
        mine[0] += amount;
        return true;
      } finally {
        extending--;
      }
    }

    /** Replaces a reservation made by {@link #reserve} (once per admission that started) with what it cost. */
    synchronized void settle(double reservation, double cost) {
      double[] more = extended.get();
      extended.remove();
      reserved = --holders == 0 ? 0 : reserved - reservation - (more == null ? 0 : more[0]);
      spent += cost;
      notifyAll();
    }

    synchronized double sum() {
      return spent;
    }
  }

  /** Codes one admission; any exception becomes this admission's recorded failure. */
  static PredictionLog.Entry codeOne(Coder coder, CodeSystem system, Admission admission) {
    long start = System.nanoTime();
    try {
      CoderResult result = coder.code(admission);
      if (result == null) {
        result = CoderResult.empty();
      }
      List<CodeSuggestion> codes;
      try {
        codes = CodeSuggestion.canonical(result.codes(), system);
      } catch (CodeSuggestion.MalformedCode e) { // the answer came (and may have been paid for): its usage counts
        return malformed(admission, e, start, result.usage());
      }
      return new PredictionLog.Entry(admission.id(), "ok", codes, null, null, millis(start), result.usage(),
          result.annotations());
    } catch (CoderStoppedException e) {
      throw e;
    } catch (CoderException e) {
      return new PredictionLog.Entry(admission.id(), "failed", List.of(), e.kind(), String.valueOf(e.getMessage()),
          millis(start), e.usage(), Map.of());
    } catch (CodeSuggestion.MalformedCode e) { // a member's answer, in an ensemble
      return malformed(admission, e, start, null);
    } catch (Exception | StackOverflowError | AssertionError e) {
      return new PredictionLog.Entry(admission.id(), "failed", List.of(), e.getClass().getSimpleName(),
          String.valueOf(e.getMessage()), millis(start));
    } catch (LinkageError e) { // a plug-in jar without a library its coding needs
      return new PredictionLog.Entry(admission.id(), "failed", List.of(), e.getClass().getSimpleName(),
          CoderRegistry.why(e) + "; " + CoderRegistry.jarsHint(e, "the coder"),
          millis(start));
    }
  }

  /** An answer holding a code that is no code as written: the admission's failure, never another code. */
  private static PredictionLog.Entry malformed(Admission admission, CodeSuggestion.MalformedCode e, long start,
      CoderResult.Usage usage) {
    return new PredictionLog.Entry(admission.id(), "failed", List.of(), CoderException.MALFORMED, e.getMessage(),
        millis(start), usage, Map.of());
  }

  private static long millis(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static CoderOutcome outcome(RunConfig.CoderConfig config, Map<String, String> parameters, List<Admission> admissions,
      Map<String, PredictionLog.Entry> done, String unavailable, long startMillis, long codingMillis, boolean budgetReached,
      Map<String, String> facts, Stop stopped) {
    LogTally tally = LogTally.of(admissions, done);
    return new CoderOutcome(config.id(), config.name(), parameters, admissions.size(), tally.answered(), tally.empty(),
        tally.failed(), tally.failuresByKind(), tally.predictions(), unavailable, startMillis, codingMillis, tally.usage(),
        budgetReached, facts, stopped, tally.servedModels(), tally.fingerprints(), tally.failedIds());
  }

}
