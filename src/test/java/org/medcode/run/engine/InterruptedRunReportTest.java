package org.medcode.run.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.TinyData;
import org.medcode.coder.RunListener;
import org.medcode.gate.CoderVerdict;
import org.medcode.run.Medcode;
import org.medcode.run.ReportSpec;
import org.medcode.run.RunRequest;
import org.medcode.run.gating.GateSpec;
import org.medcode.run.workspace.Workspace;

/**
 * A run killed while its first coder codes: {@code report} gives the second coder, which never started, a row that says
 * it was not measured (the README's promise for a coder that answered nothing), and {@code gate} names the coders that
 * have answers and how to continue.
 */
class InterruptedRunReportTest {
  @TempDir
  Path temp;

  @Test
  void aCoderThatNeverStartedIsReportedAsNotMeasured() throws Exception {
    Files.writeString(temp.resolve("a.tsv"), "A1\tI10\nA2\tE11.9\nA3\tI10\n");
    Files.writeString(temp.resolve("b.tsv"), "A1\tI10\n");
    Path config = TinyData.write(temp, new String[][] {{"I10"}, {"E11.9"}, {"I10"}}, 1, i -> "x",
        "[ { name: replay, id: a, file: \"" + temp.resolve("a.tsv") + "\" },"
            + " { name: replay, id: b, file: \"" + temp.resolve("b.tsv") + "\" } ]", 0);
    Medcode medcode = new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
        Clock.systemUTC(), RunListener.SILENT));
    Path out = temp.resolve("run");
    medcode.run(new RunRequest(config, List.of(), null, List.of(), out));

    // as the run is when killed after coder a's second answer: no coder recorded in the manifest, no folder for b
    List<String> log = Files.readAllLines(out.resolve("a/predictions.jsonl"));
    TinyData.killed(out, "a", log.subList(0, 2));
    try (var files = Files.walk(out.resolve("b"))) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }

    medcode.report(new ReportSpec(out));
    String summary = Files.readString(out.resolve("summary.md"));
    assertTrue(summary.lines().anyMatch(line -> line.startsWith("| b |") && line.contains("not measured: answered none"
        + " of its 3 admissions (0 failed, 3 never coded)")), summary);
    assertTrue(Files.readString(out.resolve("report.html")).contains("not measured: answered none of its 3 admissions"));

    CoderVerdict b = medcode.gate(new GateSpec(out, null, null, List.of("exact.micro.f1 >= 0.1"), List.of("b"), null,
        null, temp.resolve("gate"))).verdict().coders().get(0);
    assertEquals(List.of("coder 'b' did not run in " + out + " (the run's status is running; coders with answers: [a]):"
        + " continue it with ./medcode run --resume " + out), b.completeness().problems());
  }
}
