package org.medcode.coder;

import java.util.List;
import java.util.Map;
import org.medcode.dataset.Admission;

/**
 * Assigns codes to one admission at a time. A coder is created configured (see {@link CoderFactory}) and may be
 * called from several threads at once when {@link #threadSafe()} says so. An exception thrown for one admission is
 * recorded as that admission's failure; the run goes on.
 */
public interface Coder {

  /** Ranked codes for the admission, best first; an empty list means "no code". */
  CoderResult code(Admission admission) throws Exception;

  /** Whether {@link #code} may be called concurrently. */
  default boolean threadSafe() {
    return true;
  }

  /**
   * How many admissions this coder wants in flight at once (e.g. an LLM coder's request concurrency); 0 = the run's
   * {@code threads} setting. Ignored when the coder is not {@link #threadSafe()}.
   */
  default int concurrency() {
    return 0;
  }

  /**
   * Called once per session right after the coder is created and before {@link #open}, with every admission of the
   * run, those coded in earlier sessions included: a coder that brings answers of its own (a predictions file) can say
   * which of them match no admission.
   */
  default void dataset(List<Admission> admissions) {}

  /**
   * Called once per session before {@link #open} with the coder's own folder in the run folder, so that what it keeps
   * there (e.g. its workers' log) is written also when it cannot start. Does nothing by default.
   */
  default void folder(java.nio.file.Path folder) throws java.io.IOException {}

  /**
   * Called once per session right after the coder is created, with the admissions the run will ask for, and timed as
   * its start-up: sets up what coding them needs (e.g. an HTTP client, when the cache does not answer them all).
   */
  default void open(List<Admission> pending) throws Exception {}

  /**
   * Called once per session before the first {@link #code}, with every admission the run will ask for, in order: a coder
   * that answers many admissions at once (a provider's batch API) sends and collects them here. Returns the admissions
   * it can now answer, in order; the rest were held back by the budget and are not asked for (a resumed run with a
   * larger budget asks again). By default every admission.
   */
  default List<Admission> prepare(List<Admission> pending, CodingSession session) throws Exception {
    return pending;
  }

  /**
   * What preparing each admission ({@link #prepare} with this session) would commit before it is coded, in order: e.g. a
   * batch request submitted, at its worst case, which coding the admission then charges; 0 for coders that pay as they
   * code (the default). An ensemble asks its members before preparing any of them, so that together they commit only to
   * admissions its budget can then code. Only asked when the run has a budget.
   */
  default double[] commitments(List<Admission> pending, CodingSession session) throws Exception {
    return new double[pending.size()];
  }

  /**
   * The most coding this admission may cost (in USD), reserved against a run's cost budget
   * before the admission starts, so that the requests in flight together can never spend past the budget; 0 for coders
   * that do not pay per admission. Only asked when the run has a budget.
   */
  default double worstCaseCost(Admission admission) throws Exception {
    return 0;
  }

  /**
   * Called once its caller is done with an admission whose {@link #worstCaseCost} it asked: coded, failed, or never
   * coded (the budget had no room for it): frees what that kept for coding it. Does nothing by default.
   */
  default void release(Admission admission) {}

  /**
   * The other coders of the run that this one asks for answers of theirs (an ensemble's members), whose requests it may
   * cause; none by default.
   */
  default List<Coder> members() {
    return List.of();
  }

  /**
   * Facts about this configured coder that belong in the run's manifest (e.g. the price it charges and when that price
   * was checked, or that it has none), read after it coded; empty by default.
   */
  default Map<String, String> facts() {
    return Map.of();
  }

  /**
   * Called once when the run no longer needs the coder (after every coder of the run coded, or when the run stops):
   * releases what it holds outside the JVM's memory (e.g. worker processes). Does nothing by default.
   */
  default void close() {}
}
