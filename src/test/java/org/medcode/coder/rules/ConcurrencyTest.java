package org.medcode.coder.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderResult;
import org.medcode.dataset.Admission;

/** One coder used from several threads gives the same answers as used from one. */
class ConcurrencyTest {
  private static final String[] SENTENCES = {"No evidence of pneumonia.", "Known HTN and T2DM.", "Her mother had breast cancer.",
      "History of prostate cancer.", "Fever of 39 C and pain in the chest.", "Severe anaemia.", "Sin fiebre ni edemas.",
      "Lobar pneumonia of the right lung."};

  @Test
  void codingIsThreadSafe() throws Exception {
    Coder coder = RulesFixture.coder("language", "auto");
    assertTrue(coder.threadSafe());
    List<Admission> admissions = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      admissions.add(RulesFixture.admission("a" + i, List.of(), SENTENCES[i % SENTENCES.length] + " "
          + SENTENCES[(i * 7 + 3) % SENTENCES.length]));
    }
    List<CoderResult> sequential = new ArrayList<>();
    for (Admission admission : admissions) {
      sequential.add(coder.code(admission));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<CoderResult>> futures = new ArrayList<>();
      for (Admission admission : admissions) {
        futures.add(pool.submit(() -> coder.code(admission)));
      }
      for (int i = 0; i < admissions.size(); i++) {
        assertEquals(sequential.get(i), futures.get(i).get(), admissions.get(i).text());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
