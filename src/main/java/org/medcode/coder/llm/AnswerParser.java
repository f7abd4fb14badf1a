package org.medcode.coder.llm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.medcode.codesystem.CodeSystem;

/**
 * Reads codes out of a model's answer. In order: a blank answer is {@link Kind#EMPTY}; the first JSON value in the text
 * (inside a code fence or prose or not) gives the codes — an object's {@code codes} (or first array) field, or an
 * array; its elements are strings or objects with a {@code code}; text that opens a JSON value none of which parses
 * (a truncated answer) is {@link Kind#UNPARSEABLE}; an apology with no code is a {@link Kind#REFUSAL}; otherwise one
 * code per line of a plain list (bullets and numbering allowed), and nothing code-like is {@link Kind#UNPARSEABLE}.
 * Codes are normalised by the code system and de-duplicated; well-formed codes missing from the table are kept.
 */
final class AnswerParser {
  enum Kind { CODES, EMPTY, REFUSAL, UNPARSEABLE }

  /** What an answer said: codes (for {@code CODES}; empty otherwise) and, for failures, why. */
  record Answer(Kind kind, List<String> codes, String reason) {
    Answer {
      codes = List.copyOf(codes);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> CODE_FIELDS = List.of("codes", "icd10_codes", "icd_codes", "diagnoses", "diagnosis_codes");
  private static final Pattern REFUSAL = Pattern.compile(
      "^\\W*(i'm sorry|i am sorry|sorry|i can(no|')t|i cannot|i am unable|i'm unable|i won't|i will not|as an ai)\\b.*",
      Pattern.DOTALL);
  private static final Pattern NO_CODES = Pattern.compile("^\\W*(none|no codes?|n/a)\\W*$");
  private static final Pattern BULLET = Pattern.compile("^\\s*(?:[-*•]|\\d+[.)])?\\s*");

  private final CodeSystem system;

  AnswerParser(CodeSystem system) {
    this.system = system;
  }

  Answer parse(String text) {
    if (text == null || text.isBlank()) {
      return new Answer(Kind.EMPTY, List.of(), "the model answered nothing");
    }
    boolean sawJsonStart = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '{' && c != '[') {
        continue;
      }
      sawJsonStart = true;
      JsonNode node = firstValue(text.substring(i));
      if (node != null && (node.isObject() || node.isArray())) {
        List<String> codes = fromJson(node);
        if (codes != null) {
          return codes.isEmpty() ? new Answer(Kind.EMPTY, List.of(), "the model listed no code")
              : new Answer(Kind.CODES, codes, null);
        }
      }
    }
    if (sawJsonStart) {
      return new Answer(Kind.UNPARSEABLE, List.of(), "the answer opens JSON that does not parse (truncated or malformed)");
    }
    String lower = text.trim().toLowerCase(Locale.ROOT);
    List<String> codes = plainList(text);
    if (codes.isEmpty() && REFUSAL.matcher(lower).matches()) {
      return new Answer(Kind.REFUSAL, List.of(), "the model declined");
    }
    if (!codes.isEmpty()) {
      return new Answer(Kind.CODES, codes, null);
    }
    if (NO_CODES.matcher(lower).matches()) {
      return new Answer(Kind.EMPTY, List.of(), "the model listed no code");
    }
    return new Answer(Kind.UNPARSEABLE, List.of(), "neither JSON nor a list of codes");
  }

  private static JsonNode firstValue(String text) {
    try (JsonParser parser = JSON.getFactory().createParser(text)) {
      return JSON.readTree(parser);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Codes of a JSON answer, or null when the value has no recognisable code list. */
  private List<String> fromJson(JsonNode node) {
    JsonNode list = null;
    if (node.isArray()) {
      list = node;
    } else {
      for (String field : CODE_FIELDS) {
        if (node.path(field).isArray()) {
          list = node.get(field);
          break;
        }
      }
      if (list == null) {
        for (JsonNode value : node) {
          if (value.isArray()) {
            list = value;
            break;
          }
        }
      }
    }
    if (list == null) {
      return null;
    }
    Set<String> codes = new LinkedHashSet<>();
    int codeLike = 0;
    for (JsonNode element : list) {
      if (!element.isTextual() && !element.path("code").isTextual()) {
        continue;
      }
      codeLike++;
      String raw = element.isTextual() ? element.asText() : element.get("code").asText();
      String code = system.normalize(raw);
      if (!code.isEmpty()) {
        codes.add(code);
      }
    }
    return list.isEmpty() || codeLike > 0 ? new ArrayList<>(codes) : null;
  }

  /** One code per line: the first token of each line after a bullet or number, when it is shaped like a code. */
  private List<String> plainList(String text) {
    Set<String> codes = new LinkedHashSet<>();
    for (String line : text.split("\\R")) {
      String rest = BULLET.matcher(line).replaceFirst("");
      String[] tokens = rest.trim().split("[\\s,;:()]+", 2);
      if (tokens.length == 0 || tokens[0].isEmpty()) {
        continue;
      }
      String code = system.normalize(tokens[0]);
      if (!code.isEmpty() && system.isWellFormed(code)) {
        codes.add(code);
      }
    }
    return new ArrayList<>(codes);
  }
}
