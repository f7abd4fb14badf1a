package org.medcode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plug-in jar as a user makes one: a tiny coder compiled against medcode, jarred with its services file, put in a
 * folder named by {@code MEDCODE_PLUGINS}; {@code ./medcode coders} lists it with its jar, a broken jar beside it as
 * unavailable with the reason, and {@code ./medcode run} runs it. Through the launcher script and the packaged jar.
 */
class PluginLauncherIT {
  @TempDir
  Path temp;

  @Test
  void aPluginJarIsListedWithItsJarAndRunsThroughTheLauncher() throws Exception {
    Path plugins = Files.createDirectories(temp.resolve("plugins"));
    Path source = temp.resolve("src/demo/ConstantCoderFactory.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, """
        package demo;

        import java.util.List;
        import java.util.Map;
        import org.medcode.coder.CodeSuggestion;
        import org.medcode.coder.Coder;
        import org.medcode.coder.CoderContext;
        import org.medcode.coder.CoderFactory;
        import org.medcode.coder.CoderParameter;
        import org.medcode.coder.CoderResult;
        import org.medcode.coder.Egress;

        public final class ConstantCoderFactory implements CoderFactory {
          public String name() { return "constant"; }
          public String description() { return "answers one code for every admission"; }
          public List<CoderParameter> parameters() {
            return List.of(new CoderParameter("code", "the code", "I10", CoderParameter.Type.TEXT));
          }
          public Egress egress(Map<String, String> parameters) { return Egress.local(); }
          public Coder create(CoderContext context, Map<String, String> parameters) {
            return admission -> new CoderResult(List.of(new CodeSuggestion(parameters.get("code"), 1.0)));
          }
        }
        """);
    Path classes = Files.createDirectories(temp.resolve("classes"));
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    int compiled = compiler.run(null, null, null, "--release", "17", "-cp", Path.of("target/classes").toAbsolutePath().toString(),
        "-d", classes.toString(), source.toString());
    assertEquals(0, compiled);
    jar(plugins.resolve("constant.jar"), List.of(
        new Entry("demo/ConstantCoderFactory.class", Files.readAllBytes(classes.resolve("demo/ConstantCoderFactory.class"))),
        new Entry("META-INF/services/org.medcode.coder.CoderFactory", "demo.ConstantCoderFactory\n".getBytes(StandardCharsets.UTF_8))));
    jar(plugins.resolve("broken.jar"), List.of(new Entry("META-INF/services/org.medcode.coder.CoderFactory",
        "demo.MissingFactory\n".getBytes(StandardCharsets.UTF_8))));

    Result coders = medcode(plugins, "coders");
    assertEquals(0, coders.exit(), coders.output());
    assertTrue(coders.output().contains("constant         answers one code for every admission"), coders.output());
    assertTrue(coders.output().contains("available; plug-in from " + plugins.resolve("constant.jar")), coders.output());
    assertTrue(coders.output().contains("demo.MissingFactory"), coders.output());
    assertTrue(coders.output().contains("unavailable: class not found: demo.MissingFactory; plug-in from "
        + plugins.resolve("broken.jar")), coders.output());

    Path table = temp.resolve("table.csv");
    Files.writeString(table, "code,description\nI10,Hypertension\nJ18.9,Pneumonia\n");
    Path config = temp.resolve("plugin.yaml");
    Files.writeString(config, "name: plugin\ndataset: { spec: \"jsonl:" + Path.of("datasets/examples/tiny.jsonl").toAbsolutePath()
        + "\" }\ncodeSystem: { system: icd10cm, table: \"" + table + "\" }\ncoders: [ { name: constant, code: I10 } ]\n"
        + "metrics: { bootstrap: 0 }\n");
    Path out = temp.resolve("run");
    Result run = medcode(plugins, "run", config.toString(), "--out", out.toString(), "--no-pull",
        "--data-dir", temp.resolve("data").toString());
    assertEquals(0, run.exit(), run.output());
    assertEquals(3, Files.readAllLines(out.resolve("constant/predictions.jsonl")).size());
    assertTrue(run.output().contains("constant"), run.output());
  }

  record Entry(String name, byte[] bytes) {}

  record Result(int exit, String output) {}

  private static void jar(Path file, List<Entry> entries) throws IOException {
    try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out)) {
      for (Entry entry : entries) {
        jar.putNextEntry(new JarEntry(entry.name()));
        jar.write(entry.bytes());
        jar.closeEntry();
      }
    }
  }

  private Result medcode(Path plugins, String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of(Path.of("medcode").toAbsolutePath().toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("MEDCODE_PLUGINS", plugins.toString());
    builder.environment().remove("MEDCODE_JAVA_OPTS");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), output);
    return new Result(process.exitValue(), output);
  }
}
