package org.medcode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A tiny coded dataset for tests that run coders end to end: {@code dev.jsonl} (admission i has id
 * {@code "A" + (firstId + i)}, one note with {@code text.apply(i)} and the ICD-10-CM codes {@code gold[i]}),
 * {@code train.jsonl} (I10 three times, E11.9 and N39.0 once each), a user code table {@code t.csv} and a config
 * {@code c.yaml} with the given coders (a YAML list) and bootstrap resamples, on one thread.
 */
public final class TinyData {
  private TinyData() {}

  /** Writes the files into {@code folder} and returns the config. */
  public static Path write(Path folder, String[][] gold, int firstId, IntFunction<String> text, String coders,
      int bootstrap) throws IOException {
    StringBuilder dataset = new StringBuilder();
    for (int i = 0; i < gold.length; i++) {
      dataset.append("{\"id\":\"A").append(firstId + i).append("\",\"notes\":[{\"type\":\"n\",\"text\":\"")
          .append(text.apply(i)).append("\"}],\"codes\":[");
      for (int j = 0; j < gold[i].length; j++) {
        dataset.append(j == 0 ? "" : ",").append("{\"system\":\"icd10cm\",\"code\":\"").append(gold[i][j]).append("\"}");
      }
      dataset.append("]}\n");
    }
    Files.writeString(folder.resolve("dev.jsonl"), dataset);
    Files.writeString(folder.resolve("train.jsonl"), """
        {"id":"T1","notes":[],"codes":[{"system":"icd10cm","code":"I10"},{"system":"icd10cm","code":"E11.9"}]}
        {"id":"T2","notes":[],"codes":[{"system":"icd10cm","code":"I10"},{"system":"icd10cm","code":"N39.0"}]}
        {"id":"T3","notes":[],"codes":[{"system":"icd10cm","code":"I10"}]}
        """);
    Files.writeString(folder.resolve("t.csv"), "code,description\nI10,Hypertension\nE11.9,Type 2 diabetes\n"
        + "N39.0,UTI\nJ18.9,Pneumonia\nK35.80,Appendicitis\n");
    Path config = folder.resolve("c.yaml");
    Files.writeString(config, "name: tiny\ndataset: \"jsonl:" + folder.resolve("dev.jsonl") + "\"\n"
        + "training: \"jsonl:" + folder.resolve("train.jsonl") + "\"\n"
        + "codeSystem: { system: icd10cm, table: \"" + folder.resolve("t.csv") + "\" }\n"
        + "coders: " + coders + "\n"
        + "metrics: { bootstrap: " + bootstrap + " }\nthreads: 1\n");
    return config;
  }

  /**
   * Makes the run folder {@code run} look as it does when killed while coder {@code coder} ran: the manifest says
   * running and records no coder, and the coder's log holds {@code log} only.
   */
  public static void killed(Path run, String coder, List<String> log) throws IOException {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode manifest =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(run.resolve("manifest.json").toFile());
    manifest.put("status", "running");
    manifest.remove("coders");
    json.writeValue(run.resolve("manifest.json").toFile(), manifest);
    Files.write(run.resolve(coder).resolve("predictions.jsonl"), log);
  }

  /** A prediction log's line for an admission the coder failed on (HTTP 503). */
  public static String failedLine(String admission) {
    return "{\"admission_id\":\"" + admission + "\",\"status\":\"failed\",\"codes\":[],\"failure\":{\"kind\":"
        + "\"server_error\",\"message\":\"HTTP 503\"},\"millis\":3}";
  }

  /** A prediction log's lines without their timings ({@code "millis"}), which differ from run to run. */
  public static List<String> withoutTimes(List<String> log) {
    return log.stream().map(line -> line.replaceAll("\"millis\":\\d+", "\"millis\":_")).toList();
  }
}
