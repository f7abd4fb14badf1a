package org.medcode.coder.llm;

import java.util.regex.Pattern;

/** Whether a model name names a listed model: the same name, or a dated snapshot or revision of it. */
public final class ModelNames {
  /**
   * What may follow a listed name in the name of the same model: a snapshot date ({@code -2025-04-14},
   * {@code -20250514}, {@code @20250514} on Vertex AI, OpenAI's older month and day: {@code gpt-4-0613}), a three-digit
   * revision ({@code -002}), {@code -latest}, and
   * Anthropic's {@code -0} ({@code claude-sonnet-4-0} is {@code claude-sonnet-4}; {@code -5} would be another model).
   */
  private static final Pattern SNAPSHOT = Pattern.compile("[-@](\\d{4}-\\d{2}-\\d{2}|\\d{8}|\\d{4}|\\d{3}|0|latest)");

  private ModelNames() {}

  /**
   * Whether {@code model} is {@code listed} or a snapshot of it ({@code gpt-4.1-2025-04-14} of {@code gpt-4.1}), never
   * by any other prefix: {@code o3-pro} is not {@code o3}, {@code gpt-4.1} is not {@code gpt-4}.
   */
  public static boolean sameModel(String listed, String model) {
    return model.equals(listed)
        || model.startsWith(listed) && SNAPSHOT.matcher(model.substring(listed.length())).matches();
  }
}
