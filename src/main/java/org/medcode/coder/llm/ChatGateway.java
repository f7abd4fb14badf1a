package org.medcode.coder.llm;

/** One chat completion: a system and a user message in, the model's reply out; errors are runtime exceptions. */
interface ChatGateway {
  /** What the model said: its text (may be null), a provider-flagged refusal (null when none), and token counts. */
  record Reply(String text, String refusal, String finishReason, long inputTokens, long outputTokens) {}

  Reply chat(String system, String user);

  /** Sets up what the first chat would (clients, connections' machinery), before requests start together. */
  default void open() {}
}
