package org.medcode.coder.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.medcode.Launcher;
import org.medcode.coder.remote.CallFailure;

/**
 * A provider's 400/404 that says a request can never succeed as configured, read from its error body (OpenAI's
 * {@code invalid_request_error} with {@code param} and {@code code}; Anthropic's and Gemini's messages), and told in the
 * coder's terms: {@code unsupported_parameter} names the parameter the model refused and the config key to change,
 * {@code model_not_found} the model. Not retried; counted by {@link LlmCoder}'s fail-fast.
 */
final class Rejection {
  static final Set<String> KINDS = Set.of("unsupported_parameter", "model_not_found");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern QUOTED = Pattern.compile("['`]([A-Za-z_.\\[\\]0-9]+)['`]");
  private static final Pattern UNSUPPORTED = Pattern.compile("(?i)unsupported (parameter|value)|not supported"
      + "|unrecognized request argument|extra inputs are not permitted|unknown (name|field|parameter)"
      + "|invalid json payload received|may only be set|only the default");

  private Rejection() {}

  /** The failure a status and body mean, or null when they are not a refused parameter or a missing model. */
  static CallFailure of(LlmSettings settings, int status, String body) {
    if (status != 400 && status != 404 && status != 422) {
      return null;
    }
    JsonNode error = parse(body).path("error");
    String message = error.path("message").asText(body == null ? "" : body).trim();
    String code = error.path("code").isTextual() ? error.path("code").asText() : "";
    String param = error.path("param").isTextual() ? error.path("param").asText() : null;
    String detail = "HTTP " + status + (code.isEmpty() ? "" : " " + code) + ": " + HttpTransport.excerpt(message);
    if (code.equals("model_not_found") || status == 404 && message.toLowerCase(java.util.Locale.ROOT).contains("model")) {
      return new CallFailure("model_not_found", false, null, "model " + settings.model() + " was not found at "
          + settings.baseUrl() + " (" + detail + "); fix: correct 'model'" + (settings.provider() == Provider.AZURE_OPENAI
              ? " (on Azure OpenAI: the deployment name)" : "") + ", or check that the key's account may use it");
    }
    boolean refusedParameter = code.equals("unsupported_parameter") || code.equals("unsupported_value")
        || UNSUPPORTED.matcher(message).find();
    if (!refusedParameter) {
      return null;
    }
    if (param == null) {
      Matcher quoted = QUOTED.matcher(message);
      param = quoted.find() ? quoted.group(1) : "?";
    }
    return new CallFailure("unsupported_parameter", false, null, "model " + settings.model() + " refused the parameter '"
        + param + "' (" + detail + "); fix: " + fix(settings, param, code.equals("unsupported_value")
            || message.toLowerCase(java.util.Locale.ROOT).contains("unsupported value")));
  }

  /** What to change in the coder's config so that the parameter is sent as the model takes it, or not at all. */
  static String fix(LlmSettings settings, String param, boolean value) {
    LlmSettings.Generation generation = settings.generation();
    String family = "family " + generation.family().label() + (generation.familyInferred()
        ? " was inferred from the model name" : " is configured");
    String name = param.toLowerCase(java.util.Locale.ROOT);
    if (name.equals("max_tokens") || name.equals("temperature") && generation.family() == LlmSettings.Family.CHAT
        && settings.provider().openAiWire()) {
      return "set family: reasoning in the coder's config (sends max_completion_tokens and no temperature or seed; "
          + family + ")";
    }
    if (name.equals("max_completion_tokens") || name.equals("reasoning_effort") && !value) {
      return "set family: chat in the coder's config (sends max_tokens, temperature and seed) and leave reasoningEffort"
          + " empty (" + family + ")";
    }
    if (name.equals("reasoning_effort")) {
      return "set reasoningEffort to a level this model takes (low, medium or high; minimal is for GPT-5 only), or leave"
          + " it empty for the model's default (reasoningEffort is " + generation.reasoningEffort() + ")";
    }
    if (name.equals("seed")) {
      return "set seed: none in the coder's config";
    }
    if (name.equals("temperature")) {
      return "set temperature to a value the model takes (e.g. 1), or family: reasoning for an OpenAI reasoning model";
    }
    if (name.startsWith("response_format") || name.startsWith("tool") || name.contains("responseschema")
        || name.contains("response_schema") || name.contains("responsemimetype")) {
      return "set responseFormat: " + (generation.responseFormat() == LlmSettings.ResponseFormat.JSON_SCHEMA
          && settings.provider().openAiWire() ? "json_object or none" : "none") + " in the coder's config (responseFormat is "
          + generation.responseFormat().label() + ")";
    }
    if (name.startsWith("thinking") || name.contains("budget")) {
      return "set thinkingBudget: 0 (or leave it empty) for a model without thinking, or a budget the model takes";
    }
    return "change or remove the setting of the coder's config that sends '" + param + "' (" + Launcher.WRITTEN + " coders lists them)";
  }

  private static JsonNode parse(String body) {
    try {
      JsonNode node = body == null || body.isBlank() ? null : JSON.readTree(body);
      return node == null ? JSON.createObjectNode() : node;
    } catch (java.io.IOException e) {
      return JSON.createObjectNode();
    }
  }
}
