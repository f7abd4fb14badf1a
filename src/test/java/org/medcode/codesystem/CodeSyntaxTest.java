package org.medcode.codesystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Normalisation, well-formedness and display form of every system, by hand. */
class CodeSyntaxTest {

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "icd10cm  | n44.8      | N448",
      "icd10cm  | N448       | N448",
      "icd10cm  | ' N44.8 '  | N448",
      "icd10cm  | S72.001A   | S72001A",
      "icd10cm  | t36.0x1a   | T360X1A",
      "icd9cm   | 250.00     | 25000",
      "icd9cm   | v45.81     | V4581",
      "icd9cm   | E880.9     | E8809",
      "icd9pcs  | 36.10      | 3610",
      "icd10cm  | E11.       | E11",
      "icd9cm   | ' E880.9 ' | E8809",
      "icd10pcs | 0dtj4zz    | 0DTJ4ZZ",
      "icd10pcs | ' 0DT J4ZZ'| 0DTJ4ZZ",
      "cpt      | 99213      | 99213",
      "cpt      | 0001f      | 0001F",
      "hcpcs    | j1100      | J1100"})
  void normalisesToOneCanonicalCode(String system, String raw, String canonical) {
    CodeSystem codes = CodeSystems.syntax(CodeSystemId.parse(system));
    assertEquals(canonical, codes.normalize(raw));
    assertTrue(codes.isWellFormed(canonical), canonical);
  }

  /**
   * From a review: a dot where the code's own system writes none (ICD-10-CM: after the 3rd character; ICD-10-PCS:
   * never; ICD-9-CM: after the 3rd, the 4th of an E code; ICD-9 procedures: after the 2nd) was dropped, so E1.19 and
   * E119. were E11.9 and 0DT.J4ZZ the PCS code. Such a code keeps its spelling, which no code is: malformed.
   */
  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "icd10cm  | E1.19      | E1.19", "icd10cm | E119.  | E119.", "icd10cm | ' e.119 ' | E.119",
      "icd10cm  | S720.01A   | S720.01A", "icd10pcs | 0DT.J4ZZ | 0DT.J4ZZ", "icd10pcs | 0d.tj4zz | 0D.TJ4ZZ",
      "icd9cm   | 25.000     | 25.000", "icd9cm | V458.1 | V458.1", "icd9cm | E88.09 | E88.09",
      "icd9pcs  | 361.0      | 361.0", "icd9pcs | 3.610 | 3.610"})
  void keepsADotOutOfItsSystemsPlaceSoTheCodeIsMalformed(String system, String raw, String kept) {
    CodeSystem codes = CodeSystems.syntax(CodeSystemId.parse(system));
    assertEquals(kept, codes.normalize(raw));
    assertEquals(kept, codes.written(CodeSystem.canonical(raw), raw));
    assertEquals(CodeStatus.MALFORMED, CodeTable.formatOnly(codes).status(kept), kept);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "icd10cm  | N44", "icd10cm | N448", "icd10cm | S72001A", "icd10cm | T360X1A", "icd10cm | C4A", "icd10cm | D3A010",
      "icd10cm  | QA00", "icd10cm | U071", "icd10cm | Z3A10",
      "icd10pcs | 0DTJ4ZZ", "icd10pcs | 001", "icd10pcs | XW033E5", "icd10pcs | B83",
      "icd9cm   | 250", "icd9cm | 2500", "icd9cm | 25000", "icd9cm | 042", "icd9cm | V45", "icd9cm | V4581", "icd9cm | E880",
      "icd9cm   | E8809", "icd9cm | E000",
      "icd9pcs  | 36", "icd9pcs | 361", "icd9pcs | 3610", "icd9pcs | 00",
      "cpt      | 99213", "cpt | 00100", "cpt | 0001F", "cpt | 0042T", "cpt | 0001U", "cpt | 0004M",
      "cpt      | 0001A", "cpt | 0173A", // vaccine-specific immunization administration (CPT since 2020)
      "hcpcs    | J1100", "hcpcs | A0021", "hcpcs | V5008"})
  void acceptsWellFormedCodes(String system, String code) {
    assertTrue(CodeSystems.syntax(CodeSystemId.parse(system)).isWellFormed(code), code);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "icd10cm  | N4", "icd10cm | N44812345", "icd10cm | 448", "icd10cm | NNN", "icd10cm | NNA", "icd10cm | FEVER", "icd10cm | N4.", "icd10cm | ''",
      "icd10cm  | N44-8", "icd10cm | n448",
      "icd10pcs | CT13", "icd10pcs | 0DTJ4Z", "icd10pcs | 0DTJ4ZZZ", "icd10pcs | 0DTI4ZZ", "icd10pcs | 0DTO4ZZ", "icd10pcs | 0D",
      "icd10pcs | 0dtj4zz",
      "icd9cm   | 25", "icd9cm | 250000", "icd9cm | V4", "icd9cm | V458123", "icd9cm | E88", "icd9cm | E88091", "icd9cm | A250",
      "icd9cm   | 25A",
      "icd9pcs  | 3", "icd9pcs | 36101", "icd9pcs | 3A",
      "cpt      | 9921", "cpt | 992130", "cpt | 0001X", "cpt | A9921", "cpt | 000F1",
      "hcpcs    | W1100", "hcpcs | J110", "hcpcs | J11000", "hcpcs | 11000"})
  void rejectsMalformedCodes(String system, String code) {
    assertFalse(CodeSystems.syntax(CodeSystemId.parse(system)).isWellFormed(code), code);
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "icd10cm  | N448    | N44.8", "icd10cm | N44 | N44", "icd10cm | S72001A | S72.001A", "icd10cm | T360X1A | T36.0X1A",
      "icd9cm   | 25000   | 250.00", "icd9cm | V4581 | V45.81", "icd9cm | E8809 | E880.9", "icd9cm | E880 | E880",
      "icd9cm   | 250     | 250", "icd9cm | V45 | V45",
      "icd9pcs  | 3610    | 36.10", "icd9pcs | 36 | 36",
      "icd10pcs | 0DTJ4ZZ | 0DTJ4ZZ", "cpt | 99213 | 99213", "hcpcs | J1100 | J1100",
      "icd10cm  | N4      | N4", "icd10pcs | CT13 | CT13"})
  void displaysTheUsualWrittenForm(String system, String code, String shown) {
    CodeSystem codes = CodeSystems.syntax(CodeSystemId.parse(system));
    assertEquals(shown, codes.display(code));
    assertEquals(code, codes.normalize(shown));
  }
}
