package org.medcode.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medcode.Plural;
import org.medcode.coder.Trainable;
import org.medcode.eval.EvalOptions;
import org.medcode.run.Medcode;
import org.medcode.run.engine.TrainRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code medcode train}: trains a model folder that a run config loads with {@code model: FOLDER}. */
@Command(name = "train", header = "Trains a model folder for a coder that learns.", mixinStandardHelpOptions = true,
    description = {"Trains a coder's model on a dataset and writes a model folder (weights, vocabulary, label set, "
        + "thresholds, manifest). Use it in a run config with model: FOLDER. Thresholds are tuned on a "
        + "seeded validation part of the same dataset."})
final class TrainCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Option(names = "--dataset", required = true, paramLabel = "SPEC", description = "Training data, e.g. codiesp:train:en:D or jsonl:FILE.")
  String dataset;

  @Option(names = "--split", paramLabel = "SPLIT", description = "Replace the split of a codiesp dataset spec.")
  String split;

  @Option(names = "--coder", required = true, paramLabel = "NAME", description = "ml-linear, ml-knn or embed-retrieval.")
  String coder;

  @Option(names = "--param", paramLabel = "KEY=VALUE", description = "A coder parameter (repeatable), e.g. --param epochs=5.")
  Map<String, String> parameters = new LinkedHashMap<>();

  @Option(names = "--system", paramLabel = "SYSTEM", description = "Code system to learn when the dataset has several (e.g. icd10cm).")
  String system;

  @Option(names = "--year", paramLabel = "YEAR", description = "Code table year (default: 2018 for CodiEsp, else the newest).")
  String year;

  @Option(names = "--code-table", paramLabel = "FILE.csv", description = "Your own code table (code,description[,billable]) instead of the official one.")
  Path codeTable;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "" + EvalOptions.DEFAULT_SEED, description = "Seed of the validation carve and of SGD (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", paramLabel = "DIR", description = "Model folder (default: results/models/<UTC stamp>_<coder>_<dataset>).")
  Path out;

  @Override
  public Integer call() {
    Medcode medcode = MedcodeCommand.facade(global);
    Trainable.Trained outcome = medcode.train(new TrainRequest(dataset, split, coder.trim().toLowerCase(Locale.ROOT),
        parameters, system, year, codeTable, seed, out));
    var manifest = outcome.manifest();
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.printf(Locale.ROOT, "model        %s (%s)%n", manifest.kind(), outcome.folder());
    stdout.printf(Locale.ROOT, "trained on   %s: %s (%d fit, %d validation)%n", manifest.training().spec(),
        Plural.of(manifest.training().admissions(), "admission"), manifest.training().fitAdmissions(), manifest.training().validationAdmissions());
    stdout.printf(Locale.ROOT, "code system  %s %s: %s, %s%n", manifest.codeSystem().system(),
        manifest.codeSystem().tableVersion(), Plural.of(manifest.labels(), "label"), Plural.of(manifest.features(), "feature"));
    var thresholds = outcome.thresholds();
    if (Double.isNaN(thresholds.validationMicroF1())) { // nothing held out (validation=0, or too few admissions)
      stdout.printf(Locale.ROOT, "threshold    %.4f (global), fixed: no validation part to tune it on%n",
          thresholds.global());
    } else {
      stdout.printf(Locale.ROOT, "threshold    %.4f (global%s); validation micro F1 %.3f%n", thresholds.global(),
          thresholds.perCode().isEmpty() ? "" : "; " + Plural.grouped(thresholds.perCode().size(), "code")
              + " with their own", thresholds.validationMicroF1());
    }
    stdout.flush();
    return 0;
  }
}
