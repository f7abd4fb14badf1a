package org.medcode.coder.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of the llm coder as a user runs it: the stub ({@link StubServer}) in a process of its own answering every
 * request after a fixed latency, and for each in-flight level a separate {@code medcode run} process (cold JVM, cache
 * off) over the same synthetic admissions, started with the {@code ./medcode} launcher as a user starts it. Prints
 * coding throughput (from the manifest's coding time) and the whole command (process start to exit) against the ideal
 * (in flight ÷ latency), CPU per call of the harness process and of the stub, and the load average; then the peer,
 * {@link BareClient} (a thread pool on the bare JDK client, in a cold process of its own) on the same admissions and
 * stub, cold and warm, and the bare client's cold time as a share of the harness's coding time. Not a test (it
 * measures, never asserts); run it with {@code bench/llm-throughput.sh [LATENCY_MS [ADMISSIONS [IN_FLIGHT ...]]]}.
 */
public final class LlmThroughput {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LlmThroughput() {}

  public static void main(String[] args) throws Exception {
    long latency = args.length > 0 ? Long.parseLong(args[0]) : 500;
    int admissions = args.length > 1 ? Integer.parseInt(args[1]) : 1280;
    List<Integer> levels = args.length > 2 ? java.util.Arrays.stream(args, 2, args.length).map(Integer::valueOf).toList()
        : List.of(8, 64, 256);
    String classpath = System.getProperty("java.class.path");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path temp = Files.createTempDirectory("llm-throughput");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process stub = new ProcessBuilder(java, "-cp", classpath, StubServer.class.getName(), String.valueOf(port),
        String.valueOf(latency)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      String ready = new BufferedReader(new InputStreamReader(stub.getInputStream(), StandardCharsets.UTF_8)).readLine();
      if (ready == null || !ready.startsWith("listening ")) {
        throw new IllegalStateException("the stub did not start: " + ready);
      }
      String baseUrl = ready.substring("listening ".length());
      Path dataset = Synthetic.dataset(temp, admissions);
      Path table = Synthetic.table(temp);
      Path prices = Synthetic.prices(temp);
      System.out.printf(Locale.ROOT, "stub pid %d at %s, latency %d ms, %d admissions, %d cores, load average %s%n",
          stub.pid(), baseUrl, latency, admissions, Runtime.getRuntime().availableProcessors(), load());
      // the stub's JIT warms up once, so that every level meets the same warm stub
      measure(java, classpath, temp, baseUrl, dataset, table, prices, 64, latency, stub, "warm-up");
      System.out.printf(Locale.ROOT, "%-9s %-9s %-8s %-9s %-9s %-8s %-10s %-13s %-13s %-13s %-14s %-24s %-24s %s%n",
          "in flight", "ideal s", "coding s", "of ideal", "command s", "of ideal", "overhead", "harness CPU", "CPU per call",
          "stub CPU/call", "load average", "bare client cold s", "bare client warm s", "harness/bare (cold)");
      for (int inFlight : levels) {
        measure(java, classpath, temp, baseUrl, dataset, table, prices, inFlight, latency, stub, null);
      }
      // a cached rerun of 1,000 admissions: the first run fills the cache, the second is answered from it
      Path thousand = Files.createDirectories(temp.resolve("thousand"));
      Path small = Synthetic.dataset(thousand, 1000);
      Path data = temp.resolve("cached-data");
      run(java, classpath, thousand.resolve("fill"), baseUrl, small, table, prices, 64, data);
      Duration stubBefore = stub.info().totalCpuDuration().orElse(Duration.ZERO);
      String loadBefore = load();
      long start = System.nanoTime();
      run(java, classpath, thousand.resolve("rerun"), baseUrl, small, table, prices, 64, data);
      double wall = (System.nanoTime() - start) / 1e9;
      String[] time = Files.readString(thousand.resolve("rerun/time.txt")).trim().split("\\s+");
      JsonNode coder = JSON.readTree(thousand.resolve("rerun/out/manifest.json").toFile()).get("coders").get("llm");
      System.out.printf(Locale.ROOT, "cached rerun of 1,000 admissions: whole command %.2f s (CPU %.2f s), coding %.2f s, %d"
          + " calls sent (stub CPU %.2f s), load average %s → %s%n", wall, Double.parseDouble(time[1])
          + Double.parseDouble(time[2]), coder.get("coding_millis_this_session").asLong() / 1000.0,
          coder.get("usage").get("calls").asInt(), stub.info().totalCpuDuration().orElse(Duration.ZERO).minus(stubBefore)
              .toNanos() / 1e9, loadBefore, load());
    } finally {
      stub.getOutputStream().close();
      if (!stub.waitFor(10, TimeUnit.SECONDS)) {
        stub.destroy();
      }
    }
  }

  private static void measure(String java, String classpath, Path temp, String baseUrl, Path dataset, Path table,
      Path prices, int inFlight, long latency, Process stub, String label) throws Exception {
    Path folder = Files.createTempDirectory(temp, "run-" + inFlight + "-");
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("provider", "openai-compatible");
    parameters.put("baseUrl", baseUrl);
    parameters.put("model", "stub-model");
    parameters.put("prices", prices.toString());
    parameters.put("maxInFlight", String.valueOf(inFlight));
    parameters.put("timeout", "30");
    parameters.put("cache", "false");
    Path config = folder.resolve("bench.yaml");
    Files.writeString(config, "name: llm-throughput\n"
        + "dataset: { spec: \"jsonl:" + dataset + "\" }\n"
        + "codeSystem: { system: icd10cm, table: \"" + table + "\" }\n"
        + "coders: [ " + Synthetic.yaml(parameters) + " ]\n"
        + "metrics: { bootstrap: 0 }\n");
    Path times = folder.resolve("time.txt");
    List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %U %S", "-o", times.toString()));
    command.addAll(harness(java, classpath));
    command.addAll(List.of("run", config.toString(), "--out", folder.resolve("out").toString(), "--data-dir",
        folder.resolve("data").toString(), "--no-pull"));
    Duration stubBefore = stub.info().totalCpuDuration().orElse(Duration.ZERO);
    String loadBefore = load();
    long start = System.nanoTime();
    Process run = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(folder.resolve("console.txt").toFile())
        .start();
    int exit = run.waitFor();
    double wall = (System.nanoTime() - start) / 1e9;
    Duration stubCpu = stub.info().totalCpuDuration().orElse(Duration.ZERO).minus(stubBefore);
    if (exit != 0) {
      throw new IllegalStateException("the run exited " + exit + "; see " + folder.resolve("console.txt"));
    }
    if (label != null) {
      return;
    }
    String[] time = Files.readString(times).trim().split("\\s+");
    double cpu = Double.parseDouble(time[1]) + Double.parseDouble(time[2]);
    JsonNode coder = JSON.readTree(folder.resolve("out/manifest.json").toFile()).get("coders").get("llm");
    int answered = coder.get("answered").asInt();
    double coding = coder.get("coding_millis_this_session").asLong() / 1000.0;
    double ideal = Math.ceil(answered / (double) inFlight) * latency / 1000.0;
    String loadAfter = load();
    double[] bare = bare(java, classpath, baseUrl, inFlight, answered);
    System.out.printf(Locale.ROOT, "%-9d %-9.2f %-8.2f %-9s %-9.2f %-8s %-10s %-13s %-13s %-13s %-14s %-24s %-24s %s%n",
        inFlight, ideal, coding, percent(ideal / coding), wall, percent(ideal / wall),
        String.format(Locale.ROOT, "%.1f ms", (coding - ideal) * 1000 * inFlight / answered),
        String.format(Locale.ROOT, "%.2f s", cpu), String.format(Locale.ROOT, "%.2f ms", cpu * 1000 / answered),
        String.format(Locale.ROOT, "%.2f ms", stubCpu.toNanos() / 1e6 / answered), loadBefore + " → " + loadAfter,
        String.format(Locale.ROOT, "%.2f (%s)", bare[0], percent(ideal / bare[0])),
        String.format(Locale.ROOT, "%.2f (%s)", bare[1], percent(ideal / bare[1])), percent(bare[0] / coding));
  }

  /**
   * The peer on the same stub and admissions: {@link BareClient}'s cold and warm seconds, in a process of its own with
   * the launcher's collector.
   */
  private static double[] bare(String java, String classpath, String baseUrl, int inFlight, int admissions)
      throws Exception {
    Process peer = new ProcessBuilder(java, "-XX:+UseParallelGC", "-cp", classpath, BareClient.class.getName(), baseUrl,
        String.valueOf(inFlight), String.valueOf(admissions), "2").redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String line = new String(peer.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (peer.waitFor() != 0) {
      throw new IllegalStateException("the bare client failed: " + line);
    }
    String[] seconds = line.split(" ");
    return new double[] {Double.parseDouble(seconds[0]), Double.parseDouble(seconds[1])};
  }

  /** One {@code medcode run} process with the cache on under {@code data}; its folder gets time.txt and out/. */
  private static void run(String java, String classpath, Path folder, String baseUrl, Path dataset, Path table, Path prices,
      int inFlight, Path data) throws Exception {
    Files.createDirectories(folder);
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("provider", "openai-compatible");
    parameters.put("baseUrl", baseUrl);
    parameters.put("model", "stub-model");
    parameters.put("prices", prices.toString());
    parameters.put("maxInFlight", String.valueOf(inFlight));
    parameters.put("timeout", "30");
    Path config = folder.resolve("bench.yaml");
    Files.writeString(config, "name: llm-cached\n"
        + "dataset: { spec: \"jsonl:" + dataset + "\" }\n"
        + "codeSystem: { system: icd10cm, table: \"" + table + "\" }\n"
        + "coders: [ " + Synthetic.yaml(parameters) + " ]\n"
        + "metrics: { bootstrap: 0 }\n");
    List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %U %S", "-o",
        folder.resolve("time.txt").toString()));
    command.addAll(harness(java, classpath));
    command.addAll(List.of("run", config.toString(), "--out", folder.resolve("out").toString(), "--data-dir", data.toString(),
        "--no-pull"));
    Process run = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(folder.resolve("console.txt").toFile())
        .start();
    if (run.waitFor() != 0) {
      throw new IllegalStateException("the run failed; see " + folder.resolve("console.txt"));
    }
  }

  /** How the harness is started: the {@code ./medcode} launcher when {@code -Dmedcode.launcher} names it, else the class path. */
  private static List<String> harness(String java, String classpath) {
    String launcher = System.getProperty("medcode.launcher");
    return launcher != null ? List.of(launcher) : List.of(java, "-cp", classpath, "org.medcode.cli.Main");
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }

  private static String load() throws IOException {
    String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return fields[0];
  }
}
