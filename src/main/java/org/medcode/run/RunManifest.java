package org.medcode.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.medcode.MedcodeException;

/**
 * {@code manifest.json} of a run folder: the config as run (replayable: {@link RunConfigs#fromTree} reads it back),
 * dataset and training fingerprints, code-table version, harness version, git commit, Java version, seed, start/end
 * times, and per coder its parameters, counts and failures by kind. Written atomically (temp file + rename).
 */
final class RunManifest {
  static final String FILE = "manifest.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RunManifest() {}

  static ObjectNode newManifest() {
    return JSON.createObjectNode();
  }

  static void write(ObjectNode manifest, Path folder) {
    try {
      Files.createDirectories(folder);
      Path temp = folder.resolve(FILE + ".tmp");
      JSON.writeValue(temp.toFile(), manifest);
      Files.move(temp, folder.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + folder.resolve(FILE), e);
    }
  }

  static ObjectNode read(Path folder) {
    Path file = folder.resolve(FILE);
    try {
      JsonNode node = JSON.readTree(file.toFile());
      if (node == null || !node.isObject() || !node.has("config")) {
        throw new MedcodeException.BadInput(file, 0, "not a medcode run manifest (no \"config\")");
      }
      return (ObjectNode) node;
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw new MedcodeException(folder + " is not a run folder: it has no " + FILE);
    } catch (IOException e) {
      throw new MedcodeException.BadInput(file, 0, "cannot read the manifest: " + e.getMessage());
    }
  }
}
