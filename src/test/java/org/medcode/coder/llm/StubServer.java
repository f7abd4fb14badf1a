package org.medcode.coder.llm;

import java.io.IOException;

/**
 * The stub as a process of its own, so that a benchmark measures the harness without the stub sharing its JVM:
 * {@code java -cp ... org.medcode.coder.llm.StubServer PORT LATENCY_MS} answers every chat request with the admission's
 * gold codes after the latency, prints {@code listening BASE_URL}, and stops when its standard input closes.
 */
public final class StubServer {
  private StubServer() {}

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    long latency = Long.parseLong(args[1]);
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) ->
        ChatStub.answer(admission.equals("unknown") ? "[]" : Synthetic.goldJson(admission)).delayed(latency), port)) {
      System.out.println("listening " + stub.baseUrl());
      System.out.flush();
      while (System.in.read() >= 0) {
        // runs until the parent closes our input (or dies)
      }
    }
  }
}
