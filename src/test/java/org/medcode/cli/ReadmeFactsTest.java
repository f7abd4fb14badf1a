package org.medcode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.TinyData;
import org.medcode.coder.RunListener;
import org.medcode.run.Medcode;
import org.medcode.run.RunRequest;
import org.medcode.MedcodeException;
import org.medcode.coder.CoderParameter;
import org.medcode.coder.CoderParameters;
import org.medcode.coder.registry.CoderRegistry;
import org.medcode.run.record.RunConfigs;
import org.medcode.run.workspace.Workspace;
import picocli.CommandLine;

/**
 * Facts the README states as reference (a coder's parameter table, the cache names, the config keys it names, the
 * options every command takes), pinned to the code so that the two cannot drift apart unnoticed.
 */
class ReadmeFactsTest {
  private static final Pattern TICKED = Pattern.compile("`([^`]*)`");
  private static String readme;

  @BeforeAll
  static void read() throws Exception {
    readme = Files.readString(Path.of("README.md"));
  }

  /** The llm coder's parameter table: every name it lists is declared, with the default it gives. */
  @Test
  void theLlmParameterTableGivesTheDeclaredDefaults() {
    Map<String, CoderParameter> declared = new LinkedHashMap<>();
    CoderRegistry.load().require("llm").parameters().forEach(p -> declared.put(p.name(), p));
    int start = readme.indexOf("| parameter | default | what |");
    assertTrue(start > 0, "the README's llm parameter table");
    List<String> rows = readme.substring(start).lines().skip(2).takeWhile(line -> line.startsWith("|")).toList();
    assertTrue(rows.size() >= 10, rows.toString());
    for (String row : rows) {
      String[] cells = row.split("\\|");
      List<String> names = ticked(cells[1]);
      List<String> defaults = ticked(cells[2]);
      assertFalse(names.isEmpty(), row);
      for (int i = 0; i < names.size(); i++) {
        CoderParameter parameter = declared.get(names.get(i));
        assertTrue(parameter != null, "the README lists an llm parameter the coder does not declare: " + row);
        String declaredDefault = parameter.defaultValue() == null ? "" : parameter.defaultValue();
        if (defaults.isEmpty()) { // "(model default)", "(price file)": the coder's own value is empty
          assertEquals("", declaredDefault, row);
        } else {
          String readmeDefault = defaults.size() == names.size() ? defaults.get(i) : defaults.get(0);
          assertEquals(declaredDefault, readmeDefault, "README row " + row);
        }
      }
    }
  }

  /**
   * A default the prose gives a coder parameter ("`folds` folds (default 5)", "`member-min-score` (default 0.05") is the
   * one the coder declares, for every parameter name whose default is the same in every coder that declares it.
   */
  @Test
  void theDefaultsTheProseGivesCoderParametersAreTheDeclaredOnes() {
    Map<String, Set<String>> defaults = new LinkedHashMap<>();
    CoderRegistry registry = CoderRegistry.load();
    for (String coder : List.of("frequency", "replay", "rules", "llm", "ml-linear", "ml-knn", "embed-retrieval", "ensemble",
        "http", "exec")) {
      for (CoderParameter p : registry.require(coder).parameters()) {
        defaults.computeIfAbsent(p.name(), n -> new TreeSet<>()).add(p.defaultValue() == null ? "" : p.defaultValue());
      }
    }
    Matcher given = Pattern.compile("`([A-Za-z-]+)`[^`(|]{0,25}\\(default `?([0-9.]+|[a-z-]+)`?").matcher(readme);
    int checked = 0;
    while (given.find()) {
      Set<String> declared = defaults.get(given.group(1));
      if (declared != null && declared.size() == 1) {
        assertEquals(declared.iterator().next(), given.group(2), "README: " + given.group());
        checked++;
      }
    }
    assertTrue(checked >= 4, "defaults checked: " + checked);
  }

  /** The caches the commands table and the Caches paragraph name are those cache list shows and cache clear empties. */
  @Test
  void theCachesNamedAreTheCachesTheCommandsKnow() {
    Matcher table = Pattern.compile("the coders' caches \\(([^)]*)\\)").matcher(readme);
    assertTrue(table.find(), "the commands table's cache row");
    assertEquals(new TreeSet<>(Workspace.CACHE_NAMES), new TreeSet<>(ticked(table.group(1))));
    int caches = readme.indexOf("**Caches** go to");
    String paragraph = readme.substring(caches, readme.indexOf("`./medcode data list`", caches));
    Set<String> folders = new TreeSet<>();
    Matcher folder = Pattern.compile("`([a-z-]+)/`").matcher(paragraph);
    while (folder.find()) {
      folders.add(folder.group(1));
    }
    assertEquals(new TreeSet<>(Workspace.CACHE_NAMES), folders, paragraph);
  }

  /** Every metrics.KEY the README names is a key a config takes, and threads' bound is the one the config reader applies. */
  @Test
  void theConfigKeysNamedAreAccepted() {
    Matcher key = Pattern.compile("metrics\\.([A-Za-z]+)\\b").matcher(readme);
    Set<String> named = new TreeSet<>();
    while (key.find()) {
      if (!key.group(1).equals("json")) {
        named.add(key.group(1));
      }
    }
    assertTrue(named.size() >= 5, named.toString());
    for (String name : named) {
      ObjectNode tree = JsonNodeFactory.instance.objectNode();
      tree.putObject("dataset").put("spec", "jsonl:x.jsonl");
      tree.putArray("coders").addObject().put("name", "frequency");
      tree.putObject("metrics").put(name, "not a value of any key");
      String message = "";
      try {
        RunConfigs.fromTree(tree, "config.yaml");
      } catch (MedcodeException e) {
        message = e.getMessage();
      }
      assertFalse(message.contains("unknown key"), "the README names metrics." + name + ": " + message);
    }
    assertTrue(readme.contains("`threads` (default 0: one per\ncore; at most " + CoderParameters.MAX_CONCURRENCY + ", else exit 2)"),
        "README: threads' default and bound");
  }

  /** The options every command but coders and completion takes (README, Commands). */
  @Test
  void everyCommandButCodersAndCompletionTakesTheCommonOptions() {
    assertTrue(readme.contains("Options every command but `coders` and `completion` takes: `--data-dir DIR`"));
    List<String> common = List.of("--data-dir", "--results-dir", "--cache-dir", "--no-pull", "--verbose", "-v");
    List<String> checked = new ArrayList<>();
    for (CommandLine command : leaves(MedcodeCommand.commandLine())) {
      String name = command.getCommandSpec().qualifiedName(" ");
      if (name.endsWith(" coders") || name.endsWith(" completion") || name.endsWith(" help")) {
        continue;
      }
      for (String option : common) {
        assertTrue(command.getCommandSpec().findOption(option) != null, name + " lacks " + option);
      }
      checked.add(name);
    }
    assertTrue(checked.size() >= 15, checked.toString());
  }

  /**
   * Every file a run writes into its folder (a run of a replay coder and a frequency coder: every file a coder's folder
   * holds but the ones of particular coders) is named in the README's Output files section or its Analyses table.
   */
  @Test
  void everyFileARunWritesIsInTheOutputFilesTable(@TempDir Path temp) throws Exception {
    Files.writeString(temp.resolve("p.tsv"), "A1\tI10\t0.9\nA2\tE11.9\t0.8\n");
    Path config = TinyData.write(temp, new String[][] {{"I10"}, {"E11.9"}}, 1, i -> "note " + i,
        "[ { name: replay, file: \"" + temp.resolve("p.tsv") + "\" }, { name: frequency, k: 1 } ]", 10);
    Path out = temp.resolve("run");
    Medcode medcode = new Medcode(new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, false,
        Clock.systemUTC(), RunListener.SILENT));
    assertTrue(medcode.run(new RunRequest(config, List.of(), null, List.of(), out)).complete());
    String sections = section("## Output files", "## Runs") + section("## Analyses", "## Benchmarks");
    Set<String> written = new TreeSet<>();
    try (var files = Files.walk(out)) {
      files.filter(Files::isRegularFile).forEach(file -> written.add(out.relativize(file).toString()));
    }
    assertTrue(written.contains("replay/inputs.sha256") && written.contains("frequency/strata.csv"), written.toString());
    for (String file : written) {
      String name = file.contains("/") ? file.substring(file.indexOf('/') + 1) : file;
      assertTrue(sections.contains("`" + name + "`") || sections.contains("`<coder>/" + name + "`"),
          "the run wrote " + file + ", which the README's Output files and Analyses tables do not name");
    }
  }

  private static String section(String from, String to) {
    int start = readme.indexOf(from);
    assertTrue(start >= 0, from);
    return readme.substring(start, readme.indexOf(to, start));
  }

  private static List<CommandLine> leaves(CommandLine command) {
    List<CommandLine> leaves = new ArrayList<>();
    if (command.getSubcommands().isEmpty()) {
      leaves.add(command);
    }
    for (CommandLine sub : new java.util.LinkedHashSet<>(command.getSubcommands().values())) {
      leaves.addAll(leaves(sub));
    }
    return leaves;
  }

  private static List<String> ticked(String text) {
    List<String> values = new ArrayList<>();
    Matcher m = TICKED.matcher(text);
    while (m.find()) {
      values.add(m.group(1));
    }
    return values;
  }
}
