package org.medcode.coder.llm;

import java.util.Locale;
import org.medcode.MedcodeException;

/**
 * The chat APIs the {@code llm} coder speaks, with each one's default endpoint and the environment variable that holds
 * its key by default. {@code openai-compatible} (vLLM, llama.cpp, LM Studio, a test stub) and {@code ollama} use the
 * OpenAI wire format and need no key; {@code azure-openai} uses Azure's OpenAI-compatible v1 endpoint
 * ({@code https://RESOURCE.openai.azure.com/openai/v1/}) with the key in the {@code api-key} header.
 */
enum Provider {
  OPENAI("openai", "https://api.openai.com/v1", "OPENAI_API_KEY"),
  AZURE_OPENAI("azure-openai", null, "AZURE_OPENAI_API_KEY"),
  ANTHROPIC("anthropic", "https://api.anthropic.com/v1", "ANTHROPIC_API_KEY"),
  GEMINI("gemini", "https://generativelanguage.googleapis.com/v1beta", "GEMINI_API_KEY"),
  OLLAMA("ollama", "http://localhost:11434/v1", null),
  OPENAI_COMPATIBLE("openai-compatible", null, null);

  private final String label;
  private final String defaultBaseUrl;
  private final String defaultKeyEnv;

  Provider(String label, String defaultBaseUrl, String defaultKeyEnv) {
    this.label = label;
    this.defaultBaseUrl = defaultBaseUrl;
    this.defaultKeyEnv = defaultKeyEnv;
  }

  String label() {
    return label;
  }

  /** The endpoint used when the config gives no {@code baseUrl}; null when one must be given. */
  String defaultBaseUrl() {
    return defaultBaseUrl;
  }

  /** The environment variable read for the key when the config names none; null when no key is needed. */
  String defaultKeyEnv() {
    return defaultKeyEnv;
  }

  /** Whether the provider has a batch API this coder speaks (OpenAI's files + batches, Anthropic's Message Batches). */
  boolean batches() {
    return this == OPENAI || this == AZURE_OPENAI || this == ANTHROPIC || this == OPENAI_COMPATIBLE;
  }

  /** Whether the provider speaks OpenAI's chat completions format (OpenAI, Azure, Ollama, OpenAI-compatible servers). */
  boolean openAiWire() {
    return this != ANTHROPIC && this != GEMINI;
  }

  /** Whether the provider refuses calls without a key (local OpenAI-compatible servers do not). */
  boolean needsKey() {
    return defaultKeyEnv != null;
  }

  static String labels() {
    StringBuilder text = new StringBuilder();
    for (Provider provider : values()) {
      text.append(text.length() == 0 ? "" : ", ").append(provider.label);
    }
    return text.toString();
  }

  static Provider parse(String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    for (Provider provider : values()) {
      if (provider.label.equals(wanted)) {
        return provider;
      }
    }
    throw new MedcodeException("coder llm: parameter 'provider' must be one of " + labels() + ", got '" + text + "'");
  }
}
