package org.medcode.coder.rules;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.medcode.MedcodeException;
import org.medcode.codesystem.CodeTable;

/**
 * Combination codes built from co-occurring candidates ({@code configs/rules/combinations.tsv}): when an admission has a
 * candidate code for every part of a rule ("I10" and "N18"), the rule's code ("I12.9, hypertensive chronic kidney
 * disease") becomes a candidate too, found by the parts' evidence, with the rule's confidence (counted on the training
 * split out of fold). The parts stay candidates: the scorer decides about each. Rules whose code is not in the table are
 * left out. Immutable.
 */
final class Combinations {
  /** One rule: its parts (each a list of alternative code prefixes), its code, and its confidence. */
  record Rule(List<List<String>> parts, String code, double confidence, int support) {
    Rule {
      parts = parts.stream().map(List::copyOf).toList();
    }

    Rule calibrated(int fires, int hits) {
      return new Rule(parts, code, (hits + PRIOR * PRIOR_WEIGHT) / (fires + PRIOR_WEIGHT), fires);
    }

    /** The candidates (codes other than the rule's) that match each part, or null when a part has none. */
    List<String> match(Map<String, Candidates.Found> found) {
      List<String> matched = new ArrayList<>();
      for (List<String> part : parts) {
        String hit = null;
        for (String code : found.keySet()) {
          if (!code.equals(this.code) && part.stream().anyMatch(code::startsWith)) {
            hit = code;
            break;
          }
        }
        if (hit == null) {
          return null;
        }
        matched.add(hit);
      }
      return matched;
    }

    String label() {
      return String.join(" + ", parts.stream().map(p -> String.join("|", p)).toList());
    }
  }

  static final double PRIOR = 0.5;
  static final double PRIOR_WEIGHT = 2.0;
  static final Combinations NONE = new Combinations(List.of());

  private final List<Rule> rules;

  Combinations(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  static Combinations load(Path rulesDir, CodeTable table) {
    List<Rule> rules = new ArrayList<>();
    for (String[] row : RulesResources.rows(rulesDir.resolve("combinations.tsv"), 2, Combinations::problem)) {
      List<List<String>> parts = new ArrayList<>();
      for (String part : row[0].split("\\+")) {
        List<String> alternatives = new ArrayList<>();
        for (String code : part.split("\\|")) {
          if (!code.isBlank()) {
            alternatives.add(table.system().normalize(code.trim()));
          }
        }
        if (alternatives.isEmpty()) {
          throw new MedcodeException("coder rules: combinations.tsv: empty part in '" + row[0] + "'");
        }
        parts.add(alternatives);
      }
      String code = table.system().normalize(row[1]);
      if (parts.size() >= 2 && table.entry(code).isPresent()) {
        rules.add(new Rule(parts, code, PRIOR, 0));
      }
    }
    return new Combinations(rules);
  }

  /**
   * What is wrong with a row of combinations.tsv, or null: at least two parts joined by {@code +}, each part codes
   * joined by {@code |}, and a combination code (a code absent from the run's table is skipped: tables differ by year).
   */
  private static String problem(String[] row) {
    String[] parts = row[0].split("\\+", -1);
    if (parts.length < 2) {
      return "'" + row[0] + "' has " + parts.length + " part; a combination needs at least two, joined by +";
    }
    for (String part : parts) {
      for (String code : part.split("\\|", -1)) {
        if (!CODE.matcher(code.strip()).matches()) {
          return "'" + code.strip() + "' in '" + row[0] + "' is not a code (or code prefix)";
        }
      }
    }
    return CODE.matcher(row[1]).matches() ? null : "the combination code '" + row[1] + "' is not a code";
  }

  /** A code or code prefix as written in combinations.tsv (with or without the dot). */
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.]*");

  List<Rule> rules() {
    return rules;
  }

  /** The same rules with other confidences, in order. */
  Combinations with(List<Rule> calibrated) {
    return new Combinations(calibrated);
  }

  /** Indexes of the rules that apply to these candidates (before any combination is added). */
  List<Integer> applying(Map<String, Candidates.Found> found) {
    List<Integer> out = new ArrayList<>();
    for (int r = 0; r < rules.size(); r++) {
      if (rules.get(r).match(found) != null) {
        out.add(r);
      }
    }
    return out;
  }

  /** Adds the combination candidates of the applying rules to {@code found}, rule confidences as given. */
  void apply(Map<String, Candidates.Found> found, List<Integer> applying, List<Rule> withConfidences) {
    for (int r : applying) {
      Rule rule = withConfidences.get(r);
      List<String> parts = rule.match(found);
      if (parts == null) {
        continue;
      }
      Candidates.Found combined = found.computeIfAbsent(rule.code(), c -> new Candidates.Found());
      LexiconEntry entry = new LexiconEntry(new int[0], rule.code(), rule.confidence(), rule.support(),
          LexiconEntry.Source.COMBINATION, 0, rule.label());
      combined.phrases.merge(entry, rule.confidence(), Math::max);
      combined.mentions++;
      for (String part : parts) {
        Candidates.Found from = found.get(part);
        for (var span : from.spans) {
          if (combined.spans.size() < Candidates.MAX_SPANS && !combined.spans.contains(span)) {
            combined.spans.add(span);
          }
        }
      }
    }
  }

  /** Adds the combination candidates with the rules' own confidences. */
  void apply(Map<String, Candidates.Found> found) {
    apply(found, applying(found), rules);
  }
}
