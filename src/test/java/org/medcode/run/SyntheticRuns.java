package org.medcode.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.medcode.coder.RunListener;
import org.medcode.run.workspace.Workspace;

/**
 * The set-up the run tests of trained coders share: a {@link Medcode} on a temporary workspace with a fixed clock, and
 * a run config over synthetic JSONL files ({@link org.medcode.coder.ml.Synthetic}).
 */
final class SyntheticRuns {
  private SyntheticRuns() {}

  /** A facade on {@code folder} (data, results, and the cache under data unless {@code cache} is given). */
  static Medcode medcode(Path folder, Path cache, RunListener listener) {
    Clock clock = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    return new Medcode(cache == null
        ? new Workspace(folder, folder.resolve("data"), folder.resolve("results"), null, false, clock, listener)
        : new Workspace(folder, folder.resolve("data"), folder.resolve("results"), null, cache, false, clock, listener));
  }

  /**
   * Writes a config named {@code name} that evaluates {@code evaluated} with {@code table}, trains on {@code training}
   * (none when null), and lists {@code coders} (each a flow mapping, e.g. {@code { name: ml-knn }}).
   */
  static Path config(Path file, String name, Path evaluated, Path table, Path training, List<String> coders,
      String metrics, int seed) throws IOException {
    List<String> lines = new ArrayList<>(List.of(
        "name: " + name,
        "dataset: { spec: \"jsonl:" + evaluated + "\" }",
        "codeSystem: { system: icd10cm, table: \"" + table + "\" }"));
    if (training != null) {
      lines.add("training: { spec: \"jsonl:" + training + "\" }");
    }
    lines.add("coders:");
    coders.forEach(coder -> lines.add("  - " + coder));
    lines.add("metrics: " + metrics);
    lines.add("seed: " + seed);
    lines.add("");
    Files.createDirectories(file.getParent());
    return Files.writeString(file, String.join("\n", lines));
  }

  /** A coder's exact micro F1 in a run's summary.csv. */
  static double microF1(Path summary, String coder) throws IOException {
    for (String line : Files.readAllLines(summary)) {
      String[] f = line.split(",");
      if (f[0].equals(coder) && f[1].equals("exact") && f[2].equals("micro") && f[3].equals("f1")) {
        return Double.parseDouble(f[4]);
      }
    }
    throw new AssertionError("no exact micro f1 for " + coder + " in " + Files.readString(summary));
  }
}
