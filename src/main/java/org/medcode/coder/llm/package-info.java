/**
 * The {@code llm} coder: a chat model (through LangChain4j, confined to this package) lists an admission's codes.
 * {@link org.medcode.coder.llm.LlmCoderFactory} parses parameters, guards credentialed data, refuses a budget it cannot
 * meter and estimates a run (dry run); {@code LlmCoder} runs one admission (context budget, cache, pacing, adaptive
 * concurrency, retries, parsing, cost; the limiter, retries, failure kinds, timed calls, response cache and endpoint
 * guard are {@code coder.remote}'s, shared with the {@code http} coder); {@code HttpTransport} is LangChain4j's HTTP
 * client over those timed calls. Batch mode:
 * {@code BatchRun} submits, tracks (in the run folder), collects and answers; {@code BatchApi} is a provider's batch API
 * over the JDK client ({@code OpenAiBatchApi} for OpenAI and Azure, {@code AnthropicBatchApi}; {@code BatchHttp} their
 * calls), since LangChain4j has none. {@code WorstCaseLedger} keeps, in the run folder, the online attempts counted at
 * their worst case until their admission's line names them. {@code AnswerParser}, {@code PromptTemplate},
 * {@code Prompts}, {@code NoteWindow},
 * {@code PriceTable}, {@code TokenCounter} (jtokkit) and {@code Pacer} (rpm, tpm, rate-limit headers) each do one
 * job. Depends on the coder SPI, {@code coder.remote}, dataset and codesystem, Jackson, LangChain4j and jtokkit; never on run, eval, report or cli. Prompts, notes and keys are never logged.
 */
package org.medcode.coder.llm;
