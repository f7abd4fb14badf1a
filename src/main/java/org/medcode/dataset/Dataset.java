package org.medcode.dataset;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.medcode.Futures;
import org.medcode.codesystem.CodeSystemId;

/**
 * Loaded admissions plus what the loader noticed. {@code spec} is how it was named (e.g. {@code codiesp:dev:en:D});
 * {@code systems} are the code systems of its gold codes; {@code fingerprint} is a SHA-256 over the loaded content
 * (ids, note texts, gold codes) so a run can say exactly what it evaluated; a loader computes it on another thread
 * ({@code digest}) while the admissions are scored, and {@link #fingerprint()} waits for it. {@code credentialed}
 * marks patient data under a data use agreement (MIMIC, a spec marked {@code ?credentialed=true}, or any admission marked
 * {@link #CREDENTIALED}): coders may send it only to allowed endpoints.
 */
public record Dataset(String spec, List<CodeSystemId> systems, List<Admission> admissions, List<String> warnings,
    CompletableFuture<String> digest, boolean credentialed) {
  /**
   * The metadata key ({@code "true"}) of an admission marked as credentialed data by its file (a JSONL field, a CSV
   * column), and the spec option that marks a whole dataset.
   */
  public static final String CREDENTIALED = "credentialed";

  public Dataset {
    systems = List.copyOf(systems);
    admissions = List.copyOf(admissions);
    warnings = List.copyOf(warnings);
  }

  /** A dataset whose fingerprint is known. */
  public Dataset(String spec, List<CodeSystemId> systems, List<Admission> admissions, List<String> warnings,
      String fingerprint, boolean credentialed) {
    this(spec, systems, admissions, warnings, CompletableFuture.completedFuture(fingerprint), credentialed);
  }

  /** A public (not credentialed) dataset. */
  public Dataset(String spec, List<CodeSystemId> systems, List<Admission> admissions, List<String> warnings, String fingerprint) {
    this(spec, systems, admissions, warnings, fingerprint, false);
  }

  /** The SHA-256 over the loaded content (waits for it when it is still being computed). */
  public String fingerprint() {
    return Futures.join(digest);
  }

  /**
   * This dataset with every note cut to its first {@code chars} characters ({@link Admission#excerpt}), for scoring
   * what coders answered: the same spec, admissions, gold codes, warnings and fingerprint, without the note texts.
   */
  public Dataset excerpts(int chars) {
    List<Admission> cut = new java.util.ArrayList<>(admissions.size());
    boolean changed = false;
    for (Admission admission : admissions) {
      Admission excerpt = admission.excerpt(chars);
      changed |= excerpt != admission;
      cut.add(excerpt);
    }
    return changed ? new Dataset(spec, systems, cut, warnings, digest, credentialed) : this;
  }
}
