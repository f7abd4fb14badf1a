package org.medcode.coder.llm;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.Locale;
import org.medcode.MedcodeException;

/**
 * Counts the prompt tokens of one request: exactly with OpenAI's tokenizer (jtokkit, offline) for OpenAI models,
 * including the chat format's framing (3 tokens per message plus its role, 3 to prime the reply, as OpenAI counts
 * them), else an estimate of 4 characters per token, labelled as such. {@code tokenizer: auto} picks {@code o200k_base}
 * for gpt-4o, gpt-4.1, gpt-4.5, gpt-5 and o-series models and {@code cl100k_base} for gpt-4 and gpt-3.5 (provider
 * openai or azure-openai; an Azure deployment name that says neither needs {@code tokenizer} set). A request that asks
 * for the answer's shape ({@code responseFormat: json_schema}) carries more than its messages, and is counted with it:
 * the schema's JSON text (OpenAI, Azure, Gemini), or Anthropic's forced tool with the system prompt Anthropic adds for
 * tool use ({@value #ANTHROPIC_TOOL_PROMPT} tokens: the most its pricing page lists for {@code tool_choice} any or tool).
 */
final class TokenCounter {
  private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();
  private static final int PER_MESSAGE = 3;
  private static final int REPLY_PRIMING = 3;

  /** Anthropic's tool-use system prompt for a forced tool: 313 tokens on Claude 4 models, at most 340 on any. */
  static final int ANTHROPIC_TOOL_PROMPT = 340;

  private final Encoding encoding;
  /** Tokens the provider adds for the answer's shape, beyond its text (Anthropic's tool-use system prompt). */
  private final int shapePrompt;
  /**
   * The tokens a request's answer shape (what it sends besides its messages to ask for it; none: 0) adds, as {@link
   * #count} counts them and as {@link #upperBound} bounds them.
   */
  private final long shapeCount;
  private final long shapeBound;

  /** {@code shape}: the text a request sends to ask for the answer's shape, "" when it asks for none. */
  private TokenCounter(Encoding encoding, String shape, int shapePrompt) {
    this.encoding = encoding;
    this.shapePrompt = shapePrompt;
    long text = shape.isEmpty() ? 0 : encoding != null ? encoding.countTokensOrdinary(shape)
        : (shape.length() + NoteWindow.CHARS_PER_TOKEN - 1) / NoteWindow.CHARS_PER_TOKEN;
    this.shapeCount = shape.isEmpty() ? 0 : shapePrompt + text;
    this.shapeBound = shape.isEmpty() ? 0 : encoding != null ? shapeCount : shapePrompt + bound("", shape);
  }

  /** The counter for these settings' requests: their model's tokenizer, and the answer's shape they ask for. */
  static TokenCounter of(LlmSettings settings) {
    TokenCounter counter = of(settings.provider(), settings.model(), settings.tokenizer());
    if (settings.generation().responseFormat() != LlmSettings.ResponseFormat.JSON_SCHEMA) {
      return counter;
    }
    return settings.provider() == Provider.ANTHROPIC
        ? new TokenCounter(counter.encoding, AnthropicBatchApi.params(settings, "", "").get("tools").toString(),
            ANTHROPIC_TOOL_PROMPT)
        : new TokenCounter(counter.encoding, OpenAiBatchApi.answerSchema().toString(), 0);
  }

  static TokenCounter of(Provider provider, String model, String tokenizer) {
    String choice = tokenizer.trim().toLowerCase(Locale.ROOT);
    EncodingType type = switch (choice) {
      case "auto" -> provider == Provider.OPENAI || provider == Provider.AZURE_OPENAI ? forModel(model) : null;
      case "estimate" -> null;
      case "o200k_base" -> EncodingType.O200K_BASE;
      case "cl100k_base" -> EncodingType.CL100K_BASE;
      default -> throw new MedcodeException("coder llm: parameter 'tokenizer' must be auto, o200k_base, cl100k_base or"
          + " estimate, got '" + tokenizer + "'");
    };
    return new TokenCounter(type == null ? null : REGISTRY.getEncoding(type), "", 0);
  }

  private static EncodingType forModel(String model) {
    String m = model.toLowerCase(Locale.ROOT);
    if (m.startsWith("gpt-4o") || m.startsWith("chatgpt-4o") || m.startsWith("gpt-4.1") || m.startsWith("gpt-4.5")
        || m.startsWith("gpt-5") || m.matches("o[134](-.*)?")) {
      return EncodingType.O200K_BASE;
    }
    if (m.startsWith("gpt-4") || m.startsWith("gpt-3.5")) {
      return EncodingType.CL100K_BASE;
    }
    return null;
  }

  boolean exact() {
    return encoding != null;
  }

  /** How the counts are made, for the dry run's output. */
  String label() {
    String label = encoding != null ? "exact (" + encoding.getName() + ")" : "estimate (4 characters per token)";
    if (shapeCount == 0) {
      return label;
    }
    return label + ", with " + shapeCount + " per request for " + (shapePrompt > 0 ? "the answer tool and the "
        + shapePrompt + " of Anthropic's tool-use prompt" : "the answer's schema, counted as its JSON text");
  }

  /**
   * The prompt tokens of a request with these messages (an empty system message is not sent), and the answer's shape
   * it asks for.
   */
  long count(String system, String user) {
    if (encoding == null) {
      return (system.length() + user.length() + NoteWindow.CHARS_PER_TOKEN - 1) / NoteWindow.CHARS_PER_TOKEN
          + shapeCount;
    }
    long tokens = REPLY_PRIMING + message("user", user) + shapeCount;
    return system.isBlank() ? tokens : tokens + message("system", system);
  }

  /**
   * At least the prompt tokens of the request, for a budget that must hold: the exact count, or without a tokenizer
   * {@link #bound} of the two messages' text plus 16 for their framing; either with the answer's shape.
   */
  long upperBound(String system, String user) {
    return encoding != null ? count(system, user) : bound(system, user) + 16 + shapeBound;
  }

  /** At least the tokens of an answer's text: the exact count, or {@link #bound} without a tokenizer. */
  long upperBound(String text) {
    if (text == null || text.isEmpty()) {
      return 1;
    }
    return encoding != null ? encoding.countTokensOrdinary(text) + 1 : bound("", text) + 1;
  }

  /**
   * Without a tokenizer, at least the tokens of these texts: one per 2 characters of Latin script (up to U+024F: no
   * common tokenizer averages fewer characters per token on such text), and one per UTF-8 byte of any other character
   * (Chinese, Japanese, Cyrillic, symbols), as byte-level tokenizers may spend one token per byte there: one per 2
   * characters of Chinese text, as before, was a third of what a tokenizer may count, so a budget did not hold.
   */
  static long bound(String system, String user) {
    long latin = 0;
    long bytes = 0;
    for (String text : new String[] {system, user}) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c <= 0x24F) {
          latin++;
        } else {
          bytes += c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3; // a surrogate pair is 4 bytes
        }
      }
    }
    return (latin + 1) / 2 + bytes;
  }

  private long message(String role, String content) {
    return PER_MESSAGE + encoding.countTokensOrdinary(role) + encoding.countTokensOrdinary(content);
  }
}
