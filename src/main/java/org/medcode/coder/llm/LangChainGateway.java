package org.medcode.coder.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatResponseMetadata;
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

/**
 * Chat through LangChain4j: builds the provider's chat model over {@link HttpTransport} with LangChain4j's own retries
 * and request/response logging switched off (retries, timeouts and concurrency are this coder's; prompts and notes are
 * never logged). OpenAI's {@code refusal} field is read from the raw response, which LangChain4j does not surface.
 */
final class LangChainGateway implements ChatGateway {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final java.util.function.Supplier<ChatModel> factory;
  private volatile ChatModel model;

  LangChainGateway(ChatModel model) {
    this.factory = null;
    this.model = model;
  }

  private LangChainGateway(java.util.function.Supplier<ChatModel> factory) {
    this.factory = factory;
  }

  /**
   * A gateway whose LangChain4j model and JDK HTTP client are built at the first chat, so that a run the cache answers
   * loads neither (nor the TLS machinery the JDK client sets up).
   */
  static LangChainGateway create(LlmSettings settings, String apiKey,
      java.util.function.Supplier<java.net.http.HttpClient> client, Consumer<java.net.http.HttpHeaders> observer) {
    return new LangChainGateway(() -> model(settings, apiKey,
        HttpTransport.builder(client.get(), settings.timeout(), observer)));
  }

  @Override
  public void open() {
    model();
  }

  private ChatModel model() {
    ChatModel current = model;
    if (current == null) {
      synchronized (this) {
        current = model;
        if (current == null) {
          current = factory.get();
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

  private static ChatModel model(LlmSettings settings, String apiKey, HttpClientBuilder http) {
    return switch (settings.provider()) {
      case OPENAI, OPENAI_COMPATIBLE, OLLAMA, AZURE_OPENAI -> {
        var builder = OpenAiChatModel.builder().httpClientBuilder(http).baseUrl(settings.baseUrl())
            .modelName(settings.model()).temperature(settings.temperature()).maxTokens(settings.maxTokens())
            .seed(settings.seed()).timeout(settings.timeout()).maxRetries(0).logRequests(false).logResponses(false);
        if (apiKey != null && settings.provider() == Provider.AZURE_OPENAI) {
          builder.customHeaders(Map.of("api-key", apiKey));
        } else if (apiKey != null) {
          builder.apiKey(apiKey);
        }
        yield builder.build();
      }
      case ANTHROPIC -> AnthropicChatModel.builder().httpClientBuilder(http).baseUrl(settings.baseUrl()).apiKey(apiKey)
          .modelName(settings.model()).temperature(settings.temperature()).maxTokens(settings.maxTokens())
          .timeout(settings.timeout()).maxRetries(0).logRequests(false).logResponses(false).build();
      case GEMINI -> GoogleAiGeminiChatModel.builder().httpClientBuilder(http).baseUrl(settings.baseUrl()).apiKey(apiKey)
          .modelName(settings.model()).temperature(settings.temperature()).maxOutputTokens(settings.maxTokens())
          .seed(settings.seed()).timeout(settings.timeout()).maxRetries(0).logRequestsAndResponses(false).build();
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
          "content_filter", 0, 0);
    }
    TokenUsage usage = response.tokenUsage();
    long input = usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
    long output = usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
    String finish = response.finishReason() == null ? null : response.finishReason().name().toLowerCase(java.util.Locale.ROOT);
    String refusal = "content_filter".equals(finish) ? "the provider's content filter stopped the answer" : null;
    if (response.metadata() instanceof OpenAiChatResponseMetadata openAi && openAi.rawHttpResponse() != null) {
      refusal = refusal != null ? refusal : openAiRefusal(openAi.rawHttpResponse().body());
    }
    return new Reply(response.aiMessage() == null ? null : response.aiMessage().text(), refusal, finish, input, output);
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
