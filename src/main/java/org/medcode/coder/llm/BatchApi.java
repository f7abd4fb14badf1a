package org.medcode.coder.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A provider's batch API as this coder uses it, over the JDK HTTP client (LangChain4j has no batch client): request
 * lines built exactly as the online request body, upload, create, status, download, cancel, and the results read back
 * as the online reply. The key travels only in request headers; request files hold bodies only.
 */
interface BatchApi {
  /** A batch as the provider reports it; {@code state} is one of {@link State}'s labels. */
  record Remote(String id, State state, int total, int completed, int failed, String outputFileId, String errorFileId,
      String resultsUrl, String problem) {}

  /** The states every provider's batches pass through, as this coder names them. */
  enum State {
    VALIDATING, IN_PROGRESS, FINALIZING, COMPLETED, FAILED, EXPIRED, CANCELLING, CANCELLED;

    boolean terminal() {
      return this == COMPLETED || this == FAILED || this == EXPIRED || this == CANCELLED;
    }

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One per-request result of a batch's output: a reply, or a failure by kind. */
  record Result(String customId, ChatGateway.Reply reply, String kind, String message) {}

  /** The provider's limits on one batch: requests and bytes of the request file. */
  int maxRequests();

  long maxBytes();

  /** One line of a request file: the request {@code customId} with the body online mode would send. */
  String requestLine(String customId, String system, String user);

  /** The custom id of a request line (to learn which requests a file holds after a restart). */
  String customId(JsonNode line);

  /** Uploads a request file where the provider wants one (OpenAI, Azure); null when batches take requests inline. */
  String upload(Path requests) throws IOException, InterruptedException;

  /** Creates a batch of the uploaded file (or of the file's requests, inline). */
  Remote create(String fileId, Path requests) throws IOException, InterruptedException;

  /**
   * After a kill between sending a create request and recording its answer: the batch that request made, found among
   * the provider's batches created since {@code notBefore}, every page of its list back to then (by input file, or by
   * size and creation time), so it is adopted, not made twice; never one of {@code known}, the batches this run folder
   * already recorded (its own batch sent a moment before has the same size and time). Empty when there is none; an
   * error when it cannot be told.
   */
  java.util.Optional<Remote> findCreated(String fileId, int requests, java.time.Instant notBefore,
      java.util.Set<String> known) throws IOException, InterruptedException;

  Remote status(String batchId) throws IOException, InterruptedException;

  Remote cancel(String batchId) throws IOException, InterruptedException;

  /** Downloads a batch's results (and errors, where separate) to files; returns the files written. */
  List<Path> download(Remote batch, Path output, Path errors) throws IOException, InterruptedException;

  /** Reads one line of a downloaded result file. */
  Result result(JsonNode line);

  /** Headers every request carries (the key among them: never written anywhere). */
  Map<String, String> headers();

  /** Ends the API's HTTP client once no call is in flight. */
  void close();
}
