package org.medcode.coder.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicChatResponseMetadata;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.googleai.GeminiThinkingConfig;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiTokenUsage;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatResponseMetadata;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.medcode.coder.remote.TimedHttp;

/**
 * Chat through LangChain4j: builds the provider's chat model over {@link HttpTransport} with LangChain4j's own retries
 * and request/response logging switched off (retries, timeouts and concurrency are this coder's; prompts and notes are
 * never logged). OpenAI's {@code refusal} field is read from the raw response, which LangChain4j does not surface.
 */
final class LangChainGateway implements ChatGateway {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final java.util.function.Supplier<java.net.http.HttpClient> clients;
  private final java.util.function.Function<java.net.http.HttpClient, ChatModel> factory;
  private volatile ChatModel model;
  /** The JDK client under the model, once built (closed with the gateway). */
  private volatile java.net.http.HttpClient client;
  private volatile boolean closed;

  LangChainGateway(ChatModel model) {
    this.clients = null;
    this.factory = null;
    this.model = model;
  }

  private LangChainGateway(java.util.function.Supplier<java.net.http.HttpClient> clients,
      java.util.function.Function<java.net.http.HttpClient, ChatModel> factory) {
    this.clients = clients;
    this.factory = factory;
  }

  /**
   * A gateway whose LangChain4j model and JDK HTTP client are built at the first chat, so that a run the cache answers
   * loads neither (nor the TLS machinery the JDK client sets up).
   */
  static LangChainGateway create(LlmSettings settings, String apiKey,
      java.util.function.Supplier<java.net.http.HttpClient> client, Consumer<java.net.http.HttpHeaders> observer) {
    return new LangChainGateway(client, jdk -> model(settings, apiKey,
        HttpTransport.builder(jdk, settings.timeout(), observer, settings::withBaseQuery)));
  }

  /** Ends the client; a chat after this is refused (the client could no longer answer it). */
  @Override
  public synchronized void close() {
    closed = true;
    TimedHttp.close(client);
    client = null;
  }

  @Override
  public void open() {
    model();
  }

  private ChatModel model() {
    ChatModel current = model;
    if (current == null || closed) {
      synchronized (this) {
        if (closed) {
          throw new IllegalStateException("the llm coder's client was closed: the run's calls are over");
        }
        current = model;
        if (current == null) {
          java.net.http.HttpClient jdk = clients.get();
          try {
            current = factory.apply(jdk);
          } catch (RuntimeException e) {
            TimedHttp.close(jdk);
            throw e;
          }
          client = jdk;
          model = current;
        }
      }
    }
    return current;
  }

  /**
   * Runs one chat through the same LangChain4j model over an in-process client that answers a canned reply in the
   * provider's wire format: classes are loaded and JSON bindings built once, on one thread, before the run's requests
   * start together (otherwise every one of them waits on that work in its first call). Sends nothing.
   */
  static void warmUp(LlmSettings settings) {
    String body = switch (settings.provider()) {
      case OPENAI, OPENAI_COMPATIBLE, OLLAMA, AZURE_OPENAI -> "{\"id\":\"warm-up\",\"object\":\"chat.completion\",\"created\":1,"
          + "\"model\":\"m\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\","
          + "\"content\":\"{\\\"codes\\\": []}\",\"refusal\":null}}],\"usage\":{\"prompt_tokens\":1,"
          + "\"completion_tokens\":1,\"total_tokens\":2}}";
      case ANTHROPIC -> "{\"id\":\"warm-up\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":"
          + "[{\"type\":\"text\",\"text\":\"{\\\"codes\\\": []}\"}],\"stop_reason\":\"end_turn\","
          + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";
      case GEMINI -> "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"{\\\"codes\\\": []}\"}]},"
          + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":1,\"candidatesTokenCount\":1,"
          + "\"totalTokenCount\":2}}";
    };
    HttpClient canned = new HttpClient() {
      @Override
      public SuccessfulHttpResponse execute(HttpRequest request) {
        return SuccessfulHttpResponse.builder().statusCode(200).headers(Map.of("content-type", List.of("application/json")))
            .body(body).build();
      }

      @Override
      public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        throw new UnsupportedOperationException("no streaming");
      }
    };
    HttpClientBuilder builder = new HttpClientBuilder() {
      @Override
      public Duration connectTimeout() {
        return settings.timeout();
      }

      @Override
      public HttpClientBuilder connectTimeout(Duration ignored) {
        return this;
      }

      @Override
      public Duration readTimeout() {
        return settings.timeout();
      }

      @Override
      public HttpClientBuilder readTimeout(Duration ignored) {
        return this;
      }

      @Override
      public HttpClient build() {
        return canned;
      }
    };
    try {
      new LangChainGateway(model(settings, "warm-up", builder)).chat("warm-up", "warm-up");
    } catch (RuntimeException e) {
      // a warm-up only: the real calls report their own errors
    }
  }

  /** The tool Anthropic is made to call (responseFormat json_schema): its input is the answer. */
  static final String ANSWER_TOOL = "record_codes";

  /** The answer's schema: {@code {"codes": [string]}}, nothing else. */
  static JsonObjectSchema answerSchema() {
    return JsonObjectSchema.builder().addProperty("codes", JsonArraySchema.builder().items(new JsonStringSchema())
        .description("the codes that apply, most important first").build()).required("codes")
        .additionalProperties(false).build();
  }

  private static dev.langchain4j.model.chat.request.ResponseFormat responseFormat(LlmSettings.ResponseFormat format) {
    return switch (format) {
      case JSON_SCHEMA -> dev.langchain4j.model.chat.request.ResponseFormat.builder().type(ResponseFormatType.JSON)
          .jsonSchema(JsonSchema.builder().name("codes").rootElement(answerSchema()).build()).build();
      case JSON_OBJECT -> dev.langchain4j.model.chat.request.ResponseFormat.JSON;
      case NONE -> null;
    };
  }

  /**
   * The provider's chat model with the parameters its family takes: chat models max_tokens, temperature and seed;
   * OpenAI reasoning models max_completion_tokens and reasoning_effort; Anthropic with thinking a thinking budget and no
   * temperature; Gemini its thinking budget. The response format goes as each provider takes it.
   */
  private static ChatModel model(LlmSettings settings, String givenKey, HttpClientBuilder http) {
    LlmSettings.Generation generation = settings.generation();
    // LangChain4j's Anthropic and Gemini models insist on a key; a server on this machine may be called without one
    String apiKey = givenKey == null && !settings.provider().openAiWire() ? "none" : givenKey;
    boolean sampling = generation.sampling();
    return switch (settings.provider()) {
      case OPENAI, OPENAI_COMPATIBLE, OLLAMA, AZURE_OPENAI -> {
        var builder = OpenAiChatModel.builder().httpClientBuilder(http).baseUrl(settings.basePath())
            .modelName(settings.model()).timeout(settings.timeout()).maxRetries(0).logRequests(false).logResponses(false);
        if (sampling) {
          builder.temperature(settings.temperature()).maxTokens(settings.maxTokens()).seed(settings.seed());
        } else {
          builder.maxCompletionTokens(settings.maxTokens()).reasoningEffort(generation.reasoningEffort());
        }
        if (generation.responseFormat() != LlmSettings.ResponseFormat.NONE) {
          builder.responseFormat(responseFormat(generation.responseFormat()))
              .strictJsonSchema(generation.responseFormat() == LlmSettings.ResponseFormat.JSON_SCHEMA);
        }
        if (apiKey != null && settings.provider() == Provider.AZURE_OPENAI) {
          builder.customHeaders(Map.of("api-key", apiKey));
        } else if (apiKey != null) {
          builder.apiKey(apiKey);
        }
        yield builder.build();
      }
      case ANTHROPIC -> {
        var builder = AnthropicChatModel.builder().httpClientBuilder(http).baseUrl(settings.basePath()).apiKey(apiKey)
            .modelName(settings.model()).maxTokens(settings.maxTokens()).timeout(settings.timeout()).maxRetries(0)
            .logRequests(false).logResponses(false);
        Integer budget = generation.thinkingBudget();
        if (budget != null && budget > 0) {
          builder.thinkingType("enabled").thinkingBudgetTokens(budget).returnThinking(false);
        } else {
          builder.temperature(settings.temperature());
        }
        if (generation.responseFormat() == LlmSettings.ResponseFormat.JSON_SCHEMA) {
          builder.toolSpecifications(ToolSpecification.builder().name(ANSWER_TOOL)
              .description("Record the codes that apply to the admission").parameters(answerSchema()).build())
              .toolChoiceName(ANSWER_TOOL);
        }
        yield builder.build();
      }
      case GEMINI -> {
        var builder = GoogleAiGeminiChatModel.builder().httpClientBuilder(http).baseUrl(settings.basePath()).apiKey(apiKey)
            .modelName(settings.model()).temperature(settings.temperature()).maxOutputTokens(settings.maxTokens())
            .seed(settings.seed()).timeout(settings.timeout()).maxRetries(0).logRequestsAndResponses(false);
        if (generation.thinkingBudget() != null) {
          builder.thinkingConfig(GeminiThinkingConfig.builder().thinkingBudget(generation.thinkingBudget()).build());
        }
        if (generation.responseFormat() != LlmSettings.ResponseFormat.NONE) {
          builder.responseFormat(responseFormat(generation.responseFormat()));
        }
        yield builder.build();
      }
    };
  }

  @Override
  public Reply chat(String system, String user) {
    List<ChatMessage> messages = new ArrayList<>();
    if (!system.isBlank()) {
      messages.add(SystemMessage.from(system));
    }
    messages.add(UserMessage.from(user));
    ChatResponse response;
    try {
      response = model().chat(ChatRequest.builder().messages(messages).build());
    } catch (ContentFilteredException e) { // OpenAI's refusal field, or a provider's content filter
      return new Reply(null, e.getMessage() == null ? "the provider's content filter stopped the answer" : e.getMessage(),
          "content_filter", ChatGateway.UNKNOWN, ChatGateway.UNKNOWN); // paid, but LangChain4j drops the usage here
    }
    TokenUsage usage = response.tokenUsage();
    long input = usage == null || usage.inputTokenCount() == null ? ChatGateway.UNKNOWN : usage.inputTokenCount();
    long output = usage == null || usage.outputTokenCount() == null ? ChatGateway.UNKNOWN : usage.outputTokenCount();
    long reasoning = 0;
    if (usage instanceof OpenAiTokenUsage openAi && openAi.outputTokensDetails() != null
        && openAi.outputTokensDetails().reasoningTokens() != null) {
      reasoning = openAi.outputTokensDetails().reasoningTokens(); // already part of completion_tokens
    } else if (usage instanceof GoogleAiGeminiTokenUsage gemini && gemini.thoughtsTokenCount() != null) {
      reasoning = gemini.thoughtsTokenCount();
      output = output == ChatGateway.UNKNOWN ? output : output + reasoning; // Gemini bills thoughts apart, as output
    }
    String finish = response.finishReason() == null ? null : response.finishReason().name().toLowerCase(java.util.Locale.ROOT);
    String refusal = "content_filter".equals(finish) ? "the provider's content filter stopped the answer" : null;
    String fingerprint = null;
    if (response.metadata() instanceof OpenAiChatResponseMetadata openAi) {
      fingerprint = openAi.systemFingerprint();
      if (openAi.rawHttpResponse() != null) {
        refusal = refusal != null ? refusal : openAiRefusal(openAi.rawHttpResponse().body());
      }
    } else if (response.metadata() instanceof AnthropicChatResponseMetadata anthropic && "other".equals(finish)
        && anthropic.rawHttpResponse() != null && "refusal".equals(anthropicStopReason(anthropic.rawHttpResponse().body()))) {
      // LangChain4j reads stop_reason refusal as OTHER; as a batch result reads it (AnthropicBatchApi), it is a refusal
      refusal = "the model stopped with stop_reason refusal";
    }
    String text = response.aiMessage() == null ? null : response.aiMessage().text();
    if (response.aiMessage() != null && response.aiMessage().hasToolExecutionRequests()) {
      for (ToolExecutionRequest call : response.aiMessage().toolExecutionRequests()) {
        if (ANSWER_TOOL.equals(call.name())) {
          text = call.arguments(); // the forced tool call's input is the answer
          break;
        }
      }
    }
    return new Reply(text, refusal, finish, input, output, reasoning, response.metadata() == null ? null
        : response.metadata().modelName(), fingerprint);
  }

  /** The {@code stop_reason} of an Anthropic Messages answer; null when it has none or does not parse. */
  private static String anthropicStopReason(String body) {
    try {
      JsonNode stop = JSON.readTree(body).path("stop_reason");
      return stop.isTextual() ? stop.asText() : null;
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }

  private static String openAiRefusal(String body) {
    try {
      JsonNode refusal = JSON.readTree(body).path("choices").path(0).path("message").path("refusal");
      return refusal.isTextual() && !refusal.asText().isBlank() ? refusal.asText() : null;
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }
}
