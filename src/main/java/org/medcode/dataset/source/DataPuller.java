package org.medcode.dataset.source;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.medcode.MedcodeException;
import org.medcode.dataset.source.PullResult.Outcome;
import org.medcode.dataset.source.SourceManifest.FileRecord;
import org.medcode.dataset.source.SourceStatus.Presence;

/**
 * Fetches public data into a data root and lists what is there. With a mirror (a folder laid out like the data
 * root) a source's folder is copied from it; without one every file is downloaded over HTTPS. Either way files land
 * through a temporary file and an atomic move, known SHA-256 checksums are verified (a mismatching file is not
 * kept), files already present and verified are left alone, and {@code <folder>/.medcode-source.json} records what
 * was pulled from where and when.
 */
public final class DataPuller {
  /** Time allowed to open a connection. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
  /** Time allowed for one whole download (the largest file is a CodiEsp zip of tens of megabytes). */
  public static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(30);
  private static final String TEMP_PREFIX = ".medcode-";

  private final SourceRegistry registry;
  private final HttpClient http;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The built-in sources, a default HTTP client and the UTC clock. */
  public DataPuller() {
    this(SourceRegistry.builtIn(), defaultClient(), Clock.systemUTC());
  }

  public DataPuller(SourceRegistry registry, HttpClient http, Clock clock) {
    this.registry = registry;
    this.http = http;
    this.clock = clock;
  }

  /** An HTTP client with {@link #CONNECT_TIMEOUT} that follows redirects (Zenodo and GitHub redirect downloads). */
  public static HttpClient defaultClient() {
    return HttpClient.newBuilder()
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  /**
   * Pulls the named sources (all when {@code names} is empty) into {@code dataRoot}, from {@code mirror} when given.
   * Unknown names are a usage error raised before anything is fetched; a source that fails is reported in its
   * result, and the others are still pulled.
   */
  public List<PullResult> pull(List<String> names, Path dataRoot, Optional<Path> mirror) {
    List<Source> sources = names.isEmpty() ? registry.sources() : names.stream().distinct().map(registry::source).toList();
    if (mirror.isPresent() && !Files.isDirectory(mirror.get())) {
      throw new MedcodeException("mirror folder " + mirror.get().toAbsolutePath()
          + " does not exist; expected a folder laid out like ../shared/data (from --mirror or MEDCODE_MIRROR)");
    }
    List<PullResult> results = new ArrayList<>();
    for (Source source : sources) {
      results.add(new SourcePull(source, dataRoot.resolve(source.folder())).run(mirror));
    }
    return results;
  }

  /** Every known source with its presence under {@code dataRoot}, for {@code data list}. */
  public List<SourceStatus> list(Path dataRoot) {
    List<SourceStatus> statuses = new ArrayList<>();
    for (Source source : registry.sources()) {
      Path folder = dataRoot.resolve(source.folder());
      List<String> missing = new ArrayList<>();
      int required = 0;
      for (SourceFile file : source.files()) {
        if (!file.optional()) {
          required++;
          if (!isPresent(folder, file)) {
            missing.add(file.path());
          }
        }
      }
      int count = 0;
      long bytes = 0;
      if (Files.isDirectory(folder)) {
        for (Path file : dataFiles(folder).values()) {
          count++;
          bytes += sizeOf(file);
        }
      }
      Presence presence = missing.isEmpty() ? Presence.COMPLETE
          : missing.size() == required ? Presence.MISSING : Presence.PARTIAL;
      Optional<SourceManifest> manifest = readManifest(folder);
      statuses.add(new SourceStatus(source.name(), presence, source.version(), source.licence(), folder, count, bytes,
          missing, manifest.map(SourceManifest::origin).orElse(""), manifest.map(SourceManifest::pulledAt).orElse("")));
    }
    return statuses;
  }

  private static boolean isPresent(Path folder, SourceFile file) {
    Path path = folder.resolve(file.path());
    if (!file.isFolder()) {
      return Files.isRegularFile(path);
    }
    if (!Files.isDirectory(path)) {
      return false;
    }
    try (Stream<Path> children = Files.list(path)) {
      return children.findAny().isPresent();
    } catch (IOException e) {
      return false;
    }
  }

  /** The pull of one source: counts, problems and the file records for its manifest. */
  private final class SourcePull {
    private final Source source;
    private final Path folder;
    private final Map<String, FileRecord> records = new TreeMap<>();
    private final Set<String> origins = new LinkedHashSet<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Path> archives = new LinkedHashMap<>();
    private final Map<String, String> failedUrls = new LinkedHashMap<>();
    private final Set<String> absent = new TreeSet<>();
    private final Optional<SourceManifest> previous;
    private int fetched;
    private int present;
    private boolean absentChanged;

    SourcePull(Source source, Path folder) {
      this.source = source;
      this.folder = folder;
      this.previous = readManifest(folder);
      previous.ifPresent(manifest -> manifest.files().forEach(file -> records.put(file.path(), file)));
      previous.ifPresent(manifest -> absent.addAll(manifest.absent()));
    }

    PullResult run(Optional<Path> mirror) {
      String origin;
      try {
        Files.createDirectories(folder);
        if (mirror.isPresent()) {
          Path from = mirror.get().resolve(source.folder()).toAbsolutePath().normalize();
          origin = from.toString();
          copyFromMirror(from);
        } else {
          origin = "download";
          downloadAll();
        }
        if (fetched > 0 || previous.isEmpty() || absentChanged) {
          writeManifest(mirror.isPresent() ? origin : String.join(" ", origins));
        }
      } catch (IOException | UncheckedIOException e) {
        problems.add("I/O error under " + folder + ": " + e.getMessage());
        origin = mirror.map(Path::toString).orElse("download");
      } finally {
        archives.values().forEach(DataPuller::deleteQuietly);
      }
      Outcome outcome = !problems.isEmpty() ? Outcome.FAILED : fetched > 0 ? Outcome.FETCHED : Outcome.ALREADY_PRESENT;
      return new PullResult(source.name(), outcome, folder, origin, fetched, present, problems, notes);
    }

    // ---- mirror

    private void copyFromMirror(Path from) throws IOException {
      if (!Files.isDirectory(from)) {
        problems.add("the mirror has no folder " + from + "; expected a folder laid out like ../shared/data with "
            + source.folder() + "/ in it");
        return;
      }
      Map<String, String> known = new LinkedHashMap<>();
      source.files().stream().filter(f -> !f.isFolder() && f.sha256() != null).forEach(f -> known.put(f.path(), f.sha256()));
      for (Map.Entry<String, Path> entry : dataFiles(from).entrySet()) {
        String relative = entry.getKey();
        Path src = entry.getValue();
        Path dest = folder.resolve(relative);
        String expected = known.get(relative);
        if (Files.isRegularFile(dest)) {
          String actual = sha256(dest);
          if (actual.equals(expected != null ? expected : sha256(src))) {
            keepPresent(relative, actual);
            continue;
          }
        }
        Files.createDirectories(dest.getParent());
        Path temp = Files.createTempFile(dest.getParent(), TEMP_PREFIX, ".part");
        try {
          Files.copy(src, temp, StandardCopyOption.REPLACE_EXISTING);
          String actual = sha256(temp);
          if (expected != null && !expected.equals(actual)) {
            problems.add("sha256 mismatch for " + src + ": expected " + expected + ", got " + actual
                + "; the file was not kept (is the mirror a faithful copy?)");
            continue;
          }
          moveAtomically(temp, dest);
          fetched++;
          records.put(relative, new FileRecord(relative, actual, src.toString()));
        } finally {
          deleteQuietly(temp);
        }
      }
      for (SourceFile file : source.files()) {
        if (!isPresent(folder, file)) {
          String message = "the mirror " + from + " lacks " + file.path();
          if (file.optional()) {
            notes.add(message + " (optional" + (file.note() == null ? "" : ": " + file.note()) + ")");
          } else {
            problems.add(message);
          }
        }
      }
    }

    // ---- download

    private void downloadAll() throws IOException {
      for (SourceFile file : source.files()) {
        Path dest = folder.resolve(file.path());
        if (file.optional() && absent.contains(file.path()) && !isPresent(folder, file)) {
          notes.add(file.path() + " (optional) was not in " + file.url() + " when last pulled; not looked for again"
              + " (delete " + SourceManifest.FILE_NAME + " to retry)");
          continue;
        }
        try {
          if (file.isFolder()) {
            downloadFolder(file, dest);
          } else {
            downloadFile(file, dest);
          }
        } catch (PullFailure failure) {
          if (file.optional()) {
            notes.add(file.path() + " (optional) not fetched: " + failure.getMessage());
            if (archives.containsKey(file.url())) {
              absent.add(file.path());
              absentChanged = true;
            }
          } else {
            problems.add(failure.getMessage());
          }
        }
      }
    }

    private void downloadFile(SourceFile file, Path dest) throws IOException {
      if (Files.isRegularFile(dest)) {
        String actual = sha256(dest);
        if (file.sha256() == null || file.sha256().equals(actual)) {
          keepPresent(file.path(), actual);
          return;
        }
        notes.add(file.path() + " was present with sha256 " + actual + " instead of " + file.sha256() + "; fetched again");
      }
      Files.createDirectories(dest.getParent());
      Path temp = Files.createTempFile(dest.getParent(), TEMP_PREFIX, ".part");
      try {
        if (file.member() == null) {
          download(file, temp);
        } else {
          extractMember(file, archive(file), temp);
        }
        String actual = sha256(temp);
        if (file.sha256() != null && !file.sha256().equals(actual)) {
          throw new PullFailure("sha256 mismatch for " + file.path() + " from " + file.url() + ": expected "
              + file.sha256() + ", got " + actual + "; the file was not kept" + noteOf(file));
        }
        moveAtomically(temp, dest);
        fetched++;
        origins.add(file.url());
        records.put(file.path(), new FileRecord(file.path(), actual, file.url()));
      } finally {
        deleteQuietly(temp);
      }
    }

    private void downloadFolder(SourceFile file, Path dest) throws IOException {
      if (isPresent(folder, file)) {
        for (Map.Entry<String, Path> entry : dataFiles(dest).entrySet()) {
          keepPresent(file.path() + entry.getKey(), sha256(entry.getValue()));
        }
        return;
      }
      Path archive = archive(file);
      Files.createDirectories(dest.getParent());
      Path temp = Files.createTempDirectory(dest.getParent(), TEMP_PREFIX);
      try {
        Map<String, String> extracted = new TreeMap<>();
        try (ZipFile zip = new ZipFile(archive.toFile())) {
          for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
            ZipEntry entry = entries.nextElement();
            if (entry.isDirectory() || !entry.getName().startsWith(file.member())) {
              continue;
            }
            String relative = entry.getName().substring(file.member().length());
            Path target = temp.resolve(relative).normalize();
            if (!target.startsWith(temp)) {
              throw new PullFailure("archive " + file.url() + " has an entry outside its folder: " + entry.getName());
            }
            Files.createDirectories(target.getParent());
            try (InputStream in = zip.getInputStream(entry)) {
              Files.copy(in, target);
            }
            extracted.put(file.path() + relative, sha256(target));
          }
        }
        if (extracted.isEmpty()) {
          throw new PullFailure("archive " + file.url() + " has no entries under " + file.member() + noteOf(file));
        }
        if (Files.isDirectory(dest)) {
          Files.delete(dest);
        }
        moveAtomically(temp, dest);
        fetched += extracted.size();
        origins.add(file.url());
        extracted.forEach((path, sha) -> records.put(path, new FileRecord(path, sha, file.url() + "#" + file.member())));
      } finally {
        deleteTree(temp);
      }
    }

    private Path archive(SourceFile file) throws IOException {
      Path archive = archives.get(file.url());
      if (archive != null) {
        return archive;
      }
      if (failedUrls.containsKey(file.url())) {
        throw new PullFailure(failedUrls.get(file.url()));
      }
      archive = Files.createTempFile(folder, TEMP_PREFIX + "download-", ".part");
      try {
        download(file, archive);
      } catch (PullFailure failure) {
        deleteQuietly(archive);
        failedUrls.put(file.url(), failure.getMessage());
        throw failure;
      }
      archives.put(file.url(), archive);
      return archive;
    }

    private void extractMember(SourceFile file, Path archive, Path target) throws IOException {
      try (ZipFile zip = new ZipFile(archive.toFile())) {
        ZipEntry entry = zip.getEntry(file.member());
        if (entry == null) {
          throw new PullFailure("archive " + file.url() + " has no member " + file.member() + noteOf(file));
        }
        try (InputStream in = zip.getInputStream(entry); OutputStream out = Files.newOutputStream(target)) {
          if (file.gzip()) {
            try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
              in.transferTo(gzip);
            }
          } else {
            in.transferTo(out);
          }
        }
      } catch (java.util.zip.ZipException e) {
        throw new PullFailure("download of " + file.url() + " is not a zip archive (" + e.getMessage() + ")" + noteOf(file));
      }
    }

    private void download(SourceFile file, Path target) {
      URI uri;
      try {
        uri = URI.create(file.url());
      } catch (IllegalArgumentException e) {
        throw new PullFailure("bad URL " + file.url() + " for " + file.path());
      }
      if (!"https".equals(uri.getScheme()) && !("http".equals(uri.getScheme()) && isLoopback(uri.getHost()))) {
        throw new PullFailure("refusing to download " + uri + ": only https URLs (or http on this machine) are fetched");
      }
      HttpRequest request = HttpRequest.newBuilder(uri)
          .timeout(REQUEST_TIMEOUT)
          .header("User-Agent", "medcode-bench data pull")
          .GET()
          .build();
      String failure;
      try {
        HttpResponse<Path> response = http.send(request, HttpResponse.BodyHandlers.ofFile(target));
        if (response.statusCode() == 200) {
          return;
        }
        failure = "HTTP " + response.statusCode();
      } catch (IOException e) {
        failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = "interrupted";
      }
      throw new PullFailure("cannot download " + uri + " (" + failure + ")" + noteOf(file)
          + "; check the network, or copy from a local mirror: ./medcode data pull " + source.name()
          + " --mirror DIR (or set MEDCODE_MIRROR), DIR laid out like ../shared/data");
    }

    private String noteOf(SourceFile file) {
      return file.note() == null ? "" : " [" + file.note() + "]";
    }

    private void keepPresent(String relative, String sha) {
      present++;
      FileRecord earlier = records.get(relative);
      String origin = earlier != null && sha.equals(earlier.sha256()) ? earlier.origin() : "found in place";
      records.put(relative, new FileRecord(relative, sha, origin));
    }

    private void writeManifest(String origin) throws IOException {
      records.keySet().removeIf(path -> !Files.isRegularFile(folder.resolve(path)));
      absent.removeIf(path -> source.files().stream().noneMatch(f -> f.path().equals(path) && !isPresent(folder, f)));
      String pulledAt = fetched > 0 || previous.isEmpty()
          ? Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString()
          : previous.get().pulledAt();
      String recordedOrigin = origin.isEmpty() ? previous.map(SourceManifest::origin).orElse("found in place") : origin;
      SourceManifest manifest = new SourceManifest(source.name(), source.version(), source.licence(), source.homepage(),
          recordedOrigin, pulledAt, List.copyOf(records.values()), List.copyOf(absent));
      Path temp = Files.createTempFile(folder, TEMP_PREFIX, ".part");
      try {
        json.writeValue(temp.toFile(), manifest);
        moveAtomically(temp, folder.resolve(SourceManifest.FILE_NAME));
      } finally {
        deleteQuietly(temp);
      }
    }
  }

  /** A failure of one file, reported in the source's result. */
  private static final class PullFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PullFailure(String message) {
      super(message);
    }
  }

  private Optional<SourceManifest> readManifest(Path folder) {
    Path file = folder.resolve(SourceManifest.FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(json.readValue(file.toFile(), SourceManifest.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Regular files under a folder by '/'-separated relative path, leaving out medcode's record and temporary files. */
  private static Map<String, Path> dataFiles(Path folder) {
    Map<String, Path> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      walk.filter(Files::isRegularFile)
          .filter(path -> !isMedcodeFile(folder.relativize(path)))
          .forEach(path -> files.put(folder.relativize(path).toString().replace('\\', '/'), path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + folder, e);
    }
    return files;
  }

  private static boolean isMedcodeFile(Path relative) {
    for (Path part : relative) {
      String name = part.toString();
      if (name.equals(SourceManifest.FILE_NAME) || name.startsWith(TEMP_PREFIX)) {
        return true;
      }
    }
    return false;
  }

  /** Loopback by name or literal address only, so deciding never needs a DNS lookup. */
  private static boolean isLoopback(String host) {
    return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1"));
  }

  static String sha256(Path file) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private static void moveAtomically(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // a stray temporary file is named .medcode-*.part and ignored by every listing
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(DataPuller::deleteQuietly);
    } catch (IOException e) {
      // see deleteQuietly
    }
  }
}
