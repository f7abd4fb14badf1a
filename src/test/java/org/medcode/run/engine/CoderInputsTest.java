package org.medcode.run.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.coder.CoderContext;
import org.medcode.coder.registry.CoderRegistry;
import org.medcode.run.record.RunConfig;

/** A resumed coder refuses a model folder (or another file its parameters name) changed since the run started. */
class CoderInputsTest {
  @TempDir
  Path temp;

  @Test
  void aModelFolderChangedBetweenSessionsIsRefusedAPriceFileIsNot() throws Exception {
    Path model = Files.createDirectories(temp.resolve("models/knn"));
    Files.writeString(model.resolve("thresholds.json"), "{\"global\": 0.15}");
    Path prices = Files.writeString(temp.resolve("prices.yaml"), "models: {}\n");
    RunConfig.CoderConfig coder = new RunConfig.CoderConfig("ml-knn", "knn",
        Map.of("model", model.toString(), "prices", prices.toString(), "k", "20"));
    CoderContext context = new CoderContext(null, List.of(), temp, temp, 1);
    Path folder = temp.resolve("run/knn");
    CoderInputs.keepOrCheck(coder, List.of(), Map.of(), context, folder, temp.resolve("run"));
    assertTrue(Files.readString(folder.resolve(CoderInputs.FILE)).matches("model\t[0-9a-f]{16}\n"), "only the model");

    Files.writeString(prices, "models: { m: { input: 1, output: 2, checked: never } }\n");
    CoderInputs.keepOrCheck(coder, List.of(), Map.of(), context, folder, temp.resolve("run")); // a corrected price: resumed

    Files.writeString(model.resolve("thresholds.json"), "{\"global\": 0.95}"); // retrained, or edited
    MedcodeException refused = assertThrows(MedcodeException.class,
        () -> CoderInputs.keepOrCheck(coder, List.of(), Map.of(), context, folder, temp.resolve("run")));
    assertTrue(refused.getMessage().startsWith("cannot resume " + temp.resolve("run") + ": coder knn's model (" + model
        + ") changed since the run started (SHA-256 "), refused.getMessage());
    assertEquals(2, refused.exitCode());
  }

  /**
   * A run killed by an older medcode (before 2026-12-05) kept no inputs.sha256: a replay file replaced before a --resume
   * by this one was read without a word (the resume recorded the new file's digest as the run's), and the run mixed
   * answers of two files. It cannot be checked, and the resume says so.
   */
  @Test
  void aRunOfAnOlderMedcodeThatKeptNoDigestsSaysItsFilesCannotBeChecked() throws Exception {
    Path replay = Files.writeString(temp.resolve("preds.tsv"), "A1\tI10\n");
    RunConfig.CoderConfig coder = new RunConfig.CoderConfig("replay", "replay", Map.of("file", replay.toString()));
    List<String> warnings = new java.util.ArrayList<>();
    org.medcode.coder.RunListener listener = new org.medcode.coder.RunListener() {
      @Override
      public void note(String message) {}

      @Override
      public void warning(String message) {
        warnings.add(message);
      }
    };
    CoderContext context = new CoderContext(null, List.of(), temp, temp, 1, id -> null, false, listener,
        org.medcode.coder.AllowedEndpoints.loopbackOnly(), null);
    var declared = CoderRegistry.load().require("replay").parameters();
    Path folder = Files.createDirectories(temp.resolve("run/replay"));
    // a new run's first session: nothing logged yet, nothing to say
    CoderInputs.keepOrCheck(coder, declared, Map.of(), context, folder, temp.resolve("run"));
    assertEquals(List.of(), warnings);

    Path old = Files.createDirectories(temp.resolve("old/replay"));
    Files.writeString(old.resolve("predictions.jsonl"), "{\"admission_id\":\"A1\",\"status\":\"ok\",\"codes\":"
        + "[{\"code\":\"I10\"}],\"millis\":1}\n"); // as 535dcf1 (2026-12-05) logged it, without inputs.sha256
    CoderInputs.keepOrCheck(coder, declared, Map.of(), context, old, temp.resolve("old"));
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("coder replay: the answers already in " + old.resolve("predictions.jsonl")
        + " were recorded by an older medcode, which kept no inputs.sha256, so whether file (" + replay + ") changed"
        + " since cannot be checked"), warnings.get(0));
    // kept from now on: a later resume checks against this session's file, and says nothing more
    CoderInputs.keepOrCheck(coder, declared, Map.of(), context, old, temp.resolve("old"));
    assertEquals(1, warnings.size(), warnings.toString());
  }

  /**
   * The rules coder's lists left at their default folder (configs/rules, as configs/default.yaml leaves them) are kept
   * too: edited between a kill and --resume, they were read silently, and the run mixed answers of two rule sets.
   */
  @Test
  void aRulesFolderLeftAtItsDefaultIsRefusedWhenEdited() throws Exception {
    Path rules = Files.createDirectories(temp.resolve("configs/rules/en"));
    Files.writeString(rules.resolve("synonyms.tsv"), "I10\thigh blood pressure\n");
    RunConfig.CoderConfig coder = new RunConfig.CoderConfig("rules", "rules", Map.of("parallel-evidence", "codiesp:train:es:D"));
    CoderContext context = new CoderContext(null, List.of(), temp, temp, 1, id -> null, false,
        org.medcode.coder.RunListener.SILENT, org.medcode.coder.AllowedEndpoints.loopbackOnly(), temp); // the run's directory
    Path folder = temp.resolve("run/rules");
    var declared = CoderRegistry.load().require("rules").parameters();
    CoderInputs.keepOrCheck(coder, declared, Map.of(), context, folder, temp.resolve("run"));
    assertTrue(Files.readString(folder.resolve(CoderInputs.FILE)).matches("rules-dir\t[0-9a-f]{16}\n"),
        Files.readString(folder.resolve(CoderInputs.FILE)));

    Files.writeString(rules.resolve("synonyms.tsv"), "# I10 taken out\n");
    MedcodeException refused = assertThrows(MedcodeException.class,
        () -> CoderInputs.keepOrCheck(coder, declared, Map.of(), context, folder, temp.resolve("run")));
    assertTrue(refused.getMessage().startsWith("cannot resume " + temp.resolve("run") + ": coder rules's rules-dir"
        + " (configs/rules) changed since the run started (SHA-256 "), refused.getMessage());
    assertEquals(2, refused.exitCode());
  }

  /**
   * A prompt given by name (zero-shot, the llm coder's default) is a file too: edited between a kill and --resume, it
   * was read silently (only a prompt given by its path was kept), and the run mixed answers of two prompts.
   */
  @Test
  void aBuiltInPromptNamedNotByItsPathIsRefusedWhenEdited() throws Exception {
    // with $MEDCODE_HOME set (a shell the launcher started) the checkout's own prompt is read, which this test must not edit
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("MEDCODE_HOME") == null, "MEDCODE_HOME is set");
    Path prompt = Files.createDirectories(temp.resolve("configs/prompts")).resolve("zero-shot.txt");
    Files.writeString(prompt, "### user\nCode this note: {{note}}\n");
    RunConfig.CoderConfig coder = new RunConfig.CoderConfig("llm", "llm", Map.of("model", "m"));
    CoderContext context = new CoderContext(null, List.of(), temp, temp, 1, id -> null, false,
        org.medcode.coder.RunListener.SILENT, org.medcode.coder.AllowedEndpoints.loopbackOnly(), temp); // the run's directory
    var factory = CoderRegistry.load().require("llm");
    Map<String, Path> named = factory.namedFiles(context, coder.parameters());
    assertEquals(Map.of("prompt", prompt), named, "the run's directory's prompt, not the checkout's");
    Path folder = temp.resolve("run/llm");
    CoderInputs.keepOrCheck(coder, factory.parameters(), named, context, folder, temp.resolve("run"));
    assertTrue(Files.readString(folder.resolve(CoderInputs.FILE)).matches("prompt\t[0-9a-f]{16}\n"),
        Files.readString(folder.resolve(CoderInputs.FILE)));
    CoderInputs.keepOrCheck(coder, factory.parameters(), named, context, folder, temp.resolve("run")); // unchanged

    Files.writeString(prompt, "### user\nList the ICD-10-CM codes of this note: {{note}}\n");
    MedcodeException refused = assertThrows(MedcodeException.class,
        () -> CoderInputs.keepOrCheck(coder, factory.parameters(), named, context, folder, temp.resolve("run")));
    assertTrue(refused.getMessage().startsWith("cannot resume " + temp.resolve("run") + ": coder llm's prompt (" + prompt
        + ") changed since the run started (SHA-256 "), refused.getMessage());
    assertEquals(2, refused.exitCode());
    assertEquals(Map.of(), factory.namedFiles(context, Map.of("prompt", prompt.toString())), "a path is kept as a path");
  }
}
