package org.medcode.dataset.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.medcode.Launcher;
import org.medcode.dataset.source.PullResult.Outcome;
import org.medcode.dataset.source.SourceManifest.FileRecord;

/**
 * The pull of one source into its folder, from a mirror folder or by download: counts, problems and notes for the
 * {@link PullResult}, and the file records for {@code .medcode-source.json}. {@link DataPuller} makes one per source and pull.
 */
final class SourcePull {
  private final Source source;
  private final Path folder;
  private final HttpClient http;
  private final Clock clock;
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
  private boolean folderFailed;

  SourcePull(Source source, Path folder, HttpClient http, Clock clock) {
    this.source = source;
    this.folder = folder;
    this.http = http;
    this.clock = clock;
    this.previous = SourceFiles.readManifest(folder);
    previous.ifPresent(manifest -> manifest.files().forEach(file -> records.put(file.path(), file)));
    previous.ifPresent(manifest -> absent.addAll(manifest.absent()));
  }

  PullResult run(Optional<Path> mirror) {
    String origin;
    boolean existed = Files.isDirectory(folder);
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
      boolean unstamped = previous.isPresent() && previous.get().files().stream().anyMatch(f -> f.size() == null);
      if (fetched > 0 || previous.isEmpty() || absentChanged || unstamped) { // a record of an older medcode gains sizes
        writeManifest(mirror.isPresent() ? origin : String.join(" ", origins));
      }
    } catch (IOException | UncheckedIOException e) {
      Throwable cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
      String reason = cause instanceof java.nio.file.AccessDeniedException ? "permission denied: " + cause.getMessage()
          : cause instanceof java.nio.file.FileSystemException fs && fs.getReason() != null
              ? fs.getReason() + ": " + fs.getFile() : e.getMessage();
      Optional<Path> from = mirror.map(m -> m.toAbsolutePath().normalize());
      if (from.isPresent() && cause instanceof java.nio.file.FileSystemException fs && fs.getFile() != null
          && Path.of(fs.getFile()).toAbsolutePath().normalize().startsWith(from.get())) {
        problems.add("I/O error reading the mirror: " + reason); // a mirror file that does not read: the source's
      } else {
        folderFailed = true;
        problems.add("I/O error under " + folder + ": " + reason + " (the data folder must be writable; choose another"
            + " with --data-dir or MEDCODE_DATA)");
      }
      origin = mirror.map(Path::toString).orElse("download");
    } finally {
      archives.values().forEach(SourceFiles::deleteQuietly);
    }
    if (!problems.isEmpty() && !existed && fetched == 0) {
      removeEmpty(folder); // a first pull that fetched nothing leaves no folder that later looks like pulled data
    }
    if (mirror.isEmpty() && !origins.isEmpty()) {
      origin = String.join(" ", origins);
    }
    Outcome outcome = !problems.isEmpty() ? Outcome.FAILED : fetched > 0 ? Outcome.FETCHED : Outcome.ALREADY_PRESENT;
    PullResult.Fault fault = problems.isEmpty() ? PullResult.Fault.NONE
        : folderFailed ? PullResult.Fault.DATA_FOLDER : PullResult.Fault.SOURCE;
    return new PullResult(source.name(), outcome, folder, origin, fetched, present, problems, fault, notes);
  }

  /**
   * Deletes the folder if it holds nothing but the manifest of a pull that fetched nothing and the empty folders made
   * for the files it meant to fetch (the deepest first); a folder that holds any file is left as it is.
   */
  private static void removeEmpty(Path folder) {
    try {
      Files.deleteIfExists(folder.resolve(SourceManifest.FILE_NAME));
      List<Path> folders;
      try (var tree = Files.walk(folder)) {
        folders = tree.filter(Files::isDirectory).sorted(java.util.Comparator.reverseOrder()).toList();
      }
      for (Path each : folders) {
        try (var children = Files.list(each)) {
          if (children.findAny().isEmpty()) {
            Files.delete(each);
          }
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // nothing to tidy, or it cannot be: the pull's own problem is what the user sees
    }
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
    source.files().forEach(f -> known.putAll(SourceFiles.sums(f)));
    Set<String> refused = new TreeSet<>(); // the mirror has them, but not as they should be: said once, as that
    for (Map.Entry<String, Path> entry : SourceFiles.dataFiles(from).entrySet()) {
      String relative = entry.getKey();
      Path src = entry.getValue();
      Path dest = folder.resolve(relative);
      String expected = known.get(relative);
      Optional<SourceFile> listing = expected != null ? Optional.empty() : listedFolder(relative);
      if (listing.isPresent()) { // in a folder whose every file is known, but none of them: another file, or a copy
        notes.add(notOfTheRelease(src, listing.get()) + "; not copied (remove it from the mirror)");
        continue;
      }
      if (Files.isRegularFile(dest)) {
        String actual = SourceFiles.sha256(dest);
        if (actual.equals(expected != null ? expected : SourceFiles.sha256(src))) {
          keepPresent(relative, actual);
          continue;
        }
      }
      Files.createDirectories(dest.getParent());
      Path temp = Files.createTempFile(dest.getParent(), SourceFiles.TEMP_PREFIX, ".part");
      try {
        Files.copy(src, temp, StandardCopyOption.REPLACE_EXISTING);
        String actual = SourceFiles.sha256(temp);
        if (expected != null && !expected.equals(actual)) {
          problems.add("sha256 mismatch for " + src + ": expected " + expected + ", got " + actual
              + "; the file was not kept (is the mirror a faithful copy?)");
          refused.add(relative);
          continue;
        }
        Optional<String> damage = expected != null ? Optional.empty() : SourceFiles.damage(temp, relative);
        if (damage.isPresent()) { // no checksum to tell a cut copy: its format does
          problems.add(src + " is cut or damaged: " + damage.get() + "; the file was not kept (is the mirror a faithful"
              + " copy?)");
          refused.add(relative);
          continue;
        }
        SourceFiles.moveAtomically(temp, dest);
        fetched++;
        records.put(relative, new FileRecord(relative, actual, src.toString()));
      } finally {
        SourceFiles.deleteQuietly(temp);
      }
    }
    for (SourceFile file : source.files()) {
      if (file.isFolder() && file.files() > 0 && SourceFiles.folderFiles(folder.resolve(file.path()), file)
          + refused.stream().filter(path -> path.startsWith(file.path())).count() >= file.files()) {
        continue; // a folder whose only missing files the mirror has, refused above (cut, edited): said once, as that
      }
      if (!SourceFiles.isPresent(folder, file) && !refused.contains(file.path())) {
        String message = "the mirror " + from + " lacks " + SourceFiles.lack(folder, file);
        if (file.optional()) {
          notes.add(message + " (optional" + (file.note() == null ? "" : ": " + file.note()) + ")");
        } else {
          problems.add(message);
        }
      }
    }
  }

  /** The folder entry with a checksum list that {@code relative} lies in, when the list lacks it. */
  private Optional<SourceFile> listedFolder(String relative) {
    return source.files().stream()
        .filter(f -> f.sums() != null && relative.startsWith(f.path()) && !SourceFiles.sums(f).containsKey(relative))
        .findFirst();
  }

  private static String notOfTheRelease(Object file, SourceFile folder) {
    return file + " is not one of the " + SourceFiles.sums(folder).size() + " files of " + folder.path()
        + " in the release (its checksum list " + folder.sums() + " lacks it)";
  }

  // ---- download

  private void downloadAll() throws IOException {
    Map<String, List<String>> failures = new LinkedHashMap<>(); // one problem per cause, with the files it cost
    for (SourceFile file : source.files()) {
      Path dest = folder.resolve(file.path());
      if (file.optional() && absent.contains(file.path()) && !SourceFiles.isPresent(folder, file)) {
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
          if (failure.missingEntry) {
            absent.add(file.path());
            absentChanged = true;
          }
        } else {
          failures.computeIfAbsent(failure.getMessage(), message -> new ArrayList<>()).add(file.path());
        }
      }
    }
    // files of one archive that could not be fetched fail with one message: said once, naming them
    failures.forEach((message, files) -> problems.add(files.size() == 1 ? message
        : message + " (not fetched: " + String.join(", ", files) + ")"));
  }

  private void downloadFile(SourceFile file, Path dest) throws IOException {
    if (Files.isRegularFile(dest)) {
      String actual = SourceFiles.sha256(dest);
      if (file.sha256() == null || file.sha256().equals(actual)) {
        keepPresent(file.path(), actual);
        return;
      }
      notes.add(file.path() + " was present with sha256 " + actual + " instead of " + file.sha256() + "; fetched again");
    }
    Files.createDirectories(dest.getParent());
    Path temp = Files.createTempFile(dest.getParent(), SourceFiles.TEMP_PREFIX, ".part");
    try {
      if (file.member() == null) {
        download(file, temp);
      } else {
        extractMember(file, archive(file), temp);
      }
      String actual = SourceFiles.sha256(temp);
      if (file.sha256() != null && !file.sha256().equals(actual)) {
        throw new PullFailure("sha256 mismatch for " + file.path() + " from " + file.url() + ": expected "
            + file.sha256() + ", got " + actual + "; the file was not kept" + noteOf(file));
      }
      Optional<String> damage = file.sha256() != null ? Optional.empty() : SourceFiles.damage(temp, file.path());
      if (damage.isPresent()) {
        throw new PullFailure(file.path() + " from " + file.url() + " is cut or damaged: " + damage.get()
            + "; the file was not kept" + noteOf(file));
      }
      SourceFiles.moveAtomically(temp, dest);
      fetched++;
      origins.add(file.url());
      records.put(file.path(), new FileRecord(file.path(), actual, file.url()));
    } finally {
      SourceFiles.deleteQuietly(temp);
    }
  }

  private void downloadFolder(SourceFile file, Path dest) throws IOException {
    if (SourceFiles.isPresent(folder, file)) {
      for (Map.Entry<String, Path> entry : SourceFiles.dataFiles(dest).entrySet()) {
        keepPresent(file.path() + entry.getKey(), SourceFiles.sha256(entry.getValue()));
      }
      return;
    }
    Path archive = archive(file);
    Map<String, String> sums = SourceFiles.sums(file);
    Files.createDirectories(dest.getParent());
    Path temp = Files.createTempDirectory(dest.getParent(), SourceFiles.TEMP_PREFIX);
    try {
      Map<String, String> extracted = new TreeMap<>();
      try (ZipFile zip = openZip(archive, file)) {
        for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
          ZipEntry entry = entries.nextElement();
          if (entry.isDirectory() || !entry.getName().startsWith(file.member())) {
            continue;
          }
          String relative = entry.getName().substring(file.member().length());
          if (relative.isEmpty()) {
            continue;
          }
          String expected = sums.get(file.path() + relative);
          if (!sums.isEmpty() && expected == null) {
            notes.add(notOfTheRelease(entry.getName() + " in " + file.url(), file) + "; not extracted");
            continue;
          }
          Path target = temp.resolve(relative).normalize();
          if (!target.startsWith(temp)) {
            throw new PullFailure("archive " + file.url() + " has an entry outside its folder: " + entry.getName());
          }
          Files.createDirectories(target.getParent());
          try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, target);
          }
          String actual = SourceFiles.sha256(target);
          if (expected != null && !expected.equals(actual)) {
            throw new PullFailure("sha256 mismatch for " + file.path() + relative + " (" + entry.getName() + " in "
                + file.url() + "): expected " + expected + ", got " + actual + "; the folder was not kept" + noteOf(file));
          }
          extracted.put(file.path() + relative, actual);
        }
      }
      if (extracted.isEmpty()) {
        throw new PullFailure("archive " + file.url() + " has no entries under " + file.member() + noteOf(file), true);
      }
      if (file.files() > 0 && extracted.size() < file.files()) {
        throw new PullFailure("archive " + file.url() + " holds " + extracted.size() + " files under " + file.member()
            + ", not the " + file.files() + " of a complete copy" + noteOf(file));
      }
      if (Files.isDirectory(dest)) {
        SourceFiles.deleteTree(dest); // a folder cut short, fetched again whole
      }
      SourceFiles.moveAtomically(temp, dest);
      fetched += extracted.size();
      origins.add(file.url());
      extracted.forEach((path, sha) -> records.put(path, new FileRecord(path, sha, file.url() + "#" + file.member())));
    } finally {
      SourceFiles.deleteTree(temp);
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
    archive = Files.createTempFile(folder, SourceFiles.TEMP_PREFIX + "download-", ".part");
    try {
      download(file, archive);
    } catch (PullFailure failure) {
      SourceFiles.deleteQuietly(archive);
      failedUrls.put(file.url(), failure.getMessage());
      throw failure;
    }
    archives.put(file.url(), archive);
    return archive;
  }

  private void extractMember(SourceFile file, Path archive, Path target) throws IOException {
    try (ZipFile zip = openZip(archive, file)) {
      ZipEntry entry = zip.getEntry(file.member());
      if (entry == null) {
        throw new PullFailure("archive " + file.url() + " has no member " + file.member() + noteOf(file), true);
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
    }
  }

  private ZipFile openZip(Path archive, SourceFile file) throws IOException {
    try {
      return new ZipFile(archive.toFile());
    } catch (ZipException e) {
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
        .timeout(DataPuller.REQUEST_TIMEOUT)
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
        + "; check the network, or copy from a local mirror: " + Launcher.command() + " data pull " + source.name()
        + " --mirror DIR (or set MEDCODE_MIRROR), DIR laid out like ../shared/data");
  }

  /** Loopback by name or literal address only, so deciding never needs a DNS lookup. */
  private static boolean isLoopback(String host) {
    return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1"));
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
    for (Map.Entry<String, FileRecord> entry : records.entrySet()) {
      entry.setValue(entry.getValue().stamped(folder.resolve(entry.getKey())));
    }
    absent.removeIf(path -> source.files().stream().noneMatch(f -> f.path().equals(path) && !SourceFiles.isPresent(folder, f)));
    String pulledAt = fetched > 0 || previous.isEmpty()
        ? Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString()
        : previous.get().pulledAt();
    String recordedOrigin = origin.isEmpty() ? previous.map(SourceManifest::origin).orElse("found in place") : origin;
    SourceManifest manifest = new SourceManifest(source.name(), source.version(), source.licence(), source.homepage(),
        recordedOrigin, pulledAt, List.copyOf(records.values()), List.copyOf(absent));
    Path temp = Files.createTempFile(folder, SourceFiles.TEMP_PREFIX, ".part");
    try {
      SourceFiles.JSON.writeValue(temp.toFile(), manifest);
      SourceFiles.moveAtomically(temp, folder.resolve(SourceManifest.FILE_NAME));
    } finally {
      SourceFiles.deleteQuietly(temp);
    }
  }

  /** A failure of one file, reported in the source's result. */
  static final class PullFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** True when the archive was fine but lacked the entry. */
    final boolean missingEntry;

    PullFailure(String message) {
      this(message, false);
    }

    PullFailure(String message, boolean missingEntry) {
      super(message);
      this.missingEntry = missingEntry;
    }
  }
}
