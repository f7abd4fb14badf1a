package org.medcode.run.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderFactory;
import org.medcode.coder.CoderParameters;
import org.medcode.coder.RunListener;
import org.medcode.coder.llm.ChatStub;
import org.medcode.coder.registry.CoderRegistry;
import org.medcode.codesystem.CodeEntry;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeSystems;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;
import org.medcode.dataset.Note;

/**
 * The contract every built-in coder keeps, checked the same way for each, through the run engine's own call
 * ({@link BenchmarkRunner#codeOne}): it answers every admission (a failure is an answer, and carries a kind), the same
 * seed gives the same codes and scores, and its codes never depend on the gold codes of the admissions it codes. A
 * built-in coder without parameters here fails the test, so a new coder joins the contract when it joins the registry.
 */
class CoderContractTest {
  private static final long SEED = 7;
  /** What each built-in coder is created with; the llm's base URL is the local chat stub's. */
  private static final Map<String, Map<String, String>> PARAMETERS = new TreeMap<>();
  /** Admissions a coder fails on, by design of the fixture, with the failure's kind. */
  private static final Map<String, Map<String, String>> FAILURES = Map.of("llm", Map.of("A8", "http_4xx"));
  private static final String[][] CODES = {
      {"J189", "Pneumonia, unspecified organism", "pneumonia"},
      {"R509", "Fever, unspecified", "fever"},
      {"I10", "Essential (primary) hypertension", "hypertension"},
      {"E119", "Type 2 diabetes mellitus without complications", "type 2 diabetes"},
      {"N390", "Urinary tract infection, site not specified", "urinary tract infection"},
      {"R51", "Headache", "headache"}};
  private static final CodeTable TABLE = table();
  private static final List<Admission> TRAINING = admissions("T", 40, 0);
  private static final List<Admission> CODED = admissions("A", 8, 3);

  @TempDir
  static Path temp;
  private static ChatStub chat;
  private static com.sun.net.httpserver.HttpServer coding;

  @BeforeAll
  static void fixture() throws IOException {
    // the llm's stand-in model reads the note, never the gold codes: one code per condition named; case A8 is refused
    chat = new ChatStub((admission, attempt, prompt) -> admission.equals("A8") ? ChatStub.status(400, Map.of())
        : ChatStub.answer(llmAnswer(prompt)));
    Path replay = temp.resolve("replay.tsv");
    StringBuilder lines = new StringBuilder();
    for (Admission admission : CODED) {
      lines.append(admission.id()).append('\t').append(CODES[Math.floorMod(admission.id().hashCode(), CODES.length)][0]).append('\n');
    }
    Files.writeString(replay, lines);
    PARAMETERS.put("frequency", Map.of("k", "3"));
    PARAMETERS.put("replay", Map.of("file", replay.toString()));
    PARAMETERS.put("rules", Map.of("language", "en", "learn-min-support", "1"));
    PARAMETERS.put("llm", Map.of("provider", "openai-compatible", "baseUrl", chat.baseUrl(), "model", "stub", "cache", "false",
        "maxRetries", "0"));
    PARAMETERS.put("ml-linear", Map.of("epochs", "3", "min-df", "1", "min-count", "1"));
    PARAMETERS.put("ml-knn", Map.of("min-df", "1", "k", "5"));
    PARAMETERS.put("embed-retrieval", Map.of("threshold", "0.3"));
    PARAMETERS.put("ensemble", Map.of("members", "frequency,ml-knn"));
    Map<String, String> codeByKeyword = new java.util.LinkedHashMap<>();
    for (String[] code : CODES) {
      codeByKeyword.put(code[2], code[0]);
    }
    coding = org.medcode.run.testcoders.KeywordService.start(codeByKeyword);
    PARAMETERS.put("http", Map.of("url", org.medcode.run.testcoders.KeywordService.url(coding), "cache", "false"));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), org.medcode.run.testcoders.ExecStub.class.getName()));
    for (String[] code : CODES) {
      command.add(code[2] + "=" + code[0]);
    }
    PARAMETERS.put("exec", Map.of("command", new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(command),
        "egress", "local"));
  }

  @AfterAll
  static void stopChat() {
    chat.close();
    coding.stop(0);
  }

  /** Every built-in coder: the registry's coders less the providers tests put on the class path. */
  static Stream<String> builtIns() {
    return CoderRegistry.load().all().stream().filter(f -> f.getClass().getPackageName().startsWith("org.medcode.coder."))
        .map(CoderFactory::name);
  }

  @Test
  void everyBuiltInCoderIsUnderContract() {
    assertEquals(new TreeSet<>(builtIns().toList()), PARAMETERS.keySet());
  }

  @ParameterizedTest
  @MethodSource("builtIns")
  void answersEveryAdmissionAndNamesTheKindOfEachFailure(String name) {
    Map<String, PredictionLog.Entry> entries = codeAll(name, CODED, "answers");
    assertEquals(CODED.stream().map(Admission::id).toList(), List.copyOf(entries.keySet()));
    Map<String, String> failures = new TreeMap<>();
    entries.forEach((id, entry) -> {
      if (entry.failed()) {
        failures.put(id, entry.failureKind());
      } else {
        assertTrue(entry.codes().stream().allMatch(c -> !c.code().isBlank()), name + " answered a blank code for " + id);
      }
    });
    assertEquals(FAILURES.getOrDefault(name, Map.of()), failures, name + ": failures by kind");
    assertTrue(entries.values().stream().anyMatch(e -> !e.codes().isEmpty()), name + " never proposed a code");
  }

  /** The harness refuses credentialed runs with coders that do not say where admissions go: built-ins all say. */
  @ParameterizedTest
  @MethodSource("builtIns")
  void declaresWhereAdmissionsGo(String name) {
    CoderFactory factory = CoderRegistry.load().require(name);
    org.medcode.coder.Egress egress = factory.egress(CoderParameters.resolve(factory, PARAMETERS.get(name)));
    assertEquals(name.equals("llm") || name.equals("http") ? org.medcode.coder.Egress.Kind.ENDPOINTS : org.medcode.coder.Egress.Kind.LOCAL,
        egress.kind(), name + ": " + egress.describe());
  }

  @ParameterizedTest
  @MethodSource("builtIns")
  void theSameSeedGivesTheSameCodes(String name) {
    assertEquals(scored(codeAll(name, CODED, "first")), scored(codeAll(name, CODED, "second")), name);
  }

  @ParameterizedTest
  @MethodSource("builtIns")
  void neverSeesTheGoldCodesOfWhatItCodes(String name) {
    List<Admission> withoutGold = CODED.stream()
        .map(a -> new Admission(a.id(), a.patientId(), a.notes(), List.of(), a.metadata())).toList();
    List<Admission> otherGold = CODED.stream()
        .map(a -> new Admission(a.id(), a.patientId(), a.notes(), List.of(new GoldCode("R51", CodeSystemId.ICD10CM)),
            a.metadata())).toList();
    Map<String, List<String>> given = scored(codeAll(name, CODED, "gold"));
    assertEquals(given, scored(codeAll(name, withoutGold, "no-gold")), name + " codes differently without gold codes");
    assertEquals(given, scored(codeAll(name, otherGold, "other-gold")), name + " codes differently with other gold codes");
  }

  /** A closed coder leaves no HTTP client behind: a live client's selector thread holds the JVM's exit for 300 ms. */
  @ParameterizedTest
  @MethodSource("builtIns")
  void closingEndsTheHttpClientsItMade(String name) throws InterruptedException {
    java.util.Set<Thread> before = java.util.Set.copyOf(Thread.getAllStackTraces().keySet());
    codeAll(name, CODED, "closing");
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (!before.contains(thread) && thread.getName().endsWith("-SelectorManager")) {
        thread.join(5000);
        assertFalse(thread.isAlive(), name + " left its HTTP client's " + thread.getName() + " running");
      }
    }
  }

  /** Creates the coder afresh (its own cache folder) and codes the admissions as the run engine does. */
  private static Map<String, PredictionLog.Entry> codeAll(String name, List<Admission> admissions, String session) {
    Path cache = temp.resolve("cache-" + name + "-" + session);
    Coder coder = create(name, cache, new LinkedHashMap<>());
    Map<String, PredictionLog.Entry> entries = new LinkedHashMap<>();
    try {
      for (Admission admission : admissions) {
        entries.put(admission.id(), BenchmarkRunner.codeOne(coder, TABLE.system(), admission));
      }
    } finally {
      coder.close();
    }
    return entries;
  }

  private static Coder create(String name, Path cache, Map<String, Coder> peers) {
    CoderFactory factory = CoderRegistry.load().require(name);
    CoderContext context = new CoderContext(TABLE, TRAINING, temp, cache, SEED,
        id -> peers.computeIfAbsent(id, peer -> create(peer, cache, peers)), false, RunListener.SILENT);
    try {
      return factory.create(context, CoderParameters.resolve(factory, PARAMETERS.get(name)));
    } catch (Exception e) {
      throw new AssertionError(name + " could not start: " + e.getMessage(), e);
    }
  }

  /** Each answer as "CODE score" lines (what is scored; evidence and rationale are explanations). */
  private static Map<String, List<String>> scored(Map<String, PredictionLog.Entry> entries) {
    Map<String, List<String>> scored = new LinkedHashMap<>();
    entries.forEach((id, entry) -> {
      List<String> codes = new ArrayList<>();
      for (CodeSuggestion code : entry.codes()) {
        codes.add(code.code() + " " + code.score());
      }
      scored.put(id, entry.failed() ? List.of("failed " + entry.failureKind()) : codes);
    });
    assertFalse(scored.isEmpty());
    return scored;
  }

  private static String llmAnswer(String prompt) {
    String note = prompt.substring(prompt.indexOf("case A")).toLowerCase(java.util.Locale.ROOT);
    List<String> codes = new ArrayList<>();
    for (String[] code : CODES) {
      if (note.contains(code[2])) {
        codes.add("\"" + code[0] + "\"");
      }
    }
    return "{\"codes\": [" + String.join(", ", codes) + "]}";
  }

  /** {@code n} admissions, each naming one or two of the conditions (cycling with {@code offset}), gold codes to match. */
  private static List<Admission> admissions(String prefix, int n, int offset) {
    List<Admission> admissions = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      String[] first = CODES[(i + offset) % CODES.length];
      String[] second = CODES[(i * 2 + offset) % CODES.length];
      Set<String> codes = new TreeSet<>(List.of(first[0], second[0]));
      String text = "This is case " + prefix + i + ". The patient presented with " + first[2] + " and " + second[2]
          + ". No other complaints.";
      admissions.add(new Admission(prefix + i, "p" + prefix + i, List.of(new Note("discharge", text)),
          codes.stream().map(code -> new GoldCode(code, CodeSystemId.ICD10CM)).toList(), Map.of()));
    }
    return admissions;
  }

  private static CodeTable table() {
    Map<String, CodeEntry> entries = new LinkedHashMap<>();
    for (String[] code : CODES) {
      entries.put(code[0], new CodeEntry(code[0], true, code[1], code[1]));
    }
    return CodeTable.of(CodeSystems.syntax(CodeSystemId.ICD10CM), "contract", entries);
  }
}
