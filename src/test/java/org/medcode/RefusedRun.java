package org.medcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.medcode.cli.MedcodeCommand;
import picocli.CommandLine;

/** A config that a run must refuse before any coder starts: {@code run --dry-run} and {@code run} both exit 2 and write nothing. */
public final class RefusedRun {
  /** The secret a refused config carries, which no output may repeat. */
  public static final String SECRET = "s3cr3t";

  private RefusedRun() {}

  /**
   * A run of one admission by {@code coders} (a YAML list) under {@code temp}, with and without {@code --dry-run}:
   * refused for {@code reason}, and neither output repeats {@link #SECRET}.
   */
  public static void assertRefused(Path temp, String coders, String reason) throws IOException {
    String text = outputOf(TinyData.write(temp, new String[][] {{"I10"}}, 1, i -> "Hypertension.", coders, 0), temp);
    assertTrue(text.contains(reason), text);
    assertFalse(text.contains(SECRET), text);
  }

  /** Runs {@code config} with and without {@code --dry-run} (folders under {@code temp}); returns both runs' output and errors. */
  public static String outputOf(Path config, Path temp) throws IOException {
    StringBuilder text = new StringBuilder();
    for (boolean dryRun : new boolean[] {true, false}) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cli = MedcodeCommand.commandLine();
      cli.setOut(new PrintWriter(out));
      cli.setErr(new PrintWriter(err));
      List<String> args = new ArrayList<>(List.of("run", config.toString(), "--data-dir", temp.resolve("data").toString(),
          "--no-pull", "--results-dir", temp.resolve("results").toString(), "--cache-dir", temp.resolve("cache").toString()));
      if (dryRun) {
        args.add("--dry-run");
      }
      assertEquals(2, cli.execute(args.toArray(String[]::new)), out + "\n" + err);
      if (Files.exists(temp.resolve("results"))) {
        try (var files = Files.walk(temp.resolve("results"))) {
          assertEquals(List.of(), files.filter(Files::isRegularFile).toList(), "a refused run writes no run folder");
        }
      }
      text.append(out).append('\n').append(err).append('\n');
    }
    return text.toString();
  }
}
