/**
 * The {@code llm} coder: a chat model (through LangChain4j, confined to this package) lists an admission's codes.
 * {@link org.medcode.coder.llm.LlmCoderFactory} parses parameters and guards credentialed data; {@code LlmCoder} runs
 * one admission (context budget, cache, adaptive concurrency, retries, parsing, cost); {@code HttpTransport} is the HTTP
 * client with hard per-call timeouts; {@code AnswerParser}, {@code PromptTemplate}, {@code Prompts}, {@code NoteWindow},
 * {@code ResponseCache}, {@code PriceTable} and {@code EndpointGuard} each do one job. Depends on the coder SPI, dataset
 * and codesystem, Jackson and LangChain4j; never on run, eval, report or cli. Prompts, notes and keys are never logged.
 */
package org.medcode.coder.llm;
