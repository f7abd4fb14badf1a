package org.medcode.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;

/**
 * The JSONL loader's token reader gives exactly what the tree reader gives: the same admissions (ids, patients, notes,
 * gold codes with raw spelling, sequence and primary flag, metadata, credentialed), the same warnings, and for a bad
 * line the same error, on random lines that are plain, that take the tree path, and that are wrong in every way the
 * loader checks.
 */
class JsonlLoaderFastPathTest {
  @TempDir Path dir;

  private static final String[] FIELDS_OF_CODES = {
    "{\"system\":\"icd10cm\",\"code\":\"I10\"}",
    "{\"system\":\"icd10cm\",\"code\":\"e11.9\"}",
    "{\"system\":\"ICD-10-CM\",\"code\":\"E119\"}",
    "{\"code\":\"N39.0\",\"system\":\"icd10cm\"}",
    "{\"system\":\"icd10cm\",\"code\":\" J18.9 \"}",
    "{\"system\":\"icd10pcs\",\"code\":\"0DTJ4ZZ\",\"sequence\":2}",
    "{\"system\":\"icd10cm\",\"code\":\"I10\",\"primary\":true,\"sequence\":1}",
    "{\"system\":\"icd10cm\",\"code\":\"I10\",\"primary\":false,\"sequence\":null,\"evidence\":null}",
    "{\"system\":\"icd10cm\",\"code\":\"K35.80\",\"evidence\":[{\"note\":0,\"start\":0,\"end\":3}]}",
    "{\"system\":\"icd10cm\",\"code\":\"K35.80\",\"evidence\":[{\"note\":3,\"start\":0,\"end\":3}]}",
    "{\"system\":\"icd10cm\",\"code\":\"I10\",\"sequence\":0}",
    "{\"system\":\"icd10cm\",\"code\":\"I10\",\"sequence\":1.5}",
    "{\"system\":\"icd10cm\",\"code\":\"I10\",\"sequence\":3000000000}",
    "{\"system\":\"icd10cm\",\"code\":\"I10\",\"primary\":\"yes\"}",
    "{\"system\":\"snomed\",\"code\":\"I10\"}",
    "{\"system\":\"icd10cm\",\"code\":\"\"}",
    "{\"system\":\"icd10cm\",\"code\":\"  \"}",
    "{\"system\":\"icd10cm\",\"code\":\".\"}",
    "{\"system\":\"icd10cm\"}",
    "{\"system\":\"icd10cm\",\"code\":null}",
    "{\"system\":\"icd10cm\",\"code\":\"I10\",\"socre\":1}",
    "{\"system\":\"icd10cm\",\"code\":\"I10\",\"socre\":null}",
    "{\"system\":\"icd10cm\",\"code\":\"I10\",\"code\":\"E11.9\"}",
    "{\"system\":\"icd10cm\",\"code\":7}",
    "\"I10\"",
    "null",
  };

  private static final String[] NOTES = {
    "[]",
    "[{\"type\":\"discharge summary\",\"text\":\"pain in the chest\"}]",
    "[{\"text\":\"abc\"},{\"type\":\"radiology\",\"text\":\"\"}]",
    "[{\"type\":null,\"text\":\"x \\\"quoted\\\" \\u00e9\\n y\"}]",
    "[{\"type\":\"\",\"text\":\"t\"}]",
    "[{\"type\":\"n\"}]",
    "[{\"type\":\"n\",\"text\":null}]",
    "[{\"type\":\"n\",\"text\":5}]",
    "[{\"type\":\"n\",\"text\":\"t\",\"author\":\"x\"}]",
    "[{\"type\":\"n\",\"text\":\"t\",\"author\":null}]",
    "[\"text\"]",
    "{}",
    "null",
  };

  private static final String[] EXTRAS = {
    "",
    ",\"metadata\":{\"ward\":\"icu\",\"sex\":\"F\"}",
    ",\"metadata\":{}",
    ",\"metadata\":null",
    ",\"metadata\":{\"ward\":1}",
    ",\"metadata\":{\"ward\":null}",
    ",\"metadata\":\"icu\"",
    ",\"metadata\":{\"a\":\"1\",\"a\":\"2\"}",
    ",\"credentialed\":true",
    ",\"credentialed\":false",
    ",\"credentialed\":null",
    ",\"credentialed\":\"true\"",
    ",\"credentialed\":true,\"metadata\":{\"credentialed\":\"no\",\"x\":\"y\"}",
    ",\"patient_id\":\"P1\"",
    ",\"patient_id\":\" P2 \"",
    ",\"patient_id\":null",
    ",\"patient_id\":\"\"",
    ",\"patient_id\":12",
    ",\"diagnoses\":[]",
    ",\"diagnoses\":null",
  };

  private static final String[] IDS = {
    "\"A%d\"", "\" A%d \"", "\"A%d\\u0007\"", "\"\"", "\"  \"", "%d", "null",
  };

  @Test
  void theTokenReaderAndTheTreeReaderAgreeOnRandomLines() throws IOException {
    Random random = new Random(20261205);
    int plainFiles = 0;
    int errors = 0;
    for (int round = 0; round < 3000; round++) {
      List<String> lines = new ArrayList<>();
      int count = 1 + random.nextInt(4);
      for (int i = 0; i < count; i++) {
        lines.add(line(random, round * 10 + i));
      }
      Path file = dir.resolve("f" + round + ".jsonl");
      Files.writeString(file, String.join("\n", lines) + "\n");
      Object streamed = outcome(new JsonlLoader(true), file);
      Object tree = outcome(new JsonlLoader(false), file);
      assertEquals(tree, streamed, String.join("\n", lines));
      if (tree instanceof String) {
        errors++;
      } else {
        plainFiles++;
      }
    }
    assertTrue(plainFiles > 300 && errors > 300, plainFiles + " files read, " + errors + " refused");
  }

  @Test
  void theSameCodesAreSharedAsTheTreeReaderSharesThem() throws IOException {
    Path file = dir.resolve("shared.jsonl");
    Files.writeString(file, "{\"id\":\"A1\",\"notes\":[],\"codes\":[{\"system\":\"icd10cm\",\"code\":\"I10\"}]}\n"
        + "{\"id\":\"A2\",\"notes\":[],\"codes\":[{\"system\":\"icd10cm\",\"code\":\"I10\"}]}\n");
    List<Admission> admissions = new JsonlLoader(true).load(file).admissions();
    assertTrue(admissions.get(0).codes().get(0) == admissions.get(1).codes().get(0), "one GoldCode for a plain code");
  }

  private static String line(Random random, int n) {
    if (random.nextInt(40) == 0) {
      return switch (random.nextInt(6)) {
        case 0 -> "{\"id\":\"A" + n + "\",\"notes\":[],\"codes\":[]} trailing";
        case 1 -> "{\"id\":\"A" + n + "\",\"notes\":[],\"codes\":[]}{\"id\":\"B\"}";
        case 2 -> "{\"id\":\"A" + n + "\",\"notes\":[],\"codes\":[]";
        case 3 -> "[1,2]";
        case 4 -> "{\"id\":\"A" + n + "\",\"id\":\"A" + n + "\",\"notes\":[],\"codes\":[]}";
        default -> "   ";
      };
    }
    boolean plain = random.nextInt(3) > 0; // most lines plain and valid, as files are
    String id = plain ? String.format("\"A%d\"", n) : String.format(IDS[random.nextInt(IDS.length)], n);
    String notes = plain ? NOTES[random.nextInt(4)] : NOTES[random.nextInt(NOTES.length)];
    StringBuilder codes = new StringBuilder("[");
    int codeCount = random.nextInt(5);
    for (int i = 0; i < codeCount; i++) {
      codes.append(i == 0 ? "" : ",").append(plain ? FIELDS_OF_CODES[random.nextInt(8)]
          : FIELDS_OF_CODES[random.nextInt(FIELDS_OF_CODES.length)]);
    }
    codes.append("]");
    String extra = plain ? EXTRAS[random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0]
        : EXTRAS[random.nextInt(EXTRAS.length)];
    List<String> fields = new ArrayList<>(List.of("\"id\":" + id, "\"notes\":" + notes, "\"codes\":" + codes));
    if (!plain && random.nextInt(10) == 0) {
      fields.remove(random.nextInt(fields.size()));
    }
    java.util.Collections.shuffle(fields, random);
    return "{" + String.join(",", fields) + extra + "}";
  }

  /** What a load gives: the admissions and warnings, or the error's message. */
  private static Object outcome(JsonlLoader loader, Path file) {
    try {
      JsonlLoader.Result result = loader.load(file);
      return List.of(result.admissions(), result.warnings());
    } catch (MedcodeException e) {
      return e.getMessage();
    }
  }
}
