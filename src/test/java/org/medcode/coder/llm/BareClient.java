package org.medcode.coder.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The peer of {@link LlmThroughput}: the least a Java client can do for the same calls, in a cold process of its own —
 * a fixed pool of N threads sharing one JDK HTTP client, each posting an OpenAI chat request with the admission's note
 * and reading the answer's JSON, nothing else (no prompt template, retries, cache, log or evaluation).
 * {@code java -cp ... org.medcode.coder.llm.BareClient BASE_URL IN_FLIGHT ADMISSIONS [BATCHES]} prints, per batch of
 * the admissions, the seconds from its first request to its last answer (the first batch runs in the cold JVM, as the
 * harness does; later ones show the same client warm), and exits non-zero when any call failed.
 */
public final class BareClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BareClient() {}

  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0] + "/chat/completions");
    int inFlight = Integer.parseInt(args[1]);
    int admissions = Integer.parseInt(args[2]);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1) // as the harness's client
        .connectTimeout(Duration.ofSeconds(30)).build();
    int batches = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    ExecutorService pool = Executors.newFixedThreadPool(inFlight, r -> {
      Thread thread = new Thread(r, "bare-client");
      thread.setDaemon(true);
      return thread;
    });
    StringBuilder seconds = new StringBuilder();
    try {
      for (int batch = 0; batch < batches; batch++) {
        seconds.append(batch == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", code(client, pool, uri, admissions)));
      }
    } catch (ExecutionException e) {
      System.out.println("a call failed: " + e.getCause());
      System.exit(1);
    }
    System.out.println(seconds);
    System.exit(0);
  }

  private static double code(HttpClient client, ExecutorService pool, URI uri, int admissions) throws Exception {
    long start = System.nanoTime();
    List<Future<String>> answers = new ArrayList<>();
    for (int n = 0; n < admissions; n++) {
      String id = Synthetic.id(n);
      int number = n;
      answers.add(pool.submit(() -> {
        ObjectNode body = JSON.createObjectNode().put("model", "stub-model").put("temperature", 0).put("max_tokens", 1024);
        body.putArray("messages")
            .add(JSON.createObjectNode().put("role", "system").put("content", "You are a medical coder."))
            .add(JSON.createObjectNode().put("role", "user").put("content",
                "Patient case " + id + " was admitted with findings number " + number + "."));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json").header("Authorization", "Bearer bench")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
          throw new IllegalStateException("HTTP " + response.statusCode());
        }
        JsonNode answer = JSON.readTree(response.body());
        return answer.path("choices").path(0).path("message").path("content").asText();
      }));
    }
    for (Future<String> answer : answers) {
      answer.get();
    }
    return (System.nanoTime() - start) / 1e9;
  }
}
