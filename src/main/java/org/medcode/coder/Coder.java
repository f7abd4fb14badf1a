package org.medcode.coder;

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
   * Facts about this configured coder that belong in the run's manifest (e.g. the price it charges and when that price
   * was checked, or that it has none), read after it coded; empty by default.
   */
  default Map<String, String> facts() {
    return Map.of();
  }
}
