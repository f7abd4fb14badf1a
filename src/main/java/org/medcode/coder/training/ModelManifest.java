package org.medcode.coder.training;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a model folder was trained on and how: enough to say exactly which data and settings produced it.
 * {@code training.dataset_fingerprint} is the dataset fingerprint of the training admissions (as in a run manifest);
 * {@code training.content_sha256} (admission ids, texts and gold codes of the coded system) is what the run cache is
 * keyed by; {@code training.spec} is known when {@code medcode train} made the model (null when a run trained it).
 */
public record ModelManifest(int format, String kind, String harnessVersion, String created, Training training,
    CodeSystemInfo codeSystem, Map<String, String> parameters, long seed, int labels, int features, FeatureSettings featureSettings) {
  public static final int FORMAT = 1;

  public ModelManifest {
    parameters = java.util.Collections.unmodifiableMap(new TreeMap<>(parameters));
  }

  /**
   * Why this model cannot serve coder {@code coder} scoring {@code system}: another coder's model, or one trained on
   * another code system's codes (a manifest that names neither is not refused here); null when it can.
   */
  public String misfit(String coder, String system) {
    if (kind != null && !kind.equals(coder)) {
      return "holds a " + kind + " model; use it with coder " + kind;
    }
    if (codeSystem != null && !system.equals(codeSystem.system())) {
      return "was trained on " + codeSystem.system() + " codes but this run scores " + system;
    }
    return null;
  }

  /** The training data: spec and dataset fingerprint when known, content hash, and how it was divided. */
  public record Training(String spec, String datasetFingerprint, String contentSha256, int admissions, int fitAdmissions,
      int validationAdmissions) {}

  /**
   * The code system whose gold codes were learned, the table version in force, and the table's identity ({@link
   * org.medcode.codesystem.CodeTable#identity}: version and SHA-256 of its entries; null in a folder of an older
   * medcode), so that a user table of the same file name but other codes is told apart.
   */
  public record CodeSystemInfo(String system, String tableVersion, String tableIdentity) {
    /**
     * Annotation of every prediction made by a model folder trained with another table than the run's, so that the run
     * folder records it: {@link #annotation}.
     */
    public static final String TABLE_ANNOTATION = "model_table_version";

    /** The value of {@link #TABLE_ANNOTATION} in a run coding with {@code table}: {@code FY2018 (run: FY2024)}. */
    public String annotation(org.medcode.codesystem.CodeTable table) {
      return tableVersion + " (run: " + table.version() + ")";
    }

    /** Whether the run's table is the one the model was trained with (by version when no identity was recorded). */
    public boolean sameTable(org.medcode.codesystem.CodeTable table) {
      return java.util.Objects.equals(tableVersion, table.version())
          && (tableIdentity == null || tableIdentity.equals(table.identity()));
    }
  }
}
