package org.medcode.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.medcode.codesystem.Granularity;

/**
 * Pins every number of {@link Paired#compare} and {@link PairedSide#of} (differences, intervals, p-values, changed
 * admissions and codes, notes, every side's counts, points and hits) on seeded cases under many option sets: the
 * SHA-256 of a canonical dump ({@code Double.toString} of every value), recorded from the implementation as it was
 * before the scale rewrite (issue 12). {@code -Dgolden.update=true} rewrites the digests after a deliberate change;
 * {@code -Dpins.keep=DIR} writes the dumps, to see what changed.
 */
class PairedIdentityTest {
  private static final Path DIGESTS = Path.of("src/test/resources/golden/paired/identity.sha256");
  private static final Map<String, String> ACTUAL = new TreeMap<>();
  private static final List<Granularity> ALL = List.of(Granularity.values());
  private static final List<Granularity> EXACT = List.of(Granularity.EXACT);

  private static EvalOptions options(List<Granularity> levels, InvalidPolicy invalid, int bootstrap, double confidence,
      long seed, boolean byPatient, List<Integer> ks, Population population) {
    return new EvalOptions(levels, invalid, bootstrap, confidence, seed, byPatient, ks, false, population);
  }

  static Stream<Arguments> cases() {
    PairedCases.Variant ind = PairedCases.Variant.INDEPENDENT;
    PairedCases.Variant near = PairedCases.Variant.NEAR;
    PairedCases.Variant same = PairedCases.Variant.SAME;
    return Stream.of(
        Arguments.of("toy-count-all", PairedCases.toy(1L, 300, ind),
            options(ALL, InvalidPolicy.COUNT, 200, 0.95, 5L, false, List.of(1, 5), Population.ALL), 2000),
        Arguments.of("toy-drop-withgold", PairedCases.toy(2L, 250, ind),
            options(ALL, InvalidPolicy.DROP, 50, 0.9, 6L, false, List.of(1), Population.WITH_GOLD), 500),
        Arguments.of("toy-patients-ks", PairedCases.toy(3L, 300, ind),
            options(List.of(Granularity.CATEGORY, Granularity.EXACT), InvalidPolicy.COUNT, 200, 0.95, 7L, true,
                List.of(1, 3, 7), Population.ALL), 500),
        Arguments.of("toy-drop-no-bootstrap", PairedCases.toy(4L, 300, ind),
            options(EXACT, InvalidPolicy.DROP, 0, 0.95, 8L, false, List.of(1), Population.ALL), 2000),
        Arguments.of("toy-no-permutations", PairedCases.toy(5L, 300, ind),
            options(List.of(Granularity.CHAPTER, Granularity.BLOCK), InvalidPolicy.COUNT, 200, 0.8, 9L, false,
                List.of(2), Population.ALL), 0),
        Arguments.of("toy-near", PairedCases.toy(6L, 400, near),
            options(ALL, InvalidPolicy.COUNT, 50, 0.95, 10L, false, List.of(1), Population.ALL), 2000),
        Arguments.of("toy-near-drop-withgold-patients", PairedCases.toy(7L, 300, near),
            options(ALL, InvalidPolicy.DROP, 200, 0.95, 11L, true, List.of(1, 5), Population.WITH_GOLD), 500),
        Arguments.of("toy-same", PairedCases.toy(8L, 200, same),
            options(ALL, InvalidPolicy.DROP, 50, 0.95, 12L, false, List.of(1), Population.ALL), 500),
        Arguments.of("toy-levels-repeated", PairedCases.toy(9L, 150, ind),
            options(List.of(Granularity.EXACT, Granularity.CHAPTER, Granularity.EXACT), InvalidPolicy.COUNT, 50, 0.99,
                13L, false, List.of(1), Population.ALL), 500),
        Arguments.of("icd9-count", PairedCases.icd9(10L, 300, ind),
            options(ALL, InvalidPolicy.COUNT, 200, 0.8, 14L, false, List.of(1, 4), Population.ALL), 500),
        Arguments.of("icd9-drop-withgold-patients", PairedCases.icd9(11L, 300, ind),
            options(ALL, InvalidPolicy.DROP, 50, 0.95, 15L, true, List.of(1), Population.WITH_GOLD), 2000),
        Arguments.of("toy-one-admission", PairedCases.toy(12L, 1, ind),
            options(ALL, InvalidPolicy.COUNT, 50, 0.95, 16L, false, List.of(1), Population.ALL), 500),
        Arguments.of("toy-no-admissions", PairedCases.toy(13L, 0, ind),
            options(ALL, InvalidPolicy.COUNT, 50, 0.95, 17L, false, List.of(1), Population.ALL), 500),
        Arguments.of("toy-large-independent", PairedCases.toy(14L, 20_000, ind),
            options(ALL, InvalidPolicy.COUNT, 20, 0.95, 18L, false, List.of(1), Population.ALL), 200),
        Arguments.of("toy-large-near", PairedCases.toy(15L, 20_000, near),
            options(ALL, InvalidPolicy.COUNT, 20, 0.95, 19L, false, List.of(1), Population.ALL), 200));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyNumberIsPinned(String name, PairedCases.Case c, EvalOptions options, int permutations) throws IOException {
    PairedSide a = PairedSide.of("a", c.admissions(), c.a(), c.table(), options);
    PairedSide b = PairedSide.of("b", c.admissions(), c.b(), c.table(), options);
    PairedComparison comparison = Paired.compare(a, b, options, permutations, c.admissions());
    PairedComparison direct = Paired.compare("a", "b", c.admissions(), c.a(), c.b(), c.table(), options, permutations);
    String dump = dump(a) + dump(b) + dump(comparison);
    assertEquals(dump(comparison), dump(direct), name + ": compare(sides) and compare(predictions) differ");
    check(name, dump);
  }

  /** Sides that do not come from the engine: B lacks a level of A, and a point value is missing (NaN), as in a file. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("storedCases")
  void storedSidesArePinned(String name, int dropLevel, int nanMetric) throws IOException {
    PairedCases.Case c = PairedCases.toy(20L + dropLevel, 200, PairedCases.Variant.INDEPENDENT);
    EvalOptions options = options(ALL, InvalidPolicy.COUNT, 100, 0.95, 21L, false, List.of(1), Population.ALL);
    PairedSide a = PairedSide.of("a", c.admissions(), c.a(), c.table(), options);
    PairedSide full = PairedSide.of("b", c.admissions(), c.b(), c.table(), options);
    List<PairedSide.Level> levels = new java.util.ArrayList<>();
    for (int l = 0; l < full.levels().size(); l++) {
      if (l == dropLevel) {
        continue;
      }
      PairedSide.Level level = full.levels().get(l);
      double[] points = level.points().clone();
      if (nanMetric >= 0) {
        points[nanMetric] = Double.NaN;
      }
      levels.add(new PairedSide.Level(level.granularity(), points, level.tp(), level.fp(), level.fn()));
    }
    PairedSide b = new PairedSide("b", full.admissionIds(), levels, full.hits());
    check(name, dump(Paired.compare(a, b, options, 700)));
  }

  static Stream<Arguments> storedCases() {
    return Stream.of(Arguments.of("stored-without-exact", 0, -1), Arguments.of("stored-nan-f1", 2, 2),
        Arguments.of("stored-nan-sample-recall", 1, 4));
  }

  private static void check(String name, String dump) throws IOException {
    String keep = System.getProperty("pins.keep");
    if (keep != null) {
      Path file = Path.of(keep, "paired", name + ".txt");
      Files.createDirectories(file.getParent());
      Files.writeString(file, dump, StandardCharsets.UTF_8);
    }
    String digest = sha256(dump);
    synchronized (ACTUAL) {
      ACTUAL.put(name, digest);
    }
    if (!Boolean.getBoolean("golden.update")) {
      assertEquals(recorded().get(name), digest, name + ": paired outputs differ from " + DIGESTS);
    }
  }

  @AfterAll
  static void update() throws IOException {
    if (Boolean.getBoolean("golden.update")) {
      Map<String, String> all = new TreeMap<>(Files.isRegularFile(DIGESTS) ? recorded() : Map.of());
      all.putAll(ACTUAL);
      StringBuilder text = new StringBuilder();
      all.forEach((name, digest) -> text.append(digest).append("  ").append(name).append('\n'));
      Files.createDirectories(DIGESTS.getParent());
      Files.writeString(DIGESTS, text.toString(), StandardCharsets.UTF_8);
    }
  }

  private static Map<String, String> recorded() throws IOException {
    Map<String, String> digests = new TreeMap<>();
    for (String line : Files.readAllLines(DIGESTS, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        digests.put(line.substring(line.indexOf("  ") + 2), line.substring(0, line.indexOf("  ")));
      }
    }
    return digests;
  }

  static String dump(PairedComparison c) {
    StringBuilder out = new StringBuilder();
    out.append("comparison ").append(c.labelA()).append(' ').append(c.labelB()).append(" n=").append(c.admissions())
        .append(" resamples=").append(c.resamples()).append(" permutations=").append(c.permutations()).append(" seed=")
        .append(c.seed()).append(" confidence=").append(c.confidence()).append('\n');
    for (PairedComparison.Difference d : c.differences()) {
      out.append("D ").append(d.key()).append(' ').append(d.a()).append(' ').append(d.b()).append(' ')
          .append(d.difference()).append(' ').append(d.ciLow()).append(' ').append(d.ciHigh()).append(' ')
          .append(d.pValue()).append('\n');
    }
    for (PairedComparison.AdmissionChange a : c.changedAdmissions()) {
      out.append("C ").append(a.admissionId()).append(' ').append(a.f1A()).append(' ').append(a.f1B()).append(' ')
          .append(a.gained()).append(' ').append(a.lost()).append('\n');
    }
    for (PairedComparison.CodeChange code : c.changedCodes()) {
      out.append("K ").append(code.code()).append(' ').append(code.gained()).append(' ').append(code.lost()).append('\n');
    }
    c.notes().forEach(n -> out.append("N ").append(n).append('\n'));
    return out.toString();
  }

  static String dump(PairedSide side) {
    StringBuilder out = new StringBuilder();
    out.append("side ").append(side.label()).append(' ').append(side.admissionIds()).append('\n');
    for (PairedSide.Level level : side.levels()) {
      out.append("L ").append(level.granularity()).append(' ').append(java.util.Arrays.toString(level.points()))
          .append(' ').append(java.util.Arrays.toString(level.tp())).append(' ')
          .append(java.util.Arrays.toString(level.fp())).append(' ').append(java.util.Arrays.toString(level.fn()))
          .append('\n');
    }
    for (Set<String> hits : side.hits()) {
      out.append("H ").append(hits).append('\n');
    }
    return out.toString();
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
