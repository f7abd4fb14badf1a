package org.medcode.codesystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Display and normalisation are inverse on generated well-formed codes of every system. */
class DisplayPropertyTest {
  private static final String DIGITS = "0123456789";
  private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String PCS = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

  @Property
  void displayRoundTrips(@ForAll("codes") Tuple.Tuple2<CodeSystemId, String> generated) {
    CodeSystem system = CodeSystems.syntax(generated.get1());
    String code = generated.get2();
    assertTrue(system.isWellFormed(code), code);
    String shown = system.display(code);
    assertEquals(code, system.normalize(shown));
    assertEquals(shown, system.display(system.normalize(shown)));
  }

  @Property
  void anyCaseAndSurroundingSpaceNormaliseTheSame(@ForAll("codes") Tuple.Tuple2<CodeSystemId, String> generated) {
    CodeSystem system = CodeSystems.syntax(generated.get1());
    String code = generated.get2();
    assertEquals(code, system.normalize("  " + system.display(code).toLowerCase(Locale.ROOT) + "\t"));
  }

  @Provide
  Arbitrary<Tuple.Tuple2<CodeSystemId, String>> codes() {
    return Arbitraries.oneOf(
        tagged(CodeSystemId.ICD10CM, Arbitraries.oneOf(
            concat(List.of(chars(UPPER, 1, 1), chars(DIGITS, 1, 1), chars(DIGITS + UPPER, 1, 1), chars(DIGITS + UPPER, 0, 4))),
            concat(List.of(chars(UPPER, 2, 2), chars(DIGITS, 1, 1), chars(DIGITS + UPPER, 0, 4))))),
        tagged(CodeSystemId.ICD10PCS, Arbitraries.oneOf(chars(PCS, 7, 7), chars(PCS, 3, 3))),
        tagged(CodeSystemId.ICD9CM, Arbitraries.oneOf(
            chars(DIGITS, 3, 5),
            concat(List.of(Arbitraries.just("V"), chars(DIGITS, 2, 4))),
            concat(List.of(Arbitraries.just("E"), chars(DIGITS, 3, 4))))),
        tagged(CodeSystemId.ICD9PCS, chars(DIGITS, 2, 4)),
        tagged(CodeSystemId.CPT, concat(List.of(chars(DIGITS, 4, 4), chars(DIGITS + "FTU", 1, 1)))),
        tagged(CodeSystemId.HCPCS, concat(List.of(chars("ABCDEFGHIJKLMNOPQRSTUV", 1, 1), chars(DIGITS, 4, 4)))));
  }

  private static Arbitrary<Tuple.Tuple2<CodeSystemId, String>> tagged(CodeSystemId id, Arbitrary<String> codes) {
    return codes.map(code -> Tuple.of(id, code));
  }

  private static Arbitrary<String> chars(String alphabet, int min, int max) {
    return Arbitraries.strings().withChars(alphabet.toCharArray()).ofMinLength(min).ofMaxLength(max);
  }

  private static Arbitrary<String> concat(List<Arbitrary<String>> parts) {
    return Combinators.combine(parts).as(list -> String.join("", list));
  }
}
