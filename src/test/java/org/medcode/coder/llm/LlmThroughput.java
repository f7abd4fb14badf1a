package org.medcode.coder.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.medcode.coder.RunListener;
import org.medcode.run.Medcode;
import org.medcode.run.RunRequest;
import org.medcode.run.workspace.Workspace;

/**
 * Throughput of real runs of the llm coder against the stub answering every request after a fixed latency: achieved
 * requests per second vs the ideal (in flight ÷ latency), and the harness overhead per call. Not a test (it measures,
 * never asserts); run it with {@code bench/llm-throughput.sh [LATENCY_MS [ROUNDS [IN_FLIGHT ...]]]}.
 */
public final class LlmThroughput {
  private LlmThroughput() {}

  public static void main(String[] args) throws Exception {
    long latency = args.length > 0 ? Long.parseLong(args[0]) : 200;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    List<Integer> levels = args.length > 2 ? java.util.Arrays.stream(args, 2, args.length).map(Integer::valueOf).toList()
        : List.of(8, 32, 64);
    Path temp = Files.createTempDirectory("llm-throughput");
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) ->
        ChatStub.answer(Synthetic.goldJson(admission)).delayed(latency))) {
      Path prices = Synthetic.prices(temp);
      Path table = Synthetic.table(temp);
      run(temp, stub, prices, table, 8, 2, latency, "warm-up"); // JIT, connections, class loading
      System.out.printf(Locale.ROOT, "latency %d ms, %d rounds per level, %d cores%n", latency, rounds,
          Runtime.getRuntime().availableProcessors());
      System.out.printf(Locale.ROOT, "%-9s %-10s %-9s %-13s %-11s %-9s %-19s %s%n", "in flight", "admissions", "seconds",
          "achieved/s", "ideal/s", "of ideal", "overhead per call", "CPU per call (stub included)");
      for (int inFlight : levels) {
        run(temp, stub, prices, table, inFlight, rounds, latency, null);
      }
    }
  }

  private static void run(Path temp, ChatStub stub, Path prices, Path table, int inFlight, int rounds, long latency,
      String label) throws Exception {
    int admissions = inFlight * rounds;
    Path folder = Files.createTempDirectory(temp, "run");
    Map<String, String> parameters = new LinkedHashMap<>(LlmRunTest.parameters(stub, prices));
    parameters.put("maxInFlight", String.valueOf(inFlight));
    parameters.put("timeout", "30");
    parameters.put("cache", "false");
    Path config = folder.resolve("bench.yaml");
    Files.writeString(config, "name: llm-throughput\n"
        + "dataset: { spec: \"jsonl:" + Synthetic.dataset(folder, admissions) + "\" }\n"
        + "codeSystem: { system: icd10cm, table: \"" + table + "\" }\n"
        + "coders: [ " + Synthetic.yaml(parameters) + " ]\n"
        + "metrics: { bootstrap: 0 }\n");
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpuBefore = os.getProcessCpuTime();
    Medcode medcode = new Medcode(new Workspace(folder, folder.resolve("data"), folder.resolve("results"), null, false, Clock.systemUTC(), RunListener.SILENT));
    medcode.run(new RunRequest(config, List.of(), null, List.of(), folder.resolve("out")));
    double cpuPerCall = (os.getProcessCpuTime() - cpuBefore) / 1e6 / admissions;
    JsonNode coder = new ObjectMapper().readTree(folder.resolve("out/manifest.json").toFile()).get("coders").get("llm");
    if (label != null) {
      return;
    }
    double seconds = coder.get("coding_millis_this_session").asLong() / 1000.0;
    double achieved = coder.get("answered").asInt() / seconds;
    double ideal = inFlight * 1000.0 / latency;
    double overhead = seconds * 1000.0 * inFlight / admissions - latency;
    System.out.printf(Locale.ROOT, "%-9d %-10d %-9.2f %-13.1f %-11.1f %-9s %-19s %.2f ms%n", inFlight, admissions, seconds,
        achieved, ideal, String.format(Locale.ROOT, "%.1f%%", 100 * achieved / ideal),
        String.format(Locale.ROOT, "%.1f ms", overhead), cpuPerCall);
  }
}
