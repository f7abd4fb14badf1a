package org.medcode.codesystem;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/** The levels one code system defines, with their human names ("code", "root operation", ...). */
final class Levels {
  private final CodeSystemId system;
  private final Map<Granularity, String> names;

  private Levels(CodeSystemId system, Map<Granularity, String> names) {
    this.system = system;
    this.names = names;
  }

  /** {@code names} are given for CATEGORY, BLOCK and CHAPTER in that order; null means the level is not defined. */
  static Levels of(CodeSystemId system, String category, String block, String chapter) {
    Map<Granularity, String> names = new EnumMap<>(Granularity.class);
    names.put(Granularity.EXACT, "code");
    if (category != null) {
      names.put(Granularity.CATEGORY, category);
    }
    if (block != null) {
      names.put(Granularity.BLOCK, block);
    }
    if (chapter != null) {
      names.put(Granularity.CHAPTER, chapter);
    }
    return new Levels(system, Collections.unmodifiableMap(names));
  }

  Set<Granularity> granularities() {
    return names.keySet();
  }

  boolean defines(Granularity granularity) {
    return names.containsKey(granularity);
  }

  String name(Granularity granularity) {
    String name = names.get(granularity);
    if (name == null) {
      throw new IllegalArgumentException(system.label() + " defines no " + granularity.label() + " level; its levels are "
          + names.keySet().stream().map(Granularity::label).toList());
    }
    return name;
  }
}
