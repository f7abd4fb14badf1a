package org.medcode.dataset.source;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.medcode.MedcodeException;
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

  private final SourceRegistry registry;
  private final Supplier<HttpClient> http;
  private final Clock clock;

  /**
   * The built-in sources, a default HTTP client (built when a source is first fetched: listing needs none, and a JVM
   * that holds a JDK client exits 300 ms later) and the UTC clock.
   */
  public DataPuller() {
    this(SourceRegistry.builtIn(), new Supplier<>() {
      private HttpClient client;

      @Override
      public synchronized HttpClient get() {
        if (client == null) {
          client = defaultClient();
        }
        return client;
      }
    }, Clock.systemUTC());
  }

  public DataPuller(SourceRegistry registry, HttpClient http, Clock clock) {
    this(registry, () -> http, clock);
  }

  private DataPuller(SourceRegistry registry, Supplier<HttpClient> http, Clock clock) {
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
      throw new MedcodeException("mirror folder " + mirror.get().toAbsolutePath() + (Files.exists(mirror.get())
          ? " is a file, not a folder" : " does not exist") + "; expected a folder laid out like ../shared/data (from"
          + " --mirror or MEDCODE_MIRROR)");
    }
    List<PullResult> results = new ArrayList<>();
    for (Source source : sources) {
      results.add(new SourcePull(source, dataRoot.resolve(source.folder()), http.get(), clock).run(mirror));
    }
    return results;
  }

  /** Every known source with its presence under {@code dataRoot}, without checking file contents. */
  public List<SourceStatus> list(Path dataRoot) {
    return list(dataRoot, false);
  }

  /**
   * Every known source with its presence under {@code dataRoot}, for {@code data list}; with {@code verify}, the files
   * recorded by the pull are hashed again, and a source whose files changed since is MODIFIED.
   */
  public List<SourceStatus> list(Path dataRoot, boolean verify) {
    return list(dataRoot, verify, null);
  }

  /**
   * The files under source {@code name}'s folder that are not of the release: in a folder whose every file is known (a
   * checksum list), the files the list lacks, which a loader would read as if they were of it. Names only: no file is read.
   */
  public List<String> strays(Path dataRoot, String name) {
    Source source = registry.source(name);
    Path folder = dataRoot.resolve(source.folder());
    return Files.isDirectory(folder) ? SourceFiles.strays(folder, source) : List.of();
  }

  /** The presence of one source under {@code dataRoot} (its folder alone is looked at), without checking contents. */
  public SourceStatus status(Path dataRoot, String name) {
    return list(dataRoot, false, name).stream().findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no public source " + name));
  }

  private List<SourceStatus> list(Path dataRoot, boolean verify, String only) {
    List<SourceStatus> statuses = new ArrayList<>();
    for (Source source : registry.sources()) {
      if (only != null && !source.name().equals(only)) {
        continue;
      }
      Path folder = dataRoot.resolve(source.folder());
      List<String> missing = new ArrayList<>();
      int required = 0;
      for (SourceFile file : source.files()) {
        if (!file.optional()) {
          required++;
          if (!SourceFiles.isPresent(folder, file)) {
            missing.add(SourceFiles.lack(folder, file));
          }
        }
      }
      int count = 0;
      long bytes = 0;
      if (Files.isDirectory(folder)) {
        for (Path file : SourceFiles.dataFiles(folder).values()) {
          count++;
          bytes += SourceFiles.sizeOf(file);
        }
      }
      Optional<SourceManifest> manifest = SourceFiles.readManifest(folder);
      List<String> modified = new ArrayList<>();
      if (verify && manifest.isPresent()) {
        for (SourceManifest.FileRecord record : manifest.get().files()) {
          Path file = folder.resolve(record.path());
          if (!Files.isRegularFile(file)) {
            modified.add(record.path() + " (gone)");
          } else if (record.sha256() != null && !record.sha256().equals(SourceFiles.sha256(file))) {
            modified.add(record.path());
          }
        }
      }
      if (verify) { // files medcode did not pull (copied by hand, a mirror as the data folder) against the known sums
        java.util.Set<String> recorded = new java.util.HashSet<>();
        manifest.ifPresent(m -> m.files().forEach(record -> recorded.add(record.path())));
        new java.util.TreeMap<>(SourceFiles.known(source)).forEach((path, sha) -> {
          Path file = folder.resolve(path);
          if (!recorded.contains(path) && Files.isRegularFile(file) && !sha.equals(SourceFiles.sha256(file))) {
            modified.add(path + " (not pulled, and not the release's: its SHA-256 is not the known one)");
          }
        });
      }
      if (verify) { // a file in a folder whose every file is known that is none of them: loaded as if it were one
        SourceFiles.strays(folder, source).forEach(path -> modified.add(path + " (not in the release: delete it)"));
      }
      Presence presence = missing.isEmpty() ? (modified.isEmpty() ? Presence.COMPLETE : Presence.MODIFIED)
          : missing.size() == required ? Presence.MISSING : Presence.PARTIAL;
      statuses.add(new SourceStatus(source.name(), presence, source.version(), source.licence(), folder, count, bytes,
          missing, manifest.map(SourceManifest::origin).orElse(""), manifest.map(SourceManifest::pulledAt).orElse(""),
          modified));
    }
    return statuses;
  }
}
