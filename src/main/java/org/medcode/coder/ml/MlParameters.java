package org.medcode.coder.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.medcode.MedcodeException;
import org.medcode.coder.CoderParameter.Type;
import org.medcode.coder.CoderParameter;
import org.medcode.coder.Trainable;
import org.medcode.coder.training.FeatureSettings;
import org.medcode.coder.training.ThresholdTuner;

/** The parameters of the ml-* coders, their defaults, and how they become settings (errors name coder and parameter). */
public final class MlParameters {
  /**
   * From this many training admissions on, {@code char-ngrams=auto} means off: character n-grams multiply the features
   * of an admission about tenfold, and so the training time of ml-linear and the postings ml-knn adds up per
   * admission, while with that much text word n-grams carry the signal.
   */
  public static final int AUTO_CHAR_NGRAMS_BELOW = 10_000;

  private MlParameters() {}

  public static List<CoderParameter> declared(ModelKind kind) {
    List<CoderParameter> list = new ArrayList<>();
    list.add(new CoderParameter(Trainable.MODEL, "a model folder written by medcode train (empty: train on the run's training split,"
        + " cached in the cache folder; the other parameters then apply)", "", Type.TEXT));
    list.add(new CoderParameter("word-ngrams", "word n-grams from 1 to this many words", "2", Type.INTEGER));
    list.add(new CoderParameter("char-ngrams", "character n-grams inside words: MIN-MAX, off, or auto (3-5 below "
        + String.format(Locale.ROOT, "%,d", AUTO_CHAR_NGRAMS_BELOW) + " training admissions, off from there on)", "auto",
        Type.TEXT));
    list.add(new CoderParameter("min-df", "keep terms seen in at least this many training admissions", "2", Type.INTEGER));
    list.add(new CoderParameter("max-features", "keep at most this many terms (the most frequent)", "50000", Type.INTEGER));
    list.add(new CoderParameter("min-count", "learn codes assigned in at least this many training admissions",
        kind == ModelKind.LINEAR ? "2" : "1", Type.INTEGER));
    if (kind == ModelKind.LINEAR) {
      list.add(new CoderParameter("epochs", "passes of stochastic gradient descent", "10", Type.INTEGER));
      list.add(new CoderParameter("learning-rate", "initial SGD step (divided by sqrt(1 + epoch))", "0.5", Type.DECIMAL));
      list.add(new CoderParameter("l2", "L2 regularisation strength", "0.000001", Type.DECIMAL));
      list.add(new CoderParameter("positive-weight", "weight of a code's positive examples in its loss", "1", Type.DECIMAL));
      list.add(new CoderParameter("min-weight", "drop weights smaller than this in absolute value", "0.01", Type.DECIMAL));
    } else {
      list.add(new CoderParameter("k", "how many nearest training admissions vote", "20", Type.INTEGER));
    }
    list.add(new CoderParameter("validation", "share of the training split (by patient, seeded) held out to tune thresholds",
        "0.2", Type.DECIMAL));
    list.add(new CoderParameter("thresholds", "global, or per-code (codes with per-code-min validation positives get their own)",
        "global", Type.CHOICE));
    list.add(new CoderParameter("per-code-min", "validation positives a code needs for its own threshold", "3", Type.INTEGER));
    list.add(new CoderParameter("max-codes", "at most this many codes per admission", "30", Type.INTEGER));
    list.add(new CoderParameter("refit", "after tuning thresholds, fit again on the whole training split", "true", Type.BOOLEAN));
    return List.copyOf(list);
  }

  /** Settings parsed from resolved parameters. */
  record Parsed(FeatureSettings features, int minCount, LogisticRegression.Settings linear, int k, double validation,
      ThresholdTuner.Mode mode, int perCodeMin, int maxCodes, boolean refit) {}

  /** @param trainingAdmissions how many admissions the model learns from (all of the training split) */
  static Parsed parse(ModelKind kind, Map<String, String> p, int trainingAdmissions) {
    String coder = kind.label();
    String chars = p.get("char-ngrams").trim().toLowerCase(Locale.ROOT);
    if (chars.equals("auto")) {
      chars = trainingAdmissions < AUTO_CHAR_NGRAMS_BELOW ? "3-5" : "off";
    }
    int charMin = 0;
    int charMax = 0;
    if (!chars.equals("off")) {
      String[] range = chars.split("-", -1); // "3-" is no range: its empty MAX is refused, not read as 3-3
      try {
        charMin = Integer.parseInt(range[0].trim());
        charMax = Integer.parseInt(range[range.length - 1].trim());
      } catch (NumberFormatException e) {
        throw bad(coder, "char-ngrams", "MIN-MAX (e.g. 3-5), off or auto", chars);
      }
      if (range.length > 2 || charMin < 1 || charMax < charMin) {
        throw bad(coder, "char-ngrams", "MIN-MAX with 1 <= MIN <= MAX, off or auto", chars);
      }
    }
    FeatureSettings features = new FeatureSettings(atLeast(coder, p, "word-ngrams", 1), charMin, charMax,
        atLeast(coder, p, "min-df", 1), atLeast(coder, p, "max-features", 1));
    LogisticRegression.Settings linear = null;
    int k = 0;
    if (kind == ModelKind.LINEAR) {
      double rate = positive(coder, p, "learning-rate");
      double positiveWeight = positive(coder, p, "positive-weight");
      double l2 = decimal(p, "l2");
      double minWeight = decimal(p, "min-weight");
      if (l2 < 0 || l2 * rate >= 1) {
        throw bad(coder, "l2", "at least 0 and less than 1 / learning-rate", p.get("l2"));
      }
      if (minWeight < 0) {
        throw bad(coder, "min-weight", "at least 0", p.get("min-weight"));
      }
      linear = new LogisticRegression.Settings(atLeast(coder, p, "epochs", 1), rate, l2, positiveWeight, minWeight);
    } else {
      k = atLeast(coder, p, "k", 1);
    }
    double validation = decimal(p, "validation");
    if (validation < 0 || validation >= 1) {
      throw bad(coder, "validation", "at least 0 and below 1", p.get("validation"));
    }
    ThresholdTuner.Mode mode = switch (p.get("thresholds").trim().toLowerCase(Locale.ROOT)) {
      case "global" -> ThresholdTuner.Mode.GLOBAL;
      case "per-code" -> ThresholdTuner.Mode.PER_CODE;
      default -> throw bad(coder, "thresholds", "global or per-code", p.get("thresholds"));
    };
    return new Parsed(features, atLeast(coder, p, "min-count", 1), linear, k, validation, mode,
        atLeast(coder, p, "per-code-min", 1), atLeast(coder, p, "max-codes", 1), Boolean.parseBoolean(p.get("refit").trim()));
  }

  private static int atLeast(String coder, Map<String, String> p, String name, int min) {
    int value = Integer.parseInt(p.get(name).trim());
    if (value < min) {
      throw bad(coder, name, "at least " + min, p.get(name));
    }
    return value;
  }

  private static double positive(String coder, Map<String, String> p, String name) {
    double value = decimal(p, name);
    if (!(value > 0)) {
      throw bad(coder, name, "above 0", p.get(name));
    }
    return value;
  }

  private static double decimal(Map<String, String> p, String name) {
    return Double.parseDouble(p.get(name).trim());
  }

  private static MedcodeException bad(String coder, String name, String expected, String got) {
    return new MedcodeException("coder " + coder + ": parameter '" + name + "' must be " + expected + ", got '" + got + "'");
  }
}
