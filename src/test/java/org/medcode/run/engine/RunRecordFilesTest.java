package org.medcode.run.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.TinyData;
import org.medcode.coder.RunListener;
import org.medcode.run.Medcode;
import org.medcode.run.RunRequest;
import org.medcode.run.workspace.Workspace;

/**
 * A run folder's {@code config.yaml} (written at the start of every session) and {@code study.yaml} (written before a
 * study's run starts) are written under a temporary name ({@code .NAME.tmp}) and renamed into place, as the report
 * files are: a write that fails (here: the temporary name is a folder), or a kill while it writes, leaves the file as
 * it was, never a part of it. They were written in place, so that a kill at that moment left them empty or cut.
 */
class RunRecordFilesTest {
  @TempDir
  Path temp;

  private Medcode medcode() {
    return new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false, Clock.systemUTC(),
        RunListener.SILENT));
  }

  private Path config(String extra) throws Exception {
    Files.writeString(temp.resolve("p.tsv"), "A1\tI10\nA2\tE11.9\n");
    Path config = TinyData.write(temp, new String[][] {{"I10"}, {"E11.9"}}, 1, i -> "x",
        "[ { name: replay, file: \"" + temp.resolve("p.tsv") + "\" } ]", 0);
    Files.writeString(config, Files.readString(config) + extra);
    return config;
  }

  @Test
  void aResumeThatCannotWriteTheConfigLeavesThePreviousOneWhole() throws Exception {
    Path out = temp.resolve("run");
    assertTrue(medcode().run(new RunRequest(config(""), List.of(), null, List.of(), out)).complete());
    String before = Files.readString(out.resolve("config.yaml"));
    assertTrue(before.startsWith("name: tiny"), before);
    Files.createDirectories(out.resolve(".config.yaml.tmp/blocked")); // the temporary file cannot be written
    assertThrows(RuntimeException.class, () -> medcode().resume(out, List.of("seed=7"), false));
    assertEquals(before, Files.readString(out.resolve("config.yaml")));
    Files.delete(out.resolve(".config.yaml.tmp/blocked"));
    Files.delete(out.resolve(".config.yaml.tmp"));
    assertTrue(medcode().resume(out, List.of("seed=7"), false).complete());
    assertTrue(Files.readString(out.resolve("config.yaml")).contains("seed: 7"), Files.readString(out.resolve("config.yaml")));
    assertTrue(!Files.exists(out.resolve(".config.yaml.tmp")), "no temporary file is left");
  }

  @Test
  void aStudyThatCannotWriteItsStudyFileLeavesTheOneThereWhole() throws Exception {
    Path study = config("study: { title: T, citation: C, figures: [ { metric: exact.micro.recall, published: 50% } ] }\n");
    Path out = temp.resolve("run");
    Files.createDirectories(out);
    String left = "name: c\nstudy:\n  title: left by a run killed before it started\n";
    Files.writeString(out.resolve("study.yaml"), left);
    Files.createDirectories(out.resolve(".study.yaml.tmp/blocked"));
    assertThrows(RuntimeException.class, () -> medcode().run(new RunRequest(study, List.of(), null, List.of(), out)));
    assertEquals(left, Files.readString(out.resolve("study.yaml")));
    Files.delete(out.resolve(".study.yaml.tmp/blocked"));
    Files.delete(out.resolve(".study.yaml.tmp"));
    assertTrue(medcode().run(new RunRequest(study, List.of(), null, List.of(), out)).complete());
    assertTrue(Files.readString(out.resolve("study.yaml")).contains("title: T"), Files.readString(out.resolve("study.yaml")));
    assertTrue(!Files.exists(out.resolve(".study.yaml.tmp")), "no temporary file is left");
  }
}
