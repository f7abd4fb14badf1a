package org.medcode.codesystem;

import java.util.Optional;
import java.util.Set;

/**
 * What every code system shares: its {@link Levels}, the exact level (a code is its own ancestor there) and levels it
 * does not define (no ancestor). Subclasses give the ancestors of the levels they define.
 */
abstract class LeveledCodeSystem implements CodeSystem {

  /** The levels this system defines, with their names. */
  protected abstract Levels levels();

  /** The ancestor at a level this system defines other than {@link Granularity#EXACT}; see {@link #ancestor}. */
  protected abstract Optional<String> coarseAncestor(String code, Granularity granularity);

  @Override
  public final Set<Granularity> granularities() {
    return levels().granularities();
  }

  @Override
  public final String levelName(Granularity granularity) {
    return levels().name(granularity);
  }

  @Override
  public final Optional<String> ancestor(String code, Granularity granularity) {
    if (granularity == Granularity.EXACT) {
      return Optional.of(code);
    }
    return levels().defines(granularity) ? coarseAncestor(code, granularity) : Optional.empty();
  }

  /** Undotted systems show the canonical form. */
  @Override
  public String display(String code) {
    return code;
  }
}
