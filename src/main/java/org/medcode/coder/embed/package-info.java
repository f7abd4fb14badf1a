/**
 * {@code embed-retrieval}: embeds the sentences of a note and every billable code title of the code table with the
 * in-process all-MiniLM-L6-v2 sentence model and proposes the closest codes; needs no training data, so it can
 * propose codes never seen in training. The code-title index is built once per table and model and cached on disk
 * ({@link org.medcode.coder.embed.CodeTitleIndex}). The only package that may use LangChain4j ({@code dev.langchain4j});
 * may depend on the coder SPI, the training kit ({@code coder.training}: thresholds, validation carve, model folders),
 * dataset and codesystem.
 */
package org.medcode.coder.embed;
