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
 * (a truncated answer) is {@link Kind#UNPARSEABLE}; an apology with no code is a {@link Kind#REFUSAL}; otherwise a
 * plain list, and nothing code-like is {@link Kind#UNPARSEABLE}.
 *
 * <p>A plain list (and a JSON string that is not one code) is read in every common shape: items separated by new lines,
 * commas, semicolons, slashes, table bars or "and"; each item may start with a bullet, a number ({@code 1.},
 * {@code 2)}), bold or backticks and a label that names codes, diagnoses or an answer ({@code Codes: I10},
 * {@code Final diagnoses: I10}; not {@code Note: …}); an item is a code, several codes separated by spaces, or a code
 * followed by its title ({@code I10 - Essential hypertension}, {@code E11.9: diabetes}, {@code N39.0 (UTI)}), whose
 * words are not read as codes, unless the "title" excludes it ({@code E11.9 was ruled out}). White space never joins
 * parts into one code: an item or JSON string that is a code only with its white space removed ({@code E11 9}; not a
 * list of codes, as {@code I10 E11.9} is) is read as neither, and the answer is {@link Kind#UNPARSEABLE}. Never a part silently:
 * when text outside those code positions (or around a JSON list, or a second JSON value) still names something shaped
 * like a code that is not in the list (with a dot or two digits: {@code "also consider N39.0"}), the answer is
 * {@link Kind#UNPARSEABLE}.
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
      Value value = firstValue(text.substring(i));
      JsonNode node = value == null ? null : value.node();
      if (node != null && (node.isObject() || node.isArray())) {
        List<String> codes;
        try {
          codes = fromJson(node);
        } catch (Unreadable unreadable) {
          return new Answer(Kind.UNPARSEABLE, List.of(), unreadable.getMessage());
        }
        if (codes != null) {
          // prose around the JSON may repeat its codes, never name others (nor may a second JSON value)
          String around = text.substring(0, i) + "\n" + text.substring(Math.min(text.length(), i + value.end()));
          String stray = strayCode(around, new LinkedHashSet<>(codes));
          if (stray != null) {
            return partial(stray + " outside the JSON list");
          }
          return codes.isEmpty() ? new Answer(Kind.EMPTY, List.of(), "the model listed no code")
              : new Answer(Kind.CODES, codes, null);
        }
      }
    }
    if (sawJsonStart) {
      return new Answer(Kind.UNPARSEABLE, List.of(), "the answer opens JSON that does not parse (truncated or malformed)");
    }
    String lower = text.trim().toLowerCase(Locale.ROOT);
    Listed listed = listed(text);
    if (listed.stray() != null) {
      return partial(listed.stray());
    }
    List<String> codes = listed.codes();
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

  private static Answer partial(String stray) {
    return new Answer(Kind.UNPARSEABLE, List.of(), partialReason(stray));
  }

  private static String partialReason(String stray) {
    return "the answer names a code outside its list (" + stray + "), so its codes cannot be read whole; none is kept";
  }

  /** A JSON value read from the start of a text, and where it ends (characters). */
  private record Value(JsonNode node, int end) {}

  private static Value firstValue(String text) {
    try (JsonParser parser = JSON.getFactory().createParser(text)) {
      JsonNode node = JSON.readTree(parser);
      return new Value(node, (int) Math.min(text.length(), parser.currentLocation().getCharOffset()));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The first code-shaped word of a text that is not one of {@code codes} (with where it is), or null. */
  private String strayCode(String text, Set<String> codes) {
    String[] lines = text.split("\\R");
    for (int n = 0; n < lines.length; n++) {
      java.util.regex.Matcher words = WORD.matcher(lines[n]);
      while (words.find()) {
        String word = words.group();
        String code = system.normalize(word);
        boolean strong = word.contains(".") || word.chars().filter(Character::isDigit).count() >= 2;
        if (strong && system.isWellFormed(code) && !codes.contains(code)) {
          return "'" + word + "'";
        }
      }
    }
    return null;
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
      if (code.isEmpty()) {
        continue;
      }
      // white space inside: never one code glued together ("E11 9" is not E11.9, "I10 E11.9" not I10E119)
      String[] words = raw.strip().split("\\s+");
      if (words.length == 1 && system.isWellFormed(code)) {
        codes.add(code);
        continue;
      }
      if (system.isWellFormed(code) && !allCodes(words)) {
        throw new Unreadable("the answer lists '" + raw.strip() + "', which is one code only with its white space"
            + " removed (and not a list of codes): whether it is that code, or another code and a title, the answer"
            + " does not say; none is kept");
      }
      Listed listed = listed(raw); // "I10 - Essential hypertension", or "I10, E11.9" or "I10 E11.9" in one string
      if (listed.stray() != null) {
        throw new Unreadable(partialReason(listed.stray()));
      }
      if (listed.codes().isEmpty()) {
        codes.add(code); // not a code of this system: kept as written, counted as invalid by the evaluation
      } else {
        codes.addAll(listed.codes());
      }
    }
    return list.isEmpty() || codeLike > 0 ? new ArrayList<>(codes) : null;
  }

  /** Whether every word is a well-formed code of the system. */
  private boolean allCodes(String[] words) {
    for (String word : words) {
      String code = system.normalize(word);
      if (code.isEmpty() || !system.isWellFormed(code)) {
        return false;
      }
    }
    return true;
  }

  /** A JSON list that cannot be read whole (a code-shaped word outside a code position, a code spaced apart): why. */
  private static final class Unreadable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unreadable(String reason) {
      super(reason, null, false, false);
    }
  }

  /** The codes of a plain list, and the first code-shaped word found outside a code position (null when none). */
  private record Listed(List<String> codes, String stray) {}

  private static final Pattern SEPARATOR = Pattern.compile("[,;|/]|\\s+and\\s+|\\s+&\\s+");
  /** A label before a list ({@code Codes: I10}): words that name codes, diagnoses or an answer, not a note's. */
  private static final Pattern LIST_LABEL = Pattern.compile(
      "(?i)^[\\s>*#\\-•]*(?:[\\w-]+\\s+){0,3}(?:codes?|icd[\\w-]*|diagnos\\w*|procedures?|answer|result|output|"
      + "primary|secondary|principal|final)(?:\\s+[\\w()-]+){0,3}\\s*$");
  /** An item whose "title" says the code does not apply ({@code E11.9 was ruled out}). */
  private static final Pattern EXCLUDED = Pattern.compile(
      "(?i)\\b(?:ruled?\\s+out|r/o|excluded|unlikely|not\\s+(?:present|confirmed|supported|coded|applicable)|no\\s+evidence|"
      + "considered\\s+but|instead\\s+of|rather\\s+than)\\b");
  private static final Pattern LEAD = Pattern.compile("^[\\s>]*(?:[-*•+]\\s+|\\d{1,3}[.)]\\s+|\\(\\d{1,3}\\)\\s*|#+\\s*)?");
  private static final Pattern WORD = Pattern.compile("[A-Za-z0-9]+(?:\\.[A-Za-z0-9]+)*");

  /** Reads a plain list; see the class comment. */
  private Listed listed(String text) {
    Set<String> codes = new LinkedHashSet<>();
    String stray = null;
    String[] lines = text.split("\\R");
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n].replace("**", " ").replace("`", " ").replace("__", " ");
      boolean lineHasCodes = false;
      List<String> prose = new ArrayList<>();
      for (String segment : SEPARATOR.split(line)) {
        boolean excluded = EXCLUDED.matcher(segment).find();
        List<String> found = excluded ? null : itemCodes(segment);
        if (found == null && !excluded) {
          int colon = segment.indexOf(':');
          found = colon >= 0 && LIST_LABEL.matcher(segment.substring(0, colon)).matches()
              ? itemCodes(segment.substring(colon + 1)) : null;
        }
        if (found != null) {
          codes.addAll(found);
          lineHasCodes = true;
        } else {
          prose.add(segment);
        }
      }
      for (String segment : prose) {
        String word = stray == null ? strayCode(segment, codes) : null;
        if (word != null) {
          stray = word + " on line " + (n + 1) + (lineHasCodes ? " after the codes of that line" : "");
        }
      }
    }
    return new Listed(new ArrayList<>(codes), stray);
  }

  /**
   * The codes of one list item, or null when it does not start with a code: its first word, after a bullet or number;
   * every word when all of them are codes ({@code I10 E11.9}); otherwise the rest of the item is the first code's title.
   */
  private List<String> itemCodes(String item) {
    String rest = LEAD.matcher(item).replaceFirst("").strip();
    java.util.regex.Matcher words = WORD.matcher(rest);
    if (!words.find() || words.start() != 0) {
      return null;
    }
    String first = system.normalize(words.group());
    if (first.isEmpty() || !system.isWellFormed(first)) {
      return null;
    }
    if (rest.matches("[A-Za-z0-9.]+(?:\\s+[A-Za-z0-9.]+)+")) {
      String[] parts = rest.split("\\s+");
      if (allCodes(parts)) {
        return java.util.Arrays.stream(parts).map(system::normalize).toList();
      }
      if (system.isWellFormed(system.normalize(rest))) {
        return null; // "E11 9": one code spaced apart, or a code and a title? not read as either
      }
    }
    return List.of(first);
  }
}
