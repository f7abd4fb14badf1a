package org.medcode.coder.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeSystems;

/** What the parser makes of the answers models really give; '|' separates lines, codes are canonical. */
class AnswerParserTest {
  private final AnswerParser parser = new AnswerParser(CodeSystems.syntax(CodeSystemId.ICD10CM));

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
      "plain JSON; {\"codes\": [\"I10\", \"E11.9\"]}; CODES; I10 E119",
      "code fence; ```json|{\"codes\": [\"J18.9\"]}|```; CODES; J189",
      "prose around; Based on the note, the codes are:|{\"codes\": [\"N39.0\"]}|These cover the admission.; CODES; N390",
      "array of objects; [{\"code\": \"I10\", \"description\": \"HTN\"}, {\"code\": \"i10\"}]; CODES; I10",
      "other field name; {\"icd10_codes\": [\"K35.80\"]}; CODES; K3580",
      "invalid codes kept; {\"codes\": [\"Z99.999\", \"hypertension\"]}; CODES; Z99999 HYPERTENSION",
      "bracket in prose first; See [1] for details. {\"codes\": [\"I10\"]}; CODES; I10",
      "plain list; 1. I10 - Essential hypertension|2) E11.9: diabetes|- J18.9; CODES; I10 E119 J189",
      "empty JSON; {\"codes\": []}; EMPTY; ",
      "none; None.; EMPTY; ",
      "truncated JSON; {\"codes\": [\"I10\", \"E1; UNPARSEABLE; ",
      "prose only; The patient seems to be doing well overall.; UNPARSEABLE; ",
      "apology; I'm sorry, but I can't help with coding this note.; REFUSAL; ",
      "cannot; I cannot provide medical codes.; REFUSAL; ",
      // issue 16: every common list shape, every code of it, or nothing
      "comma separated; I10, E11.9, N39.0; CODES; I10 E119 N390",
      "semicolons; \"I10; E11.9; N39.0\"; CODES; I10 E119 N390",
      "spaces; I10 E11.9 N39.0; CODES; I10 E119 N390",
      "bullets; * I10|• E11.9|+ N39.0; CODES; I10 E119 N390",
      "numbered with titles; 1. I10 Essential (primary) hypertension|2. E11.9 Type 2 diabetes, without complications; CODES; I10 E119",
      "code and title pairs on one line; I10 (hypertension), E11.9 (diabetes), N39.0 (UTI); CODES; I10 E119 N390",
      "label; ICD-10 codes: I10, E11.9; CODES; I10 E119",
      "and; I10 and E11.9; CODES; I10 E119",
      "markdown table; | code | title ||---|---|| I10 | Hypertension || **E11.9** | Diabetes |; CODES; I10 E119",
      "title word shaped like a code; D51.9 Vitamin B12 deficiency anemia, unspecified; CODES; D519",
      "a code in prose after the list; I10|E11.9|Also consider N39.0.; UNPARSEABLE; ",
      "codes inside prose; The patient has hypertension (I10) and diabetes (E11.9).; UNPARSEABLE; ",
      "JSON strings with titles; {\"codes\": [\"I10 - Essential hypertension\", \"E11.9: diabetes\"]}; CODES; I10 E119",
      "JSON string listing codes; [\"I10, E11.9\"]; CODES; I10 E119",
      // from a review: a code the answer excludes, or names outside its list, is never silently added nor dropped
      "a ruled-out code after a label; \"Codes: J18.9; I10||Note: E11.9 was ruled out.\"; UNPARSEABLE; ",
      "a ruled-out item; J18.9|E11.9 was ruled out; UNPARSEABLE; ",
      "slash between codes; J18.9/I10; CODES; J189 I10",
      "slash in a JSON string; [\"J18.9/I10\"]; CODES; J189 I10",
      "prose after JSON naming another code; {\"codes\": [\"J18.9\"]}|I also considered I10 but it is not supported.; UNPARSEABLE; ",
      "two JSON objects; {\"codes\": [\"J18.9\"]} {\"codes\": [\"I10\"]}; UNPARSEABLE; ",
      "prose after JSON repeating its codes; {\"codes\": [\"J18.9\", \"I10\"]}|J18.9 for the pneumonia, I10 for the pressure.; CODES; J189 I10",
      "a diagnoses label; Final diagnoses: I10, E11.9; CODES; I10 E119",
      "a title saying not elsewhere classified; R68.89 Other general symptoms and signs, not elsewhere classified; CODES; R6889",
      // from a review: white space never glues parts into one code (E11 9 was read as E11.9, I10 E11.9 as I10E119)
      "a JSON string with two codes; {\"codes\": [\"I10 E11.9\"]}; CODES; I10 E119",
      "a JSON string with a code spaced apart; {\"codes\": [\"E11 9\"]}; UNPARSEABLE; ",
      "a JSON string whose spaced parts are no code; {\"codes\": [\"E 11.9\"]}; UNPARSEABLE; ",
      "a listed code spaced apart; J18.9|E11 9; UNPARSEABLE; ",
      "a JSON string of words that is no code; {\"codes\": [\"chest pain\"]}; CODES; CHESTPAIN",
  })
  void parses(String name, String text, AnswerParser.Kind kind, String codes) {
    AnswerParser.Answer answer = parser.parse(text.replace('|', '\n'));
    assertEquals(kind, answer.kind(), answer.reason());
    assertEquals(codes == null ? List.of() : List.of(codes.trim().split(" ")), answer.codes());
  }

  @org.junit.jupiter.api.Test
  void blankOrMissingIsEmpty() {
    assertEquals(AnswerParser.Kind.EMPTY, parser.parse("  \n ").kind());
    assertEquals(AnswerParser.Kind.EMPTY, parser.parse(null).kind());
  }
}
