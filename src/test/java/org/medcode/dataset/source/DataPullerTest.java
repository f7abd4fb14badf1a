package org.medcode.dataset.source;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.dataset.source.PullResult.Outcome;
import org.medcode.dataset.source.SourceStatus.Presence;

/**
 * A synthetic source "alpha" (folder alpha-data): a.txt (checksum known), sub/b.txt (no checksum), c.txt extracted
 * from bundle.zip, the folder texts/ extracted from bundle.zip, and an optional folder extra/ that nobody has.
 */
class DataPullerTest {
  private static final byte[] A = "alpha file\n".getBytes(UTF_8);
  private static final byte[] B = "beta file\n".getBytes(UTF_8);
  private static final byte[] C = "gamma member\n".getBytes(UTF_8);
  private static final Clock FIRST = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
  private static final Clock LATER = Clock.fixed(Instant.parse("2026-11-28T08:30:00Z"), ZoneOffset.UTC);

  @TempDir Path tmp;
  private Path root;
  private HttpServer server;
  private final Map<String, byte[]> served = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private String base;

  @BeforeEach
  void startServer() throws IOException {
    root = tmp.resolve("root");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      byte[] body = served.get(path);
      exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
      if (body != null) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
      exchange.close();
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    served.put("/a.txt", A);
    served.put("/b.txt", B);
    served.put("/bundle.zip", zip(Map.of("pkg/c.txt", C, "pkg/texts/1.txt", "one".getBytes(UTF_8),
        "pkg/texts/deep/2.txt", "two".getBytes(UTF_8), "pkg/other.txt", "not wanted".getBytes(UTF_8))));
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private SourceRegistry registry(String aSha) {
    return SourceRegistry.of(List.of(new Source("alpha", "alpha-data", "v1", "CC0", "https://example.org/alpha", "test source",
        List.of(
            SourceFile.download("a.txt", base + "/a.txt", aSha),
            SourceFile.download("sub/b.txt", base + "/b.txt", null),
            new SourceFile("c.txt", base + "/bundle.zip", "pkg/c.txt", sha(C), false, false, null, 0, null),
            new SourceFile("texts/", base + "/bundle.zip", "pkg/texts/", null, false, false, null, 2, null),
            new SourceFile("extra/", base + "/bundle.zip", "pkg/extra/", null, true, false, "only in the full release", 0, null)))));
  }

  private DataPuller puller(String aSha, Clock clock) {
    return new DataPuller(registry(aSha), DataPuller.defaultClient(), clock);
  }

  private DataPuller puller() {
    return puller(sha(A), FIRST);
  }

  private Path mirror() throws IOException {
    Path folder = tmp.resolve("mirror/alpha-data");
    Files.createDirectories(folder.resolve("sub"));
    Files.createDirectories(folder.resolve("texts/deep"));
    Files.write(folder.resolve("a.txt"), A);
    Files.write(folder.resolve("sub/b.txt"), B);
    Files.write(folder.resolve("c.txt"), C);
    Files.writeString(folder.resolve("texts/1.txt"), "one");
    Files.writeString(folder.resolve("texts/deep/2.txt"), "two");
    Files.writeString(folder.resolve("SOURCE.md"), "# where alpha came from\n");
    return tmp.resolve("mirror");
  }

  private static void assertFetchedEverything(Path folder) throws IOException {
    assertTrue(java.util.Arrays.equals(A, Files.readAllBytes(folder.resolve("a.txt"))));
    assertTrue(java.util.Arrays.equals(B, Files.readAllBytes(folder.resolve("sub/b.txt"))));
    assertTrue(java.util.Arrays.equals(C, Files.readAllBytes(folder.resolve("c.txt"))));
    assertEquals("one", Files.readString(folder.resolve("texts/1.txt")));
    assertEquals("two", Files.readString(folder.resolve("texts/deep/2.txt")));
    assertNoTemporaryFiles(folder);
  }

  /** The file records without their sizes and times (each checked against its file by {@link #recordsSizes}). */
  private static List<SourceManifest.FileRecord> unstamped(SourceManifest manifest) {
    return manifest.files().stream().map(r -> new SourceManifest.FileRecord(r.path(), r.sha256(), r.origin())).toList();
  }

  @Test
  void recordsSizes() throws IOException {
    puller().pull(List.of("alpha"), root, Optional.of(mirror()));
    for (SourceManifest.FileRecord record : manifest().files()) {
      Path file = root.resolve("alpha-data").resolve(record.path());
      assertEquals(Files.size(file), record.size(), record.path());
      assertEquals(Files.getLastModifiedTime(file).toMillis(), record.modified(), record.path());
    }
  }

  private static void assertNoTemporaryFiles(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      assertEquals(List.of(), files.filter(p -> p.getFileName().toString().startsWith(".medcode-")
          && !p.getFileName().toString().equals(SourceManifest.FILE_NAME)).toList());
    }
  }

  private SourceManifest manifest() throws IOException {
    return new ObjectMapper().readValue(root.resolve("alpha-data").resolve(SourceManifest.FILE_NAME).toFile(), SourceManifest.class);
  }

  // ---- mirror

  @Test
  void copiesFromAMirrorAndRecordsIt() throws IOException {
    Path mirror = mirror();
    PullResult result = puller().pull(List.of("alpha"), root, Optional.of(mirror)).get(0);
    assertEquals(Outcome.FETCHED, result.outcome(), result.toString());
    assertEquals(6, result.fetched(), "five data files and SOURCE.md");
    assertEquals(List.of(), result.problems());
    assertTrue(result.notes().get(0).contains("lacks extra/ (optional: only in the full release)"), result.notes().toString());
    assertFetchedEverything(root.resolve("alpha-data"));
    assertEquals(0, hits.size(), "a mirror pull makes no HTTP request");

    SourceManifest manifest = manifest();
    assertEquals("alpha", manifest.name());
    assertEquals("2026-11-27T12:00:00Z", manifest.pulledAt());
    assertEquals(mirror.resolve("alpha-data").toAbsolutePath().normalize().toString(), manifest.origin());
    assertTrue(unstamped(manifest).contains(new SourceManifest.FileRecord("a.txt", sha(A),
        mirror.resolve("alpha-data/a.txt").toAbsolutePath().normalize().toString())));
    assertEquals(List.of("SOURCE.md", "a.txt", "c.txt", "sub/b.txt", "texts/1.txt", "texts/deep/2.txt"),
        manifest.files().stream().map(SourceManifest.FileRecord::path).toList());
  }

  /** A mirror made of links (`ln -s …/gems mirror/gems`): the pull said the mirror lacked every file of the folder. */
  @Test
  void aMirrorFolderThatIsALinkIsCopied() throws IOException {
    Path real = mirror();
    Path linked = Files.createDirectories(tmp.resolve("linked"));
    Files.createSymbolicLink(linked.resolve("alpha-data"), real.resolve("alpha-data"));
    PullResult result = puller().pull(List.of("alpha"), root, Optional.of(linked)).get(0);
    assertEquals(Outcome.FETCHED, result.outcome(), result.toString());
    assertEquals(6, result.fetched());
    assertFetchedEverything(root.resolve("alpha-data"));
  }

  @Test
  void aFolderTheMirrorHoldsOnlyPartOfIsNotComplete() throws IOException {
    Path mirror = mirror();
    Files.delete(mirror.resolve("alpha-data/texts/deep/2.txt"));
    PullResult result = puller().pull(List.of("alpha"), root, Optional.of(mirror)).get(0);
    assertTrue(result.problems().stream().anyMatch(p -> p.endsWith("lacks texts/ (1 of its 2 files missing: it holds 1)")),
        result.problems().toString());
    SourceStatus status = puller().list(root).get(0);
    assertEquals(SourceStatus.Presence.PARTIAL, status.presence());
    assertEquals(List.of("texts/ (1 of its 2 files missing: it holds 1)"), status.missing());
  }

  @Test
  void aPulledFileChangedSinceIsReportedByTheCheckedListing() throws IOException {
    puller().pull(List.of("alpha"), root, Optional.of(mirror()));
    Files.writeString(root.resolve("alpha-data/c.txt"), "cut sho");
    Files.delete(root.resolve("alpha-data/SOURCE.md"));
    assertEquals(SourceStatus.Presence.COMPLETE, puller().list(root).get(0).presence(), "the quick listing reads no file");
    SourceStatus checked = puller().list(root, true).get(0);
    assertEquals(SourceStatus.Presence.MODIFIED, checked.presence());
    assertEquals(List.of("SOURCE.md (gone)", "c.txt"), checked.modified());
  }

  @Test
  void secondMirrorPullFetchesNothing() throws IOException {
    Path mirror = mirror();
    puller().pull(List.of("alpha"), root, Optional.of(mirror));
    PullResult again = puller(sha(A), LATER).pull(List.of("alpha"), root, Optional.of(mirror)).get(0);
    assertEquals(Outcome.ALREADY_PRESENT, again.outcome(), again.toString());
    assertEquals(0, again.fetched());
    assertEquals(6, again.present());
    assertEquals("2026-11-27T12:00:00Z", manifest().pulledAt(), "nothing new was pulled");
  }

  @Test
  void aMirrorFileWithTheWrongChecksumIsNotKept() throws IOException {
    Path mirror = mirror();
    Files.writeString(mirror.resolve("alpha-data/a.txt"), "tampered\n");
    PullResult result = puller().pull(List.of("alpha"), root, Optional.of(mirror)).get(0);
    assertEquals(Outcome.FAILED, result.outcome());
    assertTrue(result.problems().stream().anyMatch(p -> p.contains("sha256 mismatch") && p.contains("a.txt")
        && p.contains("expected " + sha(A))), result.problems().toString());
    assertFalse(Files.exists(root.resolve("alpha-data/a.txt")));
    assertTrue(Files.exists(root.resolve("alpha-data/sub/b.txt")), "the other files are still copied");
    // the mirror has it, though not as it should be: before, a second problem also said the mirror lacked it
    assertEquals(1, result.problems().size(), result.problems().toString());
    assertNoTemporaryFiles(root.resolve("alpha-data"));
  }

  /** The source alpha with the checksum list test-texts.sha256 on its folder texts/. */
  private DataPuller listedPuller() {
    List<SourceFile> files = registry(sha(A)).source("alpha").files().stream()
        .map(f -> f.path().equals("texts/") ? new SourceFile(f.path(), f.url(), f.member(), null, false, false, null, 2,
            "test-texts.sha256") : f).toList();
    return new DataPuller(SourceRegistry.of(List.of(new Source("alpha", "alpha-data", "v1", "CC0", "https://example.org/alpha",
        "test source", files))), DataPuller.defaultClient(), FIRST);
  }

  /**
   * A folder's files had no checksum: a CodiEsp text file cut short in the mirror, or a stray copy beside them
   * ({@code S0004-…-1 (copy).txt}), was copied, the pull said {@code fetched} and a run scored 251 admissions. With the
   * folder's checksum list, the cut one is refused by name and the stray one not copied.
   */
  @Test
  void aMirrorFolderFileCutOrNotOfTheReleaseIsNotKept() throws IOException {
    Path mirror = mirror();
    Files.writeString(mirror.resolve("alpha-data/texts/1.txt"), "on");
    Files.writeString(mirror.resolve("alpha-data/texts/1 (copy).txt"), "one");
    PullResult result = listedPuller().pull(List.of("alpha"), root, Optional.of(mirror)).get(0);
    assertEquals(Outcome.FAILED, result.outcome(), result.toString());
    assertTrue(result.problems().stream().anyMatch(p -> p.startsWith("sha256 mismatch for " + mirror.resolve("alpha-data/texts/1.txt"))
        && p.contains("expected " + sha("one".getBytes(UTF_8)))), result.problems().toString());
    // said once: the folder's count check also said the mirror lacked texts/ (1 of its 2 files missing)
    assertEquals(1, result.problems().size(), result.problems().toString());
    assertTrue(result.notes().stream().anyMatch(n -> n.equals(mirror.resolve("alpha-data/texts/1 (copy).txt")
        + " is not one of the 2 files of texts/ in the release (its checksum list test-texts.sha256 lacks it); not copied"
        + " (remove it from the mirror)")), result.notes().toString());
    assertFalse(Files.exists(root.resolve("alpha-data/texts/1.txt")));
    assertFalse(Files.exists(root.resolve("alpha-data/texts/1 (copy).txt")));
    assertEquals("two", Files.readString(root.resolve("alpha-data/texts/deep/2.txt")));

    Files.writeString(mirror.resolve("alpha-data/texts/1.txt"), "one");
    assertEquals(Outcome.FETCHED, listedPuller().pull(List.of("alpha"), root, Optional.of(mirror)).get(0).outcome());
    Files.writeString(root.resolve("alpha-data/texts/3.txt"), "three"); // put there by hand: data list says so
    SourceStatus checked = listedPuller().list(root, true).get(0);
    assertEquals(SourceStatus.Presence.MODIFIED, checked.presence());
    assertEquals(List.of("texts/3.txt (not in the release: delete it)"), checked.modified());
  }

  /**
   * Files put in the data folder by hand (a copy of a mirror, or the mirror itself given as --data-dir) have no pull
   * record: `data list` said {@code complete} whatever they held, a cut CodiEsp text or ICD-9 table included. It now
   * checks them against the known checksums.
   */
  @Test
  void filesNotPulledAreCheckedAgainstTheKnownChecksums() throws IOException {
    Path mirror = mirror().resolve("alpha-data");
    Files.writeString(mirror.resolve("a.txt"), "alpha fi");
    Files.writeString(mirror.resolve("texts/1.txt"), "on");
    SourceStatus checked = listedPuller().list(mirror.getParent(), true).get(0);
    assertEquals(SourceStatus.Presence.MODIFIED, checked.presence());
    assertEquals(List.of("a.txt (not pulled, and not the release's: its SHA-256 is not the known one)",
        "texts/1.txt (not pulled, and not the release's: its SHA-256 is not the known one)"), checked.modified());
    Files.write(mirror.resolve("a.txt"), A);
    Files.writeString(mirror.resolve("texts/1.txt"), "one");
    assertEquals(SourceStatus.Presence.COMPLETE, listedPuller().list(mirror.getParent(), true).get(0).presence());
  }

  @Test
  void aDownloadedFolderFileWithTheWrongChecksumFailsTheFolder() throws IOException {
    served.put("/bundle.zip", zip(Map.of("pkg/c.txt", C, "pkg/texts/1.txt", "one".getBytes(UTF_8),
        "pkg/texts/deep/2.txt", "tw".getBytes(UTF_8), "pkg/texts/stray.txt", "x".getBytes(UTF_8))));
    PullResult result = listedPuller().pull(List.of("alpha"), root, Optional.empty()).get(0);
    assertEquals(Outcome.FAILED, result.outcome(), result.toString());
    assertTrue(result.problems().stream().anyMatch(p -> p.startsWith("sha256 mismatch for texts/deep/2.txt (pkg/texts/deep/2.txt in "
        + base + "/bundle.zip)")), result.problems().toString());
    assertFalse(Files.exists(root.resolve("alpha-data/texts")));
    assertNoTemporaryFiles(root.resolve("alpha-data"));
  }

  /**
   * A compressed file without a known checksum (the ICD-10-CM tabular list's .xml.gz, the optional years' order zips) was
   * copied from a mirror however cut: the pull said {@code fetched}, {@code data list} said {@code complete}, and the
   * load failed later (or, for a zip cut after a whole member, read part of it). Its format now tells: a .gz must
   * decompress to its end, a .zip must have its central directory and every member its CRC.
   */
  @Test
  void aCutCompressedFileWithoutAChecksumIsNotKept() throws IOException {
    byte[] gz;
    try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(bytes)) {
      out.write("<tabular>a list long enough to cut</tabular>\n".repeat(200).getBytes(UTF_8));
      out.finish();
      gz = bytes.toByteArray();
    }
    byte[] zip = zip(Map.of("order.txt", "00001 A00  0 Cholera\n".repeat(200).getBytes(UTF_8)));
    served.put("/tab.xml.gz", java.util.Arrays.copyOf(gz, gz.length - 8)); // without its CRC and size
    SourceRegistry registry = SourceRegistry.of(List.of(new Source("beta", "beta-data", "v1", "CC0",
        "https://example.org/beta", "test source", List.of(SourceFile.download("tab.xml.gz", base + "/tab.xml.gz", null),
            SourceFile.download("order.zip", base + "/order.zip", null)))));
    DataPuller puller = new DataPuller(registry, DataPuller.defaultClient(), FIRST);
    Path mirror = Files.createDirectories(tmp.resolve("mirror/beta-data"));
    Files.write(mirror.resolve("tab.xml.gz"), java.util.Arrays.copyOf(gz, gz.length / 2));
    Files.write(mirror.resolve("order.zip"), java.util.Arrays.copyOf(zip, zip.length - 30)); // its central directory cut

    PullResult result = puller.pull(List.of("beta"), root, Optional.of(tmp.resolve("mirror"))).get(0);
    assertEquals(Outcome.FAILED, result.outcome());
    assertTrue(result.problems().stream().anyMatch(p -> p.startsWith(mirror.resolve("tab.xml.gz") + " is cut or damaged:"
        + " it does not decompress to its end")), result.problems().toString());
    assertTrue(result.problems().stream().anyMatch(p -> p.startsWith(mirror.resolve("order.zip") + " is cut or damaged:"
        + " it does not read as a zip archive")), result.problems().toString());
    assertFalse(Files.exists(root.resolve("beta-data/tab.xml.gz")));
    assertFalse(Files.exists(root.resolve("beta-data/order.zip")));
    assertEquals(Presence.MISSING, puller.status(root, "beta").presence());
    assertNoTemporaryFiles(root);

    // whole copies are kept; a download cut short is not
    Files.write(mirror.resolve("tab.xml.gz"), gz);
    Files.write(mirror.resolve("order.zip"), zip);
    assertEquals(Outcome.FETCHED, puller.pull(List.of("beta"), root, Optional.of(tmp.resolve("mirror"))).get(0).outcome());
    assertEquals(Presence.COMPLETE, puller.status(root, "beta").presence());
    Path downloaded = tmp.resolve("downloaded");
    served.put("/order.zip", zip);
    PullResult download = puller.pull(List.of("beta"), downloaded, Optional.empty()).get(0);
    assertEquals(Outcome.FAILED, download.outcome());
    assertTrue(download.problems().toString().contains("tab.xml.gz from " + base + "/tab.xml.gz is cut or damaged"),
        download.problems().toString());
    assertFalse(Files.exists(downloaded.resolve("beta-data/tab.xml.gz")));
    assertTrue(Files.exists(downloaded.resolve("beta-data/order.zip")));
  }

  @Test
  void aMirrorWithoutARequiredFileFails() throws IOException {
    Path mirror = mirror();
    Files.delete(mirror.resolve("alpha-data/c.txt"));
    PullResult result = puller().pull(List.of("alpha"), root, Optional.of(mirror)).get(0);
    assertEquals(Outcome.FAILED, result.outcome());
    assertTrue(result.problems().get(0).endsWith("lacks c.txt"), result.problems().toString());
  }

  @Test
  void aMirrorWithoutTheSourceFolderFails() {
    PullResult result = puller().pull(List.of("alpha"), root, Optional.of(tmp)).get(0);
    assertEquals(Outcome.FAILED, result.outcome());
    assertTrue(result.problems().get(0).contains("the mirror has no folder"), result.problems().toString());
    assertFalse(Files.exists(root.resolve("alpha-data")), "a failed first pull leaves no empty folder behind");
  }

  @Test
  void aMirrorThatDoesNotExistIsAUsageError() {
    MedcodeException error = assertThrows(MedcodeException.class,
        () -> puller().pull(List.of(), root, Optional.of(tmp.resolve("nowhere"))));
    assertTrue(error.getMessage().contains("mirror folder"), error.getMessage());
  }

  /** A mirror given as a file (a tarball of it, say) was said not to exist. */
  @Test
  void aMirrorThatIsAFileIsCalledAFile() throws IOException {
    Path file = Files.writeString(tmp.resolve("mirror.tar"), "");
    MedcodeException error = assertThrows(MedcodeException.class, () -> puller().pull(List.of(), root, Optional.of(file)));
    assertTrue(error.getMessage().startsWith("mirror folder " + file.toAbsolutePath() + " is a file, not a folder; expected"
        + " a folder laid out like ../shared/data"), error.getMessage());
  }

  // ---- download

  @Test
  void downloadsVerifiesExtractsAndRecords() throws IOException {
    PullResult result = puller().pull(List.of("alpha"), root, Optional.empty()).get(0);
    assertEquals(Outcome.FETCHED, result.outcome(), result.toString());
    assertEquals(5, result.fetched(), "a.txt, b.txt, c.txt and the two files of texts/");
    assertTrue(result.notes().get(0).startsWith("extra/ (optional) not fetched: archive " + base + "/bundle.zip has no entries under pkg/extra/"),
        result.notes().toString());
    Path folder = root.resolve("alpha-data");
    assertFetchedEverything(folder);
    assertFalse(Files.exists(folder.resolve("texts/other.txt")));
    assertEquals(1, hits.get("/bundle.zip").get(), "one archive download serves every member");
    SourceManifest manifest = manifest();
    assertEquals(base + "/a.txt " + base + "/b.txt " + base + "/bundle.zip", manifest.origin());
    assertTrue(unstamped(manifest).contains(new SourceManifest.FileRecord("texts/deep/2.txt", sha("two".getBytes(UTF_8)),
        base + "/bundle.zip#pkg/texts/")));
  }

  @Test
  void secondDownloadFetchesNothing() {
    puller().pull(List.of("alpha"), root, Optional.empty());
    Map<String, Integer> before = Map.of("/a.txt", hits.get("/a.txt").get(), "/b.txt", hits.get("/b.txt").get());
    PullResult again = puller().pull(List.of("alpha"), root, Optional.empty()).get(0);
    assertEquals(Outcome.ALREADY_PRESENT, again.outcome(), again.toString());
    assertEquals(5, again.present());
    assertEquals(before, Map.of("/a.txt", hits.get("/a.txt").get(), "/b.txt", hits.get("/b.txt").get()));
    assertEquals(1, hits.get("/bundle.zip").get(), "the archive is not fetched again, not even for the optional extra/");
    assertTrue(again.notes().get(0).startsWith("extra/ (optional) was not in " + base + "/bundle.zip when last pulled"), again.notes().toString());
  }

  @Test
  void aPresentFileWithWrongContentIsFetchedAgain() throws IOException {
    puller().pull(List.of("alpha"), root, Optional.empty());
    Files.writeString(root.resolve("alpha-data/a.txt"), "corrupted");
    PullResult again = puller().pull(List.of("alpha"), root, Optional.empty()).get(0);
    assertEquals(Outcome.FETCHED, again.outcome());
    assertEquals(1, again.fetched());
    assertTrue(java.util.Arrays.equals(A, Files.readAllBytes(root.resolve("alpha-data/a.txt"))));
  }

  @Test
  void aDownloadWithTheWrongChecksumIsNotKept() throws IOException {
    String wrong = "0".repeat(64);
    PullResult result = puller(wrong, FIRST).pull(List.of("alpha"), root, Optional.empty()).get(0);
    assertEquals(Outcome.FAILED, result.outcome());
    assertEquals(1, result.problems().size(), result.problems().toString());
    assertTrue(result.problems().get(0).startsWith("sha256 mismatch for a.txt from " + base + "/a.txt: expected " + wrong
        + ", got " + sha(A) + "; the file was not kept"), result.problems().get(0));
    assertFalse(Files.exists(root.resolve("alpha-data/a.txt")));
    assertNoTemporaryFiles(root.resolve("alpha-data"));
  }

  @Test
  void aFailedDownloadNamesTheUrlAndSuggestsAMirror() throws IOException {
    served.remove("/b.txt");
    PullResult result = puller().pull(List.of("alpha"), root, Optional.empty()).get(0);
    assertEquals(Outcome.FAILED, result.outcome());
    String problem = result.problems().get(0);
    assertTrue(problem.startsWith("cannot download " + base + "/b.txt (HTTP 404)"), problem);
    assertTrue(problem.contains("--mirror DIR"), problem);
    assertFalse(Files.exists(root.resolve("alpha-data/sub/b.txt")));
    assertNoTemporaryFiles(root.resolve("alpha-data"));
  }

  @Test
  void anArchiveThatIsNotAZipFailsItsFilesOnly() {
    served.put("/bundle.zip", "<html>moved</html>".getBytes(UTF_8));
    PullResult result = puller().pull(List.of("alpha"), root, Optional.empty()).get(0);
    assertEquals(Outcome.FAILED, result.outcome());
    assertEquals(2, result.fetched(), "a.txt and b.txt still arrive");
    // said once for both files of the archive (before, once per file: CodiEsp's 11 files of one zip gave 11 copies)
    assertEquals(1, result.problems().size(), result.problems().toString());
    assertTrue(result.problems().get(0).startsWith("download of " + base + "/bundle.zip is not a zip archive"),
        result.problems().toString());
    assertTrue(result.problems().get(0).endsWith(" (not fetched: c.txt, texts/)"), result.problems().get(0));
  }

  /**
   * A first pull that fetched nothing leaves no folder: before, the folders made for the files it meant to fetch stayed
   * (a failed CodiEsp download left codiesp/final_dataset_v4_to_publish/dev/ and train/, empty, so the loader said the
   * release folder was not found in a folder that was there).
   */
  @Test
  void aFirstPullThatFetchedNothingLeavesNoFolders() {
    served.clear();
    PullResult result = puller().pull(List.of("alpha"), root, Optional.empty()).get(0);
    assertEquals(Outcome.FAILED, result.outcome());
    assertEquals(0, result.fetched());
    assertFalse(Files.exists(root.resolve("alpha-data")), "nothing that looks like pulled data is left");
    assertEquals(1, hits.get("/bundle.zip").get(), "the archive is downloaded once per pull");
  }

  @Test
  void plainHttpIsOnlyAllowedOnThisMachine() {
    DataPuller puller = new DataPuller(SourceRegistry.of(List.of(new Source("web", "web", "1", "x", "h", "d",
        List.of(SourceFile.download("f.txt", "http://example.org/f.txt", null))))), DataPuller.defaultClient(), FIRST);
    PullResult result = puller.pull(List.of("web"), root, Optional.empty()).get(0);
    assertEquals(Outcome.FAILED, result.outcome());
    assertTrue(result.problems().get(0).startsWith("refusing to download http://example.org/f.txt"), result.problems().toString());
  }

  @Test
  void anUnknownSourceIsAUsageErrorBeforeAnythingIsFetched() {
    MedcodeException error = assertThrows(MedcodeException.class, () -> puller().pull(List.of("alpha", "nope"), root, Optional.empty()));
    assertTrue(error.getMessage().contains("unknown data source 'nope'; expected one of [alpha]"), error.getMessage());
    assertEquals(2, error.exitCode());
    assertFalse(Files.exists(root));
  }

  // ---- list

  @Test
  void listsPresence() throws IOException {
    SourceStatus missing = puller().list(root).get(0);
    assertEquals(Presence.MISSING, missing.presence());
    assertEquals(List.of("a.txt", "sub/b.txt", "c.txt", "texts/"), missing.missing());
    assertEquals(0, missing.fileCount());
    assertEquals("", missing.pulledAt());

    Files.createDirectories(root.resolve("alpha-data"));
    Files.write(root.resolve("alpha-data/a.txt"), A);
    SourceStatus partial = puller().list(root).get(0);
    assertEquals(Presence.PARTIAL, partial.presence());
    assertEquals(1, partial.fileCount());
    assertEquals(A.length, partial.bytes());

    puller().pull(List.of("alpha"), root, Optional.of(mirror()));
    SourceStatus complete = puller().list(root).get(0);
    assertEquals(Presence.COMPLETE, complete.presence());
    assertEquals(List.of(), complete.missing());
    assertEquals(6, complete.fileCount(), "the manifest is not counted");
    assertEquals("2026-11-27T12:00:00Z", complete.pulledAt());
    assertEquals("v1", complete.version());
    assertEquals("CC0", complete.licence());
  }

  static String sha(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] zip(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> entry : new java.util.TreeMap<>(entries).entrySet()) {
        zip.putNextEntry(new ZipEntry(entry.getKey()));
        zip.write(entry.getValue());
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }
}
