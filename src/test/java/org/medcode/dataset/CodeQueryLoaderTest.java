package org.medcode.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.TestData;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.dataset.load.Datasets;

/**
 * Code-query datasets: one admission per code, its description as the note and the code as gold; samples are seeded,
 * nested and independent of file order; weights restrict and tilt the sample; the user's list and table are used as
 * given; CPT without a table of the user's own is refused with exit code 3.
 */
class CodeQueryLoaderTest {
  @TempDir
  Path temp;

  private Path table() throws Exception {
    Path table = temp.resolve("cpt.csv");
    StringBuilder rows = new StringBuilder("code,description\n");
    for (int i = 0; i < 50; i++) {
      rows.append(99200 + i).append(",Office visit level ").append(i).append('\n');
    }
    Files.writeString(table, rows);
    return table;
  }

  private Dataset load(String spec) {
    return Datasets.load(DatasetSpec.parse(spec), temp);
  }

  @Test
  void oneAdmissionPerCodeWithItsDescription() throws Exception {
    Dataset all = load("code-query:cpt?table=" + table());
    assertEquals(50, all.admissions().size());
    Admission first = all.admissions().get(0);
    assertEquals("99200", first.id());
    assertEquals(List.of(new Note(CodeQueryLoader.NOTE_TYPE, "Office visit level 0")), first.notes());
    assertEquals("99200", first.codes().get(0).code());
    assertEquals(CodeSystemId.CPT, first.codes().get(0).system());
    assertEquals(List.of(CodeSystemId.CPT), all.systems());
    assertEquals("cpt.csv", Datasets.dictionary(DatasetSpec.parse("code-query:cpt?table=" + table()), CodeSystemId.CPT, temp)
        .version(), "the dataset's own dictionary is the table it is built from");
  }

  @Test
  void seededSamplesAreNestedAndReproducible() throws Exception {
    String base = "code-query:cpt?table=" + table();
    Set<String> ten = ids(load(base + "&sample=10&seed=7"));
    Set<String> twenty = ids(load(base + "&sample=20&seed=7"));
    assertEquals(10, ten.size());
    assertTrue(twenty.containsAll(ten), "the sample of 10 is part of the sample of 20");
    assertEquals(ten, ids(load(base + "&sample=10&seed=7")));
    assertTrue(!ten.equals(ids(load(base + "&sample=10&seed=8"))));
    // the key is SHA-256("7:CODE"): the smallest (unsigned) keys are kept
    long k = CodeQueryLoader.key(7, "99200");
    assertEquals(java.nio.ByteBuffer.wrap(java.security.MessageDigest.getInstance("SHA-256")
        .digest("7:99200".getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0, 8).getLong(), k);
  }

  @Test
  void weightsRestrictAndTiltTheSampleAndAListIsUsedAsGiven() throws Exception {
    String base = "code-query:cpt?table=" + table();
    Path weights = temp.resolve("weights.csv");
    Files.writeString(weights, "code,count\n99201,1000\n99202,1\n99203,0\n99999,5\n");
    Dataset weighted = load(base + "&weights=" + weights + "&sample=10&seed=1");
    assertEquals(Set.of("99201", "99202"), ids(weighted), "only codes with a weight are drawn");
    assertTrue(weighted.warnings().get(0).contains("asked for more codes than the population has with a weight: 2 kept"),
        weighted.warnings().toString());
    Dataset heavy = load(base + "&weights=" + weights + "&sample=1&seed=1");
    assertEquals(Set.of("99201"), ids(heavy), "a weight of 1000 against 1");

    Path list = temp.resolve("list.csv");
    Files.writeString(list, "code,count\n99210,12\n99205,3\n99205,2\n12345,9\n");
    Dataset listed = load(base + "&codes=" + list);
    assertEquals(List.of("99205", "99210"), listed.admissions().stream().map(Admission::id).toList());
    assertEquals("5", listed.admissions().get(0).metadata().get("count"), "rows of one code are added");
    assertTrue(listed.warnings().get(0).contains("1 listed code is not in"), listed.warnings().toString());
  }

  @Test
  void aListWithAByteOrderMarkAShortRowOrBytesThatAreNotUtf8() throws Exception {
    String base = "code-query:cpt?table=" + table();
    Path bom = temp.resolve("bom.csv");
    Files.writeString(bom, "\uFEFFcode,count\n99210,12\n");
    assertEquals(List.of("99210"), load(base + "&codes=" + bom).admissions().stream().map(Admission::id).toList());
    // a byte order mark before a quoted header (Excel's "CSV UTF-8", R's write.csv): the mark stayed in the first name
    Path quoted = temp.resolve("quoted.csv");
    Files.writeString(quoted, "\uFEFF\"code\",\"count\"\r\n\"99210\",\"12\"\r\n");
    assertEquals(List.of("99210"), load(base + "&codes=" + quoted).admissions().stream().map(Admission::id).toList());

    Path shortRow = temp.resolve("short.csv");
    Files.writeString(shortRow, "code,count\n99210,3\n99205\n");
    MedcodeException.BadInput e = assertThrows(MedcodeException.BadInput.class, () -> load(base + "&codes=" + shortRow));
    assertTrue(e.getMessage().startsWith(shortRow + ":3: expected 2 fields as in the header, found 1"), e.getMessage());

    // before: 5 + 9223372036854775807 wrapped to a negative count, kept as metadata and as a weight drawn first
    Path huge = temp.resolve("huge.csv");
    Files.writeString(huge, "code,count\n99210,5\n99210,9223372036854775807\n");
    e = assertThrows(MedcodeException.BadInput.class, () -> load(base + "&codes=" + huge));
    assertTrue(e.getMessage().startsWith(huge + ":3: the counts of code '99210' add up to more than"
        + " 9,223,372,036,854,775,807, the largest count"), e.getMessage());
    assertThrows(MedcodeException.BadInput.class, () -> load(base + "&weights=" + huge + "&sample=2"));

    Path latin1 = temp.resolve("latin1.csv");
    Files.write(latin1, new byte[] {'c', 'o', 'd', 'e', '\n', '9', '9', '2', '1', (byte) 0xE9, '\n'});
    e = assertThrows(MedcodeException.BadInput.class, () -> load(base + "&codes=" + latin1));
    assertTrue(e.getMessage().startsWith(latin1 + ":2: not UTF-8: byte 0xE9 at byte offset 9"), e.getMessage());
  }

  @Test
  void theMimicDemoCodingTableWeightsAnIcd10Sample() {
    Path root = TestData.require("icd10cm-cms", "icd10cm-hierarchy", "mimic-iv-demo/hosp/diagnoses_icd.csv.gz");
    Dataset sample = Datasets.load(DatasetSpec.parse("code-query:icd10cm?year=2026&weights=data:mimic-iv-demo/hosp/"
        + "diagnoses_icd.csv.gz&sample=50&seed=3"), root);
    assertEquals(50, sample.admissions().size());
    assertTrue(sample.warnings().stream().anyMatch(w -> w.contains("rows of another ICD version than icd10cm ignored")),
        sample.warnings().toString());
    Map<String, String> metadata = sample.admissions().get(0).metadata();
    assertEquals("FY2026", metadata.get("code_table"));
    MedcodeException.DataMissing missing = assertThrows(MedcodeException.DataMissing.class, () -> Datasets.load(
        DatasetSpec.parse("code-query:icd10cm?year=2026&weights=data:no-such-source/x.csv&sample=5"), root));
    assertEquals("no-such-source", missing.pullName());
  }

  @Test
  void cptWithoutATableOfTheUsersOwnExits3() {
    MedcodeException e = assertThrows(MedcodeException.class, () -> load("code-query:cpt?sample=10&seed=1"));
    assertEquals(3, e.exitCode());
    assertTrue(e.getMessage().contains("CPT descriptions are copyrighted by the AMA"), e.getMessage());
    assertEquals(3, assertThrows(MedcodeException.class, () -> load("code-query:cpt?table=nowhere.csv")).exitCode());
  }

  @Test
  void specsRoundTripAndMistakesAreNamed() {
    for (String text : List.of("code-query:icd10cm", "code-query:icd10cm?year=2024-2026&sample=10&seed=5",
        "code-query:cpt?table=t.csv&codes=l.csv&weights=w.csv&sample=3&seed=0",
        "code-query:icd9cm?sample=3&seed=1&credentialed=true")) {
      assertEquals(text, DatasetSpec.parse(text).toString());
    }
    assertTrue(DatasetSpec.parse("code-query:icd9cm?credentialed=true").credentialed());
    for (String bad : List.of("code-query:", "code-query:icd11", "code-query:icd10cm?sample=0", "code-query:icd10cm?seed=3",
        "code-query:icd10cm?weights=w.csv", "code-query:icd10cm?year=2026&table=t.csv", "code-query:icd10cm?colour=red",
        "code-query:icd10cm?sample=2&sample=3")) {
      assertEquals(2, assertThrows(MedcodeException.class, () -> DatasetSpec.parse(bad), bad).exitCode(), bad);
    }
  }

  private static Set<String> ids(Dataset dataset) {
    return dataset.admissions().stream().map(Admission::id).collect(java.util.stream.Collectors.toSet());
  }
}
