package org.medcode.coder.llm;

/** One chat completion: a system and a user message in, the model's reply out; errors are runtime exceptions. */
interface ChatGateway {
  /**
   * What the model said: its text (may be null), a provider-flagged refusal (null when none), token counts (output
   * includes reasoning/thinking tokens, as billed; {@code reasoningTokens} is their share where the provider reports it,
   * else 0), and the snapshot that answered: the {@code model} string the provider returned and its
   * {@code system_fingerprint} (null when it gave none).
   */
  /** A token count the provider did not report (no usage in its answer): the coder estimates it. */
  long UNKNOWN = -1;

  /** One answer; {@code inputTokens} and {@code outputTokens} are {@link #UNKNOWN} when the provider gave no usage. */
  record Reply(String text, String refusal, String finishReason, long inputTokens, long outputTokens,
      long reasoningTokens, String servedModel, String fingerprint) {
    Reply(String text, String refusal, String finishReason, long inputTokens, long outputTokens) {
      this(text, refusal, finishReason, inputTokens, outputTokens, 0, null, null);
    }
  }

  Reply chat(String system, String user);

  /** Sets up what the first chat would (clients, connections' machinery), before requests start together. */
  default void open() {}

  /** Ends the gateway's client once no chat is in flight (a gateway never opened has nothing to end). */
  default void close() {}
}
