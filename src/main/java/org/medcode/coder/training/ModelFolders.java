package org.medcode.coder.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What every trained coder does with folders: writes its JSON files ({@code manifest.json}, {@code thresholds.json}) in
 * one style, publishes a cache folder atomically, names the harness version and hashes cache keys.
 */
public final class ModelFolders {
  /** The JSON of model files: snake_case keys, indented. */
  public static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).enable(SerializationFeature.INDENT_OUTPUT);

  private ModelFolders() {}

  /** Writes the files of a folder into the folder it is given. */
  @FunctionalInterface
  public interface Contents {
    void writeTo(Path folder) throws IOException;
  }

  /**
   * Writes {@code contents} into a temporary sibling of {@code folder}, then moves it into place in one step, so a cache
   * folder that exists is complete. When another run published the same folder meanwhile, its folder is kept (it holds
   * the same thing). {@code what} names the folder in an error, e.g. "the model".
   */
  public static void publish(Path folder, Contents contents, String what) {
    Path temporary = null;
    try {
      Files.createDirectories(folder.getParent());
      temporary = Files.createTempDirectory(folder.getParent(), folder.getFileName() + ".tmp");
      contents.writeTo(temporary);
      try {
        Files.move(temporary, folder, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, folder);
      }
      temporary = null;
    } catch (IOException e) {
      // Published by another run meanwhile (Linux reports a rename onto a non-empty folder as a plain
      // FileSystemException, "Directory not empty"): its folder is as good as ours.
      if (!(Files.isDirectory(folder) && (e instanceof FileAlreadyExistsException || e instanceof DirectoryNotEmptyException
          || e instanceof java.nio.file.FileSystemException))) {
        throw new UncheckedIOException("cannot cache " + what + " in " + folder + ": " + e.getMessage(), e);
      }
    } finally {
      if (temporary != null) {
        deleteQuietly(temporary); // ours, not needed: nothing is left behind
      }
    }
  }

  private static void deleteQuietly(Path tree) {
    try (var walk = Files.walk(tree)) {
      for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // a stray temporary folder does no harm: it is never read
    }
  }

  /** The harness version written into model manifests: the jar's, "dev" when run from classes. */
  public static String harnessVersion() {
    String version = ModelFolders.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  /** SHA-256 of a text (UTF-8), as lower-case hex. */
  public static String sha256(String text) {
    return HexFormat.of().formatHex(newSha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** A fresh SHA-256 digest (every Java platform has one). */
  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
