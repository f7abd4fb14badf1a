package org.medcode.coder.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderParameters;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;
import org.medcode.dataset.Note;

/**
 * What {@link LlmCoder#worstCaseCost} read from the cache for an admission stayed until the admission was coded; one
 * the budget held back, or whose ensemble partner failed first, was never coded: its entry stayed for the session.
 * {@link LlmCoder#release} frees it; coding it frees it too; closing the coder frees the rest.
 */
class LlmReservationTest extends LlmFixture {
  @Test
  void anAdmissionsReservationIsFreedWhenCodedOrReleased() throws Exception {
    try (ChatStub stub = new ChatStub((admission, attempt, prompt) -> ChatStub.answer("{\"codes\": [\"I10\"]}"))) {
      LlmCoderFactory factory = new LlmCoderFactory(name -> null);
      LlmCoder coder = (LlmCoder) factory.create(new CoderContext(table, List.of(), temp, temp.resolve("cache"), 7,
          id -> null, false, listener), CoderParameters.resolve(factory, LlmRunTest.parameters(stub.baseUrl(), prices)));
      List<Admission> admissions = List.of(admission("A1"), admission("A2"), admission("A3"));
      for (Admission admission : admissions) {
        assertTrue(coder.worstCaseCost(admission) > 0);
      }
      assertEquals(3, coder.reservations());
      coder.code(admissions.get(0));
      assertEquals(2, coder.reservations(), "coding frees its admission's");
      coder.release(admissions.get(1));
      assertEquals(1, coder.reservations(), "held back by the budget: released");
      coder.close();
      assertEquals(0, coder.reservations());
    }
  }

  private static Admission admission(String id) {
    return new Admission(id, id, List.of(new Note("note", "Patient case " + id + ".")),
        List.of(new GoldCode("I10", CodeSystemId.ICD10CM)), Map.of());
  }
}
