package org.medcode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PluralTest {
  @Test
  void theNounIsSingularForOneOnly() {
    assertEquals("1 admission", Plural.of(1, "admission"));
    assertEquals("0 admissions", Plural.of(0, "admission"));
    assertEquals("12345 codes", Plural.of(12345, "code"));
    assertEquals("1,234 codes", Plural.grouped(1234, "code"));
    assertEquals("1 code", Plural.grouped(1, "code"));
    assertEquals("entries", Plural.noun(2, "entry"));
    assertEquals("days", Plural.noun(2, "day"));
    assertEquals("batches", Plural.noun(3, "batch"));
    assertEquals("batch", Plural.noun(1, "batch"));
  }

  @Test
  void theVerbAgreesWithTheCount() {
    assertEquals("is", Plural.verb(1, "are"));
    assertEquals("was", Plural.verb(1, "were"));
    assertEquals("has", Plural.verb(1, "have"));
    assertEquals("does", Plural.verb(1, "do"));
    assertEquals("matches", Plural.verb(1, "match"));
    assertEquals("carries", Plural.verb(1, "carry"));
    assertEquals("lacks", Plural.verb(1, "lack"));
    assertEquals("are", Plural.verb(0, "are"));
    assertEquals("were", Plural.verb(2, "were"));
    assertEquals("match", Plural.verb(3, "match"));
  }
}
