package org.medcode.coder.llm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.medcode.MedcodeException;
import org.medcode.coder.remote.ResponseCache;

/**
 * A prompt template file: an optional {@code ### system} section and a {@code ### user} section (without headings the
 * whole file is the user message). Placeholders {@code {{name}}} are filled at render time; an unknown placeholder is
 * an error when the template is loaded. {@code sha256} identifies the exact text, so it goes into every admission's
 * annotations and the response cache key.
 */
record PromptTemplate(String name, String system, String user, String sha256) {
  static final java.util.Set<String> PLACEHOLDERS = java.util.Set.of("note", "code_system", "examples", "candidates");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-z_]+)\\s*}}");

  static PromptTemplate load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MedcodeException("coder llm: parameter 'prompt': cannot read the prompt template " + file + " ("
          + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()) + "); give zero-shot,"
          + " few-shot, two-stage or the path of a template file");
    }
    return parse(file.getFileName().toString(), text, file.toString());
  }

  static PromptTemplate parse(String name, String text, String where) {
    String normalized = text.replace("\r\n", "\n");
    String system = "";
    String user = normalized;
    int systemAt = normalized.indexOf("### system\n");
    int userAt = normalized.indexOf("### user\n");
    if (userAt >= 0) {
      system = systemAt >= 0 && systemAt < userAt ? normalized.substring(systemAt + 11, userAt).strip() : "";
      user = normalized.substring(userAt + 9).strip();
    }
    Matcher matcher = PLACEHOLDER.matcher(normalized);
    while (matcher.find()) {
      if (!PLACEHOLDERS.contains(matcher.group(1))) {
        throw new MedcodeException("coder llm: prompt template " + where + " uses {{" + matcher.group(1)
            + "}}; known placeholders are " + new java.util.TreeSet<>(PLACEHOLDERS));
      }
    }
    if (!user.contains("{{note}}") && !user.contains("{{ note }}")) {
      throw new MedcodeException("coder llm: prompt template " + where + " has no {{note}} in its user message");
    }
    return new PromptTemplate(name, system, user, ResponseCache.sha256(normalized));
  }

  boolean uses(String placeholder) {
    return Pattern.compile("\\{\\{\\s*" + placeholder + "\\s*}}").matcher(system + "\n" + user).find();
  }

  String renderSystem(Map<String, String> values) {
    return render(system, values);
  }

  String renderUser(Map<String, String> values) {
    return render(user, values);
  }

  private static String render(String text, Map<String, String> values) {
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(matcher.group(1), "")));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
