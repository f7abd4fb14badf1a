package org.medcode.codesystem;

import java.util.Map;
import java.util.Optional;

/**
 * HCPCS Level II: a letter {@code A}-{@code V} and 4 digits ({@code J1100}). The only level is the section named by
 * the letter, titled as in the CMS HCPCS code-set overview; letters CMS does not use (F, I, N, O) have no title.
 */
final class Hcpcs extends LeveledCodeSystem {
  static final Map<String, String> SECTIONS = Map.ofEntries(
      Map.entry("A", "Transportation services, medical and surgical supplies, administrative, miscellaneous and investigational"),
      Map.entry("B", "Enteral and parenteral therapy"),
      Map.entry("C", "Outpatient prospective payment system (temporary codes)"),
      Map.entry("D", "Dental procedures"),
      Map.entry("E", "Durable medical equipment"),
      Map.entry("G", "Procedures and professional services (temporary)"),
      Map.entry("H", "Alcohol and drug abuse treatment services"),
      Map.entry("J", "Drugs administered other than oral method; chemotherapy drugs"),
      Map.entry("K", "Temporary codes (durable medical equipment)"),
      Map.entry("L", "Orthotic and prosthetic procedures and devices"),
      Map.entry("M", "Medical services"),
      Map.entry("P", "Pathology and laboratory services"),
      Map.entry("Q", "Miscellaneous services (temporary codes)"),
      Map.entry("R", "Diagnostic radiology services"),
      Map.entry("S", "Temporary national codes (non-Medicare)"),
      Map.entry("T", "National codes established for state Medicaid agencies"),
      Map.entry("U", "Coronavirus diagnostic panel"),
      Map.entry("V", "Vision and hearing services"));

  private final Levels levels = Levels.of(CodeSystemId.HCPCS, "section", null, null);

  @Override
  protected Levels levels() {
    return levels;
  }

  @Override
  public CodeSystemId id() {
    return CodeSystemId.HCPCS;
  }

  @Override
  public boolean isWellFormed(String code) {
    return code.length() == 5 && code.charAt(0) >= 'A' && code.charAt(0) <= 'V' && Chars.allDigits(code, 1, 5);
  }

  @Override
  protected Optional<String> coarseAncestor(String code, Granularity granularity) {
    boolean section = !code.isEmpty() && code.charAt(0) >= 'A' && code.charAt(0) <= 'V';
    return granularity == Granularity.CATEGORY && section ? Optional.of(code.substring(0, 1)) : Optional.empty();
  }

  @Override
  public Optional<String> levelTitle(String key, Granularity granularity) {
    return granularity == Granularity.CATEGORY ? Optional.ofNullable(SECTIONS.get(key)) : Optional.empty();
  }

  @Override
  public String toString() {
    return "HCPCS Level II";
  }
}
