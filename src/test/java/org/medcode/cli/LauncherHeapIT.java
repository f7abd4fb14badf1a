package org.medcode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The launcher's heap settings, read back from the JVM it starts ({@code -XX:+PrintFlagsFinal}): a large initial old
 * generation and a small initial young one by default, and none of it when the user sizes the heap (with a maximum heap
 * equal to the initial one, the JVM would cap the young generation at its 2 MB starting size) or picks a collector.
 */
class LauncherHeapIT {
  @Test
  void theLauncherSizesTheInitialHeapUnlessTheUserDoes() throws Exception {
    Map<String, String> defaults = flags("-XX:+PrintFlagsFinal", Map.of());
    assertEquals("8.000000", defaults.get("InitialRAMPercentage"));
    assertEquals(String.valueOf(TWO_MB), defaults.get("NewSize"));
    assertEquals("true", defaults.get("UseParallelGC"));
    assertTrue(Long.parseLong(defaults.get("MaxNewSize")) > TWO_MB, defaults.get("MaxNewSize"));
    // options that only look like heap or collector options change nothing
    Map<String, String> threads = flags("-XX:ParallelGCThreads=2 -Xss2m -XX:+PrintFlagsFinal", Map.of());
    assertEquals("8.000000", threads.get("InitialRAMPercentage"));
    assertEquals("true", threads.get("UseParallelGC"));

    for (String userHeap : List.of("-Xmx256m", "-Xms128m", "-XX:MaxRAMPercentage=5", "-XX:NewSize=8m", "-XX:+UseG1GC",
        "-XX:+AlwaysPreTouch")) {
      Map<String, String> sized = flags(userHeap + " -XX:+PrintFlagsFinal", Map.of());
      assertEquals("1.562500", sized.get("InitialRAMPercentage"), userHeap); // the JVM's default
      assertTrue(Long.parseLong(sized.get("MaxNewSize")) > TWO_MB, userHeap + ": " + sized.get("MaxNewSize"));
    }
    // a collector or heap size given where the JVM itself reads options: one collector, and no heap size of ours
    Map<String, String> tool = flags("-XX:+PrintFlagsFinal", Map.of("JAVA_TOOL_OPTIONS", "-XX:+UseG1GC -Xmx256m"));
    assertEquals("true", tool.get("UseG1GC"));
    assertEquals("false", tool.get("UseParallelGC"));
    assertEquals("1.562500", tool.get("InitialRAMPercentage"));
  }

  private static final long TWO_MB = 2L * 1024 * 1024;

  private static final Pattern FLAG = Pattern.compile("^\\s*\\S+\\s+(\\w+)\\s+:?=\\s+(\\S+)", Pattern.MULTILINE);

  /** The JVM flags of {@code ./medcode --version} run with these MEDCODE_JAVA_OPTS and environment variables. */
  private static Map<String, String> flags(String javaOptions, Map<String, String> environment) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(Path.of("medcode").toAbsolutePath().toString(), "--version")
        .redirectErrorStream(true);
    builder.environment().put("MEDCODE_JAVA_OPTS", javaOptions);
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder.environment().remove("JDK_JAVA_OPTIONS");
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), output);
    assertEquals(0, process.exitValue(), output);
    Map<String, String> flags = new java.util.HashMap<>();
    Matcher matcher = FLAG.matcher(output);
    while (matcher.find()) {
      flags.put(matcher.group(1), matcher.group(2));
    }
    return flags;
  }
}
