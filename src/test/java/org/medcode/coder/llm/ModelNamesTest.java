package org.medcode.coder.llm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A model's snapshots are the model; another model sharing its prefix is not. */
class ModelNamesTest {
  @Test
  void snapshotsAreTheModelOtherNamesAreNot() {
    assertTrue(ModelNames.sameModel("gpt-4", "gpt-4"));
    assertTrue(ModelNames.sameModel("gpt-4", "gpt-4-0613"), "what OpenAI serves for gpt-4: the study's own model");
    assertTrue(ModelNames.sameModel("gpt-4.1", "gpt-4.1-2025-04-14"));
    assertTrue(ModelNames.sameModel("claude-sonnet-4", "claude-sonnet-4-20250514"));
    assertFalse(ModelNames.sameModel("gpt-4", "gpt-4.1"));
    assertFalse(ModelNames.sameModel("gpt-4", "gpt-4o"));
    assertFalse(ModelNames.sameModel("gpt-4", "gpt-4-turbo-2024-04-09"));
    assertFalse(ModelNames.sameModel("gpt-4", "gpt-4-1106-preview"));
    assertFalse(ModelNames.sameModel("claude-opus-4", "claude-opus-4-1"));
  }
}
