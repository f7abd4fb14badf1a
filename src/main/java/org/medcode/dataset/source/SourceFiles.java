package org.medcode.dataset.source;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/** File-level helpers of the puller: presence, listing, SHA-256, atomic moves, clean-up and the manifest JSON. */
final class SourceFiles {
  /** Prefix of medcode's temporary files; listings and copies skip anything named so. */
  static final String TEMP_PREFIX = ".medcode-";
  static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private SourceFiles() {}

  static boolean isPresent(Path folder, SourceFile file) {
    Path path = folder.resolve(file.path());
    if (!file.isFolder()) {
      return Files.isRegularFile(path);
    }
    if (!Files.isDirectory(path)) {
      return false;
    }
    if (file.files() > 0) {
      return folderFiles(path, file) >= file.files();
    }
    try (Stream<Path> children = Files.list(path)) {
      return children.findAny().isPresent();
    } catch (IOException e) {
      return false;
    }
  }

  /** How many data files a folder holds (in any depth); 0 when it cannot be read. */
  static int folderFiles(Path path) {
    try {
      return dataFiles(path).size();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /**
   * How many files of the entry {@code file} its folder {@code path} holds: with a checksum list, only the files it lists
   * (a stray file does not make up for a missing one); else every data file.
   */
  static int folderFiles(Path path, SourceFile file) {
    Map<String, String> sums = sums(file);
    if (sums.isEmpty()) {
      return folderFiles(path);
    }
    try {
      return (int) dataFiles(path).keySet().stream().filter(name -> sums.containsKey(file.path() + name)).count();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /** What a required entry lacks, for messages: the entry, and for a folder cut short how many files it holds. */
  static String lack(Path folder, SourceFile file) {
    Path path = folder.resolve(file.path());
    return file.isFolder() && file.files() > 0 && Files.isDirectory(path)
        ? file.path() + " (" + Math.max(0, file.files() - folderFiles(path, file)) + " of its " + file.files()
            + " files missing: it holds " + folderFiles(path, file) + ")" : file.path();
  }

  /** The files of folders with a checksum list that the list lacks, by path relative to the source folder. */
  static java.util.List<String> strays(Path folder, Source source) {
    java.util.List<String> strays = new java.util.ArrayList<>();
    for (SourceFile file : source.files()) {
      Map<String, String> sums = sums(file);
      Path path = folder.resolve(file.path());
      if (!sums.isEmpty() && Files.isDirectory(path)) {
        dataFiles(path).keySet().stream().map(name -> file.path() + name).filter(name -> !sums.containsKey(name))
            .forEach(strays::add);
      }
    }
    return strays;
  }

  private static final Map<String, Map<String, String>> SUMS = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The SHA-256 of each file of a folder entry by its path relative to the source folder, from the entry's {@code sums}
   * resource; empty when it has none. Every listed path must lie in the entry's folder.
   */
  static Map<String, String> sums(SourceFile file) {
    if (file.sums() == null) {
      return Map.of();
    }
    return SUMS.computeIfAbsent(file.sums(), name -> {
      Map<String, String> sums = new TreeMap<>();
      try (InputStream in = SourceFiles.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException("checksum list " + name + " of " + file.path() + " missing from the build");
        }
        int number = 0;
        for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
          number++;
          if (line.isBlank() || line.startsWith("#")) {
            continue;
          }
          if (!line.matches("[0-9a-f]{64}  \\S.*")) {
            throw new IllegalStateException(name + ":" + number + ": expected 'SHA-256  path', found '" + line + "'");
          }
          sums.put(line.substring(66), line.substring(0, 64));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the checksum list " + name, e);
      }
      return Map.copyOf(sums);
    }).entrySet().stream().filter(entry -> entry.getKey().startsWith(file.path()))
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private static final Map<Source, Map<String, String>> KNOWN = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The SHA-256 the release gives each file of {@code source}, by path relative to its folder: a file entry's
   * {@code sha256} and a folder entry's {@code sums}. A file without one (an optional year, the hierarchy's gzip) is
   * not listed. What {@code data list} checks a file it did not pull against, and a load a file never pulled.
   */
  static Map<String, String> known(Source source) {
    return KNOWN.computeIfAbsent(source, key -> {
      Map<String, String> known = new TreeMap<>();
      for (SourceFile file : source.files()) {
        if (!file.isFolder() && file.sha256() != null) {
          known.put(file.path(), file.sha256());
        }
        known.putAll(sums(file));
      }
      return Map.copyOf(known);
    });
  }

  static Optional<SourceManifest> readManifest(Path folder) {
    Path file = folder.resolve(SourceManifest.FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), SourceManifest.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Regular files under a folder by '/'-separated relative path, leaving out medcode's record and temporary files. A
   * folder that is a symbolic link (a mirror, or a data folder, made of links) is listed as the folder it points to.
   */
  static Map<String, Path> dataFiles(Path given) {
    Map<String, Path> files = new TreeMap<>();
    Path folder = start(given);
    try {
      // Another medcode pulling into the same folder moves its temporary files into place (or deletes them) while this
      // one lists: a file gone between the listing of its folder and the look at it is simply not there.
      Files.walkFileTree(folder, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          return !dir.equals(folder) && isMedcodeFile(folder.relativize(dir))
              ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          Path relative = folder.relativize(file);
          if (!isMedcodeFile(relative) && (attrs.isRegularFile() || attrs.isSymbolicLink() && Files.isRegularFile(file))) {
            files.put(relative.toString().replace('\\', '/'), file);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof NoSuchFileException && !file.equals(folder)) {
            return FileVisitResult.CONTINUE;
          }
          throw e;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          if (e != null && !(e instanceof NoSuchFileException && !dir.equals(folder))) {
            throw e;
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + folder, e);
    }
    return files;
  }

  /** {@code folder}, or the folder it links to: Files.walk does not enter a link it starts at. */
  private static Path start(Path folder) {
    try {
      return Files.isSymbolicLink(folder) ? folder.toRealPath() : folder;
    } catch (IOException e) {
      return folder; // a dangling link: walked as it is, and found empty
    }
  }

  static boolean isMedcodeFile(Path relative) {
    for (Path part : relative) {
      String name = part.toString();
      if (name.equals(SourceManifest.FILE_NAME) || name.startsWith(TEMP_PREFIX)) {
        return true;
      }
    }
    return false;
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

  /**
   * Why a compressed file named {@code name} is cut or damaged, or empty when it reads whole (or its kind cannot tell): a
   * {@code .gz} must decompress to its end with the right CRC; a {@code .zip} or {@code .xlsx} must have its central
   * directory (the end of the file) and every entry must read with the right CRC.
   */
  static Optional<String> damage(Path file, String name) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    try {
      if (lower.endsWith(".gz")) {
        try (InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
          in.transferTo(OutputStream.nullOutputStream());
        }
      } else if (lower.endsWith(".zip") || lower.endsWith(".xlsx")) {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
          var entries = zip.entries();
          while (entries.hasMoreElements()) {
            java.util.zip.ZipEntry entry = entries.nextElement();
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            try (InputStream in = zip.getInputStream(entry)) {
              byte[] buffer = new byte[1 << 16];
              for (int n; (n = in.read(buffer)) > 0; ) {
                crc.update(buffer, 0, n);
              }
            }
            if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
              return Optional.of("its entry " + entry.getName() + " does not match its CRC");
            }
          }
        }
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.of((lower.endsWith(".gz") ? "it does not decompress to its end" : "it does not read as a zip archive")
          + " (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
    }
  }

  static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  static void moveAtomically(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // a stray temporary file is named .medcode-*.part and ignored by every listing
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(SourceFiles::deleteQuietly);
    } catch (IOException e) {
      // see deleteQuietly
    }
  }
}
