package org.medcode.coder.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.medcode.dataset.Admission;

/**
 * The admissions and patients a model folder learned from, as hashes ({@value #FILE}: {@code a HASH} per admission,
 * {@code p HASH} per patient; HASH = the first 16 hex digits of SHA-256 of the id), so that a run can refuse a model
 * trained on the admissions it evaluates even where the training data is not at hand, without the folder holding the
 * ids themselves.
 */
public final class TrainingIds {
  public static final String FILE = "training-ids.txt";

  /** The hashed admission and patient ids of a training split. */
  public record Hashes(Set<String> admissions, Set<String> patients) {}

  private TrainingIds() {}

  /** Writes the hashes of the training admissions (and their patients; an admission without one is its own). */
  public static void write(Path folder, List<Admission> training) {
    Set<String> lines = new LinkedHashSet<>();
    for (Admission admission : training) {
      lines.add("a " + hash(admission.id()));
    }
    for (Admission admission : training) {
      lines.add("p " + hash(admission.patientKey()));
    }
    try {
      Files.createDirectories(folder);
      Files.write(folder.resolve(FILE), new ArrayList<>(lines), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + folder.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }

  /** The hashes a model folder recorded; empty for a folder written before they were. */
  public static Optional<Hashes> read(Path folder) {
    Path file = folder.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Set<String> admissions = new HashSet<>();
    Set<String> patients = new HashSet<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.startsWith("a ")) {
          admissions.add(line.substring(2));
        } else if (line.startsWith("p ")) {
          patients.add(line.substring(2));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return Optional.of(new Hashes(admissions, patients));
  }

  /** The hash of one id. */
  public static String hash(String id) {
    return ModelFolders.sha256(id).substring(0, 16);
  }
}
