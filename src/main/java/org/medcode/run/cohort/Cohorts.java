package org.medcode.run.cohort;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.medcode.MedcodeException;
import org.medcode.dataset.DatasetSpec;
import org.medcode.dataset.load.Datasets;
import org.medcode.dataset.mimic.CohortSummary;
import org.medcode.dataset.mimic.MimicLoader;
import org.medcode.run.workspace.BuildInfo;
import org.medcode.run.workspace.Workspace;

/** Builds MIMIC cohorts: decides the admissions once, writes their ids and summary, and says how to load them again. */
public final class Cohorts {
  private Cohorts() {}

  /** A written cohort: its folder and what {@code cohort.json} says. */
  public record Built(Path folder, CohortRecord record) {}

  /**
   * Decides a MIMIC cohort (no note texts kept) and writes its admission ids ({@code hadm_ids.txt}) and summary
   * ({@code cohort.json}) to {@code spec.out()}; the record's {@code reuseSpec} loads exactly these admissions again.
   */
  public static Built build(Workspace workspace, CohortSpec spec) {
    DatasetSpec datasetSpec = DatasetSpec.parse(spec.fullSpec());
    if (datasetSpec.mimic() == null) {
      throw new MedcodeException("medcode cohort build takes a mimic-iv: or mimic-iii: dataset spec, not '" + spec.dataset() + "'");
    }
    Path out = spec.out().toAbsolutePath().normalize();
    CohortRecord.checkNew(out);
    // recorded and shown as written: ${MIMIC_IV_DIR} stays a variable and the folder is the one given (relative when
    // given so), since cohort.json is meant to be shared and must not carry this machine's paths
    DatasetSpec written = DatasetSpec.parseWritten(spec.fullSpec());
    MimicLoader.Cohort cohort = workspace.withData(() -> Datasets.cohort(datasetSpec, workspace.dataRoot()));
    if (cohort.ids().isEmpty()) { // with what the loader says of its steps and of the ids file, as a run's refusal has
      String given = spec.fullSpec();
      List<String> says = new ArrayList<>();
      says.add(cohort.summary().steps().stream().map(step -> step.name() + " " + step.admissions())
          .collect(Collectors.joining(" -> ")));
      cohort.summary().warnings().forEach(warning -> says.add(DatasetSpec.unexpanded(warning, given)));
      throw new MedcodeException("the cohort " + given + " selects no admission (" + String.join("; ", says)
          + "): check its filters (an ids file whose ids match none, icd/codes/icu options that exclude every"
          + " admission); nothing was written");
    }
    String ids = CohortRecord.idsText(cohort.ids());
    CohortSummary summary = cohort.summary();
    String given = spec.fullSpec();
    summary = new CohortSummary(written.toString(), summary.steps().stream().map(step -> new CohortSummary.Step(step.name(),
            DatasetSpec.unexpanded(step.keeps(), given), step.admissions())).toList(), summary.noteChars(),
        summary.notesPerAdmission(), summary.codesPerAdmission(), summary.codes(), summary.icdVersions(), summary.mapping(),
        summary.warnings().stream().map(warning -> DatasetSpec.unexpanded(warning, given)).toList());
    CohortRecord record = new CohortRecord(CohortRecord.FORMAT, workspace.now().toString(), BuildInfo.version(),
        written.toString(), CohortRecord.reuseSpec(written, spec.out().normalize()), CohortRecord.IDS,
        CohortRecord.sha256(ids), cohort.ids().size(), summary);
    record.write(out, ids);
    return new Built(out, record);
  }
}
