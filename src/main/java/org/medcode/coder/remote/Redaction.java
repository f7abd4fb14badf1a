package org.medcode.coder.remote;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Keeps API keys out of everything a remote coder stores or prints: every error message, excerpt of a server's answer and
 * raw answer passes through {@link #redact} first, which replaces each key this process read (registered when a coder
 * is created) and the value of any {@code Authorization}, {@code api-key}, {@code x-api-key}, {@code x-goog-api-key}
 * header, a {@code Bearer} token and a {@code key=} query parameter, in whatever form a server echoes them.
 */
public final class Redaction {
  public static final String MARK = "[redacted]";
  private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
  private static final Pattern HEADER = Pattern.compile("(?i)(\"?\\b(?:proxy-)?(?:authorization|api[-_]?key|x-api-key"
      + "|x-goog-api-key|openai-api-key)\"?\\s*[:=]\\s*(?!\\[redacted])\\[?\\s*\"?)(?:(bearer|basic)\\s+)?+(?!\\[redacted])"
      + "[^\"\\s,;}\\]]+"); // a value already redacted (a registered key) is left as it is
  private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer)\\s+[A-Za-z0-9._~+/=-]{6,}");
  private static final Pattern QUERY_KEY = Pattern.compile("(?i)([?&](?:key|api[-_]?key)=)[^&\\s\"']+");

  private Redaction() {}

  /** Remembers a key read from the environment, so that no message can carry it from now on. */
  public static void register(String secret) {
    if (secret != null && !secret.isBlank()) {
      SECRETS.add(secret.trim());
    }
  }

  /** The text without any registered key or credential header value; null stays null. */
  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (String secret : SECRETS) {
      if (out.contains(secret)) {
        out = out.replace(secret, MARK);
      }
    }
    out = HEADER.matcher(out).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1)
        + (m.group(2) == null ? "" : m.group(2) + " ") + MARK));
    out = BEARER.matcher(out).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1) + " " + MARK));
    return QUERY_KEY.matcher(out).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1) + MARK));
  }
}
