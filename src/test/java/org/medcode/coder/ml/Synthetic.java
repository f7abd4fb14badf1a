package org.medcode.coder.ml;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.medcode.codesystem.CodeEntry;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeSystems;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;
import org.medcode.dataset.Note;

/**
 * A deterministic synthetic corpus where the right answer is known: each admission mentions one to three conditions,
 * each condition always with its own phrase, among filler words; its gold codes are exactly those conditions' codes.
 */
public final class Synthetic {
  /** Code, the phrase notes use for it, and its (table) title. */
  public record Condition(String code, String phrase, String title) {}

  public static final List<Condition> CONDITIONS = List.of(
      new Condition("J189", "pneumonia with lobar consolidation", "Pneumonia, unspecified organism"),
      new Condition("E119", "type two diabetes on metformin", "Type 2 diabetes mellitus without complications"),
      new Condition("I10", "raised blood pressure hypertension", "Essential (primary) hypertension"),
      new Condition("K3580", "acute appendicitis with iliac fossa pain", "Unspecified acute appendicitis"),
      new Condition("N390", "urinary infection with dysuria", "Urinary tract infection, site not specified"),
      new Condition("S72001A", "femoral neck fracture after a fall",
          "Fracture of unspecified part of neck of right femur, initial encounter for closed fracture"));

  private static final String[] FILLER = {"patient", "admitted", "was", "seen", "ward", "history", "stable", "discharged",
      "review", "clinic", "afebrile", "nurse", "morning", "plan", "follow", "up"};

  private Synthetic() {}

  /** {@code n} admissions A{offset}... with patient ids P{offset}..., seeded. */
  public static List<Admission> admissions(int n, int offset, long seed) {
    Random random = new Random(seed);
    List<Admission> admissions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<Condition> chosen = new ArrayList<>();
      int count = 1 + random.nextInt(3);
      while (chosen.size() < count) {
        Condition c = CONDITIONS.get(random.nextInt(CONDITIONS.size()));
        if (!chosen.contains(c)) {
          chosen.add(c);
        }
      }
      StringBuilder text = new StringBuilder();
      for (Condition c : chosen) {
        for (int f = 0; f < 4; f++) {
          text.append(FILLER[random.nextInt(FILLER.length)]).append(' ');
        }
        text.append(c.phrase()).append(". ");
      }
      List<GoldCode> gold = chosen.stream().map(c -> new GoldCode(c.code(), CodeSystemId.ICD10CM)).toList();
      String id = "A" + (offset + i);
      admissions.add(new Admission(id, "P" + (offset + i), List.of(new Note("note", text.toString().trim())), gold, Map.of()));
    }
    return admissions;
  }

  /** An ICD-10-CM table holding exactly the conditions' codes (billable, with titles). */
  public static CodeTable table() {
    Map<String, CodeEntry> entries = new LinkedHashMap<>();
    for (Condition c : CONDITIONS) {
      entries.put(c.code(), new CodeEntry(c.code(), true, c.title(), c.title()));
    }
    return CodeTable.of(CodeSystems.syntax(CodeSystemId.ICD10CM), "synthetic", entries);
  }

  /** The same table as a user table CSV ({@code code,description}). */
  public static Path writeTable(Path file) throws IOException {
    StringBuilder csv = new StringBuilder("code,description\n");
    for (Condition c : CONDITIONS) {
      csv.append(c.code()).append(",\"").append(c.title()).append("\"\n");
    }
    Files.writeString(file, csv);
    return file;
  }

  /** Writes admissions as native JSONL. */
  public static Path writeJsonl(List<Admission> admissions, Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    StringBuilder out = new StringBuilder();
    for (Admission a : admissions) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", a.id());
      row.put("patient_id", a.patientId());
      row.put("notes", a.notes().stream().map(n -> Map.of("type", n.type(), "text", n.text())).toList());
      row.put("codes", a.codes().stream().map(g -> Map.of("system", "icd10cm", "code", g.code())).toList());
      out.append(json.writeValueAsString(row)).append('\n');
    }
    Files.writeString(file, out);
    return file;
  }

  /** The gold codes of an admission, sorted. */
  public static List<String> gold(Admission admission) {
    return admission.codes().stream().map(GoldCode::code).sorted().toList();
  }
}
