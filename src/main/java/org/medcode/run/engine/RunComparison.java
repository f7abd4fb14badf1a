package org.medcode.run.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.medcode.Launcher;
import org.medcode.MedcodeException;
import org.medcode.Plural;
import org.medcode.dataset.Admission;
import org.medcode.gate.Gate;
import org.medcode.eval.EvalOptions;
import org.medcode.eval.Paired;
import org.medcode.eval.PairedComparison;

/**
 * Pairs coders of two stored runs (or two coders of one run) and compares each pair on the admissions both coders
 * answered (a failure counts as an answer: an empty one). Both runs must have scored the same data with the same code
 * table, invalid-code policy and population; levels, resamples and seed are run A's, and the confidence level the one
 * both runs' intervals are at (runs at different levels are compared only at a level the user chooses).
 */
public final class RunComparison {
  private RunComparison() {}

  /**
   * Refuses an {@code --out} that holds a run: compare's files among the run's would be taken for the run's own, and
   * {@code report} and {@code table} know nothing of them.
   */
  public static void refuseRunFolder(Path out) {
    if (out != null && Files.exists(out.resolve("manifest.json"))) {
      throw new MedcodeException("--out " + out + " holds a run (its manifest.json); compare writes its files into a"
          + " folder of its own: choose another --out, or none for results/<stamp>_compare");
    }
  }

  /**
   * Compares coder {@code coderB} of run {@code b} with coder {@code coderA} of run {@code a} ({@code b} may be
   * {@code a}). A null coder means: every coder id the two runs share, or the only coder of each.
   * {@code runA}/{@code runB} are the folders as the user named them (for messages); {@code confidence} the level of
   * the paired intervals, null for the runs' own.
   */
  public static List<PairedComparison> compare(StoredRun a, StoredRun b, Path runA, Path runB, String coderA,
      String coderB, int permutations, Double confidence) {
    String otherTexts = null;
    if (!a.dataset().fingerprint().equals(b.dataset().fingerprint())) {
      String differs = differentCases(a.dataset(), b.dataset());
      if (differs != null) {
        throw new MedcodeException("the runs scored different data (" + a.dataset().spec() + " fingerprint "
            + a.dataset().fingerprint() + " vs " + b.dataset().spec() + " fingerprint " + b.dataset().fingerprint()
            + "): a paired comparison needs the same admissions with the same gold codes, and " + differs);
      }
      otherTexts = "the runs read different notes (" + a.dataset().spec() + " vs " + b.dataset().spec() + ") of the"
          + " same admissions with the same gold codes, e.g. a translation: the difference measures the notes as well"
          + " as the coders";
    }
    if (!a.table().describe().equals(b.table().describe()) || a.options().invalid() != b.options().invalid()) {
      throw new MedcodeException("the runs used different code tables or invalid-code policies (" + a.table().describe()
          + ", " + a.options().invalid().label() + " vs " + b.table().describe() + ", " + b.options().invalid().label()
          + "); rerun one of them so both are scored alike");
    }
    if (!a.table().sameCodes(b.table())) { // tables of your own of one file name and size are described alike
      throw new MedcodeException("the runs used different code tables: both are " + a.table().describe() + ", but with"
          + " other codes or billable flags (a table of your own, two files of one name); rerun one of them with the"
          + " other's table so both are scored alike");
    }
    if (a.options().population() != b.options().population()) {
      throw new MedcodeException("the runs scored different populations (" + a.options().population().label() + " vs "
          + b.options().population().label() + "): a paired comparison needs the same admissions; rerun one of them with"
          + " the other's metrics.population");
    }
    EvalOptions options = options(a, b, runA, runB, confidence);
    List<String[]> pairs = new ArrayList<>();
    if (coderA != null || coderB != null) {
      String ca = coderA != null ? coderA : coderB;
      String cb = coderB != null ? coderB : coderA;
      pairs.add(new String[] {ca, cb});
    } else {
      for (StoredRun.Coder coder : a.coders()) {
        if (a != b && b.coder(coder.id()).isPresent()) {
          pairs.add(new String[] {coder.id(), coder.id()});
        }
      }
      if (pairs.isEmpty() && a != b && a.coders().size() == 1 && b.coders().size() == 1) {
        pairs.add(new String[] {a.coders().get(0).id(), b.coders().get(0).id()});
      }
      if (pairs.isEmpty()) {
        throw new MedcodeException("no coder to compare: name them with --coder-a and --coder-b (run A has "
            + a.coderIds() + ", run B " + b.coderIds() + ")");
      }
    }
    List<PairedComparison> comparisons = new ArrayList<>();
    for (String[] pair : pairs) {
      StoredRun.Coder ca = a.coder(pair[0]).orElseThrow(() -> new MedcodeException("run " + runA + " has no coder '"
          + pair[0] + "'; it has " + a.coderIds()));
      StoredRun.Coder cb = b.coder(pair[1]).orElseThrow(() -> new MedcodeException("run " + runB + " has no coder '"
          + pair[1] + "'; it has " + b.coderIds()));
      for (Object[] side : new Object[][] {{ca, runA, a}, {cb, runB, b}}) {
        StoredRun.Coder coder = (StoredRun.Coder) side[0];
        int admissions = ((StoredRun) side[2]).dataset().admissions().size();
        if (coder.answered() == 0 && admissions > 0) { // as a gate or the table: not measured, never a coder of zeros
          throw new MedcodeException("coder " + coder.id() + " of " + side[1] + " answered none of its "
              + Plural.of(admissions, "admission") + " (" + coder.failed() + " failed" + (coder.unavailable() != null ? "; unavailable: "
                  + coder.unavailable() : "") + "): it was not measured, so there is nothing to compare; fix the cause,"
              + " then " + Launcher.command() + " run --resume " + side[1] + " --retry-failed");
        }
      }
      String labelA = (a == b ? "" : a.folder().getFileName() + "/") + ca.id();
      String labelB = (a == b ? "" : b.folder().getFileName() + "/") + cb.id();
      List<Admission> all = a.dataset().admissions();
      List<Admission> shared = all.stream()
          .filter(x -> ca.predictions().containsKey(x.id()) && cb.predictions().containsKey(x.id())).toList();
      PairedComparison comparison = Paired.compare(labelA, labelB, shared, ca.predictions(), cb.predictions(), a.table(),
          options, permutations);
      long failedA = shared.stream().filter(x -> ca.failedIds().contains(x.id())).count();
      long failedB = shared.stream().filter(x -> cb.failedIds().contains(x.id())).count();
      if (otherTexts != null) {
        comparison = comparison.withNote(otherTexts);
      }
      if (failedA + failedB > 0) {
        comparison = comparison.withNote("failed admissions among those compared (" + labelA + ": " + failedA + ", "
            + labelB + ": " + failedB + ") count as empty predictions, as in each coder's own metrics");
      }
      if (shared.size() < all.size()) {
        comparison = comparison.withNote("compared on the " + shared.size() + " of " + Plural.of(all.size(), "admission") + " both "
            + "coders answered (a run stopped early leaves the rest uncoded; they are left out, not scored as empty)");
      }
      if (options.bootstrap() > 0 && (a.options().bootstrap() != b.options().bootstrap()
          || a.options().seed() != b.options().seed())) {
        comparison = comparison.withNote("paired resamples as run A's metrics: " + options.bootstrap() + ", seed "
            + options.seed() + " (" + labelB + "'s own: " + b.options().bootstrap() + ", seed " + b.options().seed() + ")");
      }
      if (confidence != null && options.bootstrap() > 0 && (options.confidence() != a.options().confidence()
          || options.confidence() != b.options().confidence())) {
        comparison = comparison.withNote("intervals at " + Gate.percent(options.confidence()) + " (--confidence); the"
            + " runs' own are at " + Gate.percent(a.options().confidence()) + " (" + labelA + ") and "
            + Gate.percent(b.options().confidence()) + " (" + labelB + ")");
      }
      comparisons.add(comparison);
    }
    return comparisons;
  }

  /**
   * Why two datasets of different fingerprints are not the same cases (null when they are): the same admission ids in
   * the same order, each with the same patient and the same gold codes (code, system, order and principal mark; not
   * the evidence spans, which point into each text). What may differ is the notes, as between CodiEsp's Spanish
   * originals and their English translation.
   */
  static String differentCases(org.medcode.dataset.Dataset a, org.medcode.dataset.Dataset b) {
    List<Admission> left = a.admissions();
    List<Admission> right = b.admissions();
    if (left.size() != right.size()) {
      return "run A's has " + Plural.of(left.size(), "admission") + ", run B's " + right.size();
    }
    for (int i = 0; i < left.size(); i++) {
      Admission x = left.get(i);
      Admission y = right.get(i);
      if (!x.id().equals(y.id()) || !x.patientKey().equals(y.patientKey())) {
        return "admission " + (i + 1) + " is " + x.id() + " (patient " + x.patientKey() + ") in run A's and " + y.id()
            + " (patient " + y.patientKey() + ") in run B's";
      }
      if (!gold(x).equals(gold(y))) {
        return "admission " + x.id() + " has other gold codes in run B's (" + written(x) + " vs " + written(y) + ")";
      }
    }
    return null;
  }

  private static List<String> written(Admission admission) {
    return admission.codes().stream().map(org.medcode.dataset.GoldCode::raw).toList();
  }

  private static List<String> gold(Admission admission) {
    return admission.codes().stream().map(g -> g.system() + ":" + g.code() + (g.primary() ? "!" : "")
        + (g.sequence() == null ? "" : "#" + g.sequence())).toList();
  }

  /**
   * Run A's options at the comparison's confidence level: {@code confidence} when given, else the level both runs'
   * intervals are at. Runs with intervals at different levels are refused without one: the level of A alone would pass
   * for B's too, and a table of the differences would not say whose it is.
   */
  private static EvalOptions options(StoredRun a, StoredRun b, Path runA, Path runB, Double confidence) {
    EvalOptions options = a.options();
    double levelA = options.confidence();
    double levelB = b.options().confidence();
    if (confidence == null && levelA != levelB && options.bootstrap() > 0 && b.options().bootstrap() > 0) {
      throw new MedcodeException("the runs' intervals are at different confidence levels (" + Gate.percent(levelA)
          + " in " + runA + ", " + Gate.percent(levelB) + " in " + runB + ": metrics.confidence); a comparison's"
          + " intervals are at one level: choose it with --confidence (e.g. --confidence " + levelA + ")");
    }
    return options.withConfidence(confidence != null ? confidence : levelA);
  }
}
