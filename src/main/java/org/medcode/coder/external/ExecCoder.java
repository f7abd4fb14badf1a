package org.medcode.coder.external;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.medcode.Launcher;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderException;
import org.medcode.coder.CoderResult;
import org.medcode.coder.CoderStoppedException;
import org.medcode.coder.CodingSession;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;

/**
 * The configured {@code exec} coder: its workers start (and shake hands) when the run opens it, each admission takes an
 * idle worker, and a worker that failed is replaced before it is put back (a replacement that cannot start is started
 * again by the next admission, which fails with kind {@code worker_start} if it cannot). The models the workers named
 * and the number of restarts are facts of the manifest.
 */
final class ExecCoder implements Coder {
  private final ExecCoderFactory.Settings settings;
  private final CodeTable table;
  private final CoderLog log = new CoderLog();
  private final BlockingQueue<Slot> idle = new LinkedBlockingQueue<>();
  private final List<Slot> slots = new java.util.concurrent.CopyOnWriteArrayList<>(); // read by the shutdown hook too
  private final Map<String, Boolean> models = new java.util.concurrent.ConcurrentHashMap<>();
  private final AtomicInteger restarts = new AtomicInteger();
  private volatile boolean closed;
  private volatile WorkerGuard guard = WorkerGuard.NONE;

  /** One worker place: its current worker, null after a failed start. */
  private static final class Slot {
    final int number;
    Worker worker;

    Slot(int number) {
      this.number = number;
    }
  }

  ExecCoder(ExecCoderFactory.Settings settings, CodeTable table) {
    this.settings = settings;
    this.table = table;
  }

  @Override
  public int concurrency() {
    return settings.workers();
  }

  /** Starts every worker; a worker that cannot start (or shake hands) stops the start-up with its reason. */
  @Override
  public void open(List<Admission> pending) throws Exception {
    if (!slots.isEmpty()) {
      return;
    }
    // a run ended by a signal (Ctrl-C, a CI job cancelled) stops its workers too, instead of leaving them running
    try {
      Runtime.getRuntime().addShutdownHook(shutdown);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // already shutting down, or already registered
    }
    // and a run killed outright (kill -9, out of memory) has its workers ended by the guard
    try {
      guard = WorkerGuard.start();
      log.line("exec", "guard pid " + guard.pid() + " ends the workers if medcode is killed without stopping them");
    } catch (java.io.IOException e) {
      log.line("exec", "no guard (" + e.getMessage() + "): a kill -9 of medcode leaves running the workers that do not"
          + " read their stdin");
    }
    for (int i = 1; i <= settings.workers(); i++) {
      Slot slot = new Slot(i);
      slots.add(slot);
      try {
        slot.worker = start(i);
      } catch (CoderException e) {
        close();
        throw new IllegalStateException("worker " + i + " of " + String.join(" ", settings.command()) + " did not start: "
            + e.getMessage(), e);
      }
      idle.add(slot);
    }
  }

  /** Its log goes into the coder's folder, before the workers start: a worker that cannot start leaves its stderr. */
  @Override
  public void folder(java.nio.file.Path folder) throws java.io.IOException {
    log.open(folder);
  }

  /** The log opens here when {@link #folder} was not called (an ensemble's member is prepared with its session). */
  @Override
  public List<Admission> prepare(List<Admission> pending, CodingSession session) throws Exception {
    log.open(session.folder());
    return pending;
  }

  private Worker start(int number) throws CoderException, InterruptedException {
    Worker worker = Worker.start(number, settings.command(), settings.directory(), Protocol.hello(table),
        settings.startTimeout(), log, guard);
    if (worker.model() != null) {
      models.put(worker.model(), true);
    }
    return worker;
  }

  @Override
  public CoderResult code(Admission admission) throws Exception {
    if (slots.isEmpty()) {
      open(List.of());
    }
    Slot slot = idle.take();
    try {
      for (int attempt = 1; ; attempt++) {
        if (slot.worker == null || slot.worker.dead()) {
          restarts.incrementAndGet();
          log.line("worker " + slot.number, "restarting");
          slot.worker = null;
          restart(slot);
        }
        String answer;
        try {
          answer = slot.worker.ask(Protocol.request(admission, table), admission.id(), settings.timeout());
        } catch (CoderException died) {
          // A worker that died before answering may never have read the request (it left right after its last answer):
          // the admission is asked once more of a restarted worker, and fails only if that one dies on it too.
          if (attempt == 1 && Worker.WORKER_DIED.equals(died.kind()) && !closed) {
            log.line("worker " + slot.number, "died before answering " + admission.id()
                + "; asking a restarted worker");
            continue;
          }
          throw died;
        }
        startFailures.set(0);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("worker", String.valueOf(slot.number));
        if (slot.worker.model() != null) {
          annotations.put("served_model", CoderResult.listAnnotation(List.of(slot.worker.model()))); // the model its hello named: mixed versions are counted
        }
        try {
          return Protocol.result(Protocol.parse(answer, admission.id()), admission.id(), annotations);
        } catch (CoderException refused) {
          throw slot.worker.refused(refused, answer);
        }
      }
    } finally {
      if (slot.worker != null && slot.worker.dead() && !closed) {
        slot.worker.stop();
        restarts.incrementAndGet();
        log.line("worker " + slot.number, "restarting after the failure of admission " + admission.id());
        try {
          slot.worker = start(slot.number);
        } catch (CoderException e) {
          slot.worker = null; // the next admission tries again, and fails with the reason if it cannot
          startFailures.incrementAndGet();
          log.line("worker " + slot.number, "could not restart: " + e.getMessage());
        }
      }
      idle.add(slot);
    }
  }

  /** Restarts made in a row that failed, with no answer since: two stop the coder. */
  private final AtomicInteger startFailures = new AtomicInteger();

  /**
   * Starts the slot's worker again; when that fails a second time in a row with no answer between, the coder stops
   * ({@link CoderStoppedException}) instead of making every remaining admission wait {@code startTimeout} in vain.
   */
  private void restart(Slot slot) throws CoderException, InterruptedException {
    try {
      slot.worker = start(slot.number);
    } catch (CoderException e) {
      if (startFailures.incrementAndGet() >= 2) {
        throw new CoderStoppedException("the exec coder's worker could not be started again (twice in a row, no answer"
            + " between): " + e.getMessage() + "; fix the command, then " + Launcher.WRITTEN + " run --resume RUN_DIR --retry-failed");
      }
      throw e;
    }
  }

  @Override
  public Map<String, String> facts() {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("protocol", Protocol.VERSION);
    facts.put("command", String.join(" ", settings.command()));
    if (!models.isEmpty()) {
      facts.put("model", String.join(", ", new TreeSet<>(models.keySet())));
    }
    facts.put("workers", String.valueOf(settings.workers()));
    facts.put("restarts", String.valueOf(restarts.get()));
    return facts;
  }

  /** Stops every worker (closing its stdin first, so a worker that reads to the end leaves by itself). */
  @Override
  public void close() {
    closed = true;
    stopWorkers();
    guard.close();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdown);
    } catch (IllegalStateException e) {
      // shutting down: the hook runs (and finds them stopped)
    }
    log.close();
  }

  private final Thread shutdown = new Thread(this::stopWorkers, "exec-coder-shutdown");

  private void stopWorkers() {
    for (Slot slot : slots) {
      Worker worker = slot.worker;
      if (worker != null) {
        worker.stop();
      }
    }
  }
}
