package org.medcode.coder.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.medcode.MedcodeException;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;

/**
 * How the codes of table phrases are written when ICD-10-CM requires a 7th character (injuries, poisonings and external
 * causes, chapters S, T, V-Y: "A" initial encounter, "D" subsequent, "S" sequela). The title lexicon proposes the
 * initial-encounter code ({@code S72.001A}), the table's default for a condition a note describes. Some corpora drop
 * the 7th character: CodiEsp's gold has none on any of its injury or external-cause codes ({@code S72.001},
 * {@code W19XXX}, {@code T14.90}), so there such codes are written without it, in the form the training gold uses.
 * {@code auto} follows the training split: without its 7th character when most of its gold codes of these chapters that
 * could carry one do not.
 */
final class SeventhCharacter {
  /** The two ways of writing such codes. */
  enum Convention { INITIAL, NONE }

  private static final String CHAPTERS = "STVWXY";
  private static final String ENCOUNTERS = "ABCDEFGHJKMNPQRS";

  private final Convention convention;
  private final CodeTable table;
  private final Set<String> trainingCodes;

  SeventhCharacter(Convention convention, CodeTable table, Set<String> trainingCodes) {
    this.convention = convention;
    this.table = table;
    this.trainingCodes = Set.copyOf(trainingCodes);
  }

  /** The convention a parameter value names; {@code auto} reads the training gold codes. */
  static Convention of(String value, Set<String> trainingCodes) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "initial" -> Convention.INITIAL;
      case "none" -> Convention.NONE;
      case "auto" -> {
        long with = trainingCodes.stream().filter(SeventhCharacter::hasEncounter).count();
        long without = trainingCodes.stream().filter(c -> !c.isEmpty() && CHAPTERS.indexOf(c.charAt(0)) >= 0 && c.length() < 7)
            .count();
        yield without > with ? Convention.NONE : Convention.INITIAL;
      }
      default -> throw new MedcodeException("coder rules: parameter 'seventh-character' must be auto, initial or none, got '"
          + value + "'");
    };
  }

  Convention convention() {
    return convention;
  }

  /** Whether a code carries an encounter 7th character (chapters S, T, V-Y). */
  static boolean hasEncounter(String code) {
    return code.length() == 7 && CHAPTERS.indexOf(code.charAt(0)) >= 0 && ENCOUNTERS.indexOf(code.charAt(6)) >= 0;
  }

  /**
   * The code written in the convention: unchanged for {@code INITIAL}; for {@code NONE} without its 7th character, then
   * without trailing X placeholders one by one, taking the first form the training gold uses, else the first the table
   * has, else the six-character form.
   */
  String write(String code) {
    if (convention == Convention.INITIAL || table.system().id() != CodeSystemId.ICD10CM || !hasEncounter(code)) {
      return code;
    }
    List<String> forms = new ArrayList<>();
    String form = code.substring(0, 6);
    forms.add(form);
    while (form.endsWith("X")) {
      form = form.substring(0, form.length() - 1);
      forms.add(form);
    }
    for (String candidate : forms) {
      if (trainingCodes.contains(candidate)) {
        return candidate;
      }
    }
    for (String candidate : forms) {
      if (table.entry(candidate).isPresent()) {
        return candidate;
      }
    }
    return forms.get(0);
  }
}
