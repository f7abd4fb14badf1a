package org.medcode.dataset.load;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.medcode.MedcodeException;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.dataset.Admission;
import org.medcode.dataset.CodiEspLoader;
import org.medcode.dataset.CsvLoader;
import org.medcode.dataset.Dataset;
import org.medcode.dataset.DatasetSpec;
import org.medcode.dataset.Fingerprint;
import org.medcode.dataset.JsonlLoader;
import org.medcode.dataset.mimic.MimicLoader;

/** The one entry point for loading a dataset named by a {@link DatasetSpec}. */
public final class Datasets {
  private Datasets() {}

  /**
   * Loads a dataset. CodiEsp is read from {@code dataRoot} (laid out like the public-data mirror); jsonl and csv
   * paths and MIMIC folders are used as given (relative to the current directory). MIMIC datasets are marked
   * {@link Dataset#credentialed()}; with {@code map=icd10} the GEMs are read from {@code dataRoot}.
   *
   * @throws org.medcode.MedcodeException.DataMissing when public data is not there (names the pull command)
   * @throws org.medcode.MedcodeException.BadInput when a file is malformed (names file and line)
   */
  public static Dataset load(DatasetSpec spec, Path dataRoot) {
    return switch (spec.format()) {
      case CODIESP -> {
        CodiEspLoader.Result result = new CodiEspLoader(dataRoot, spec.codiesp()).load();
        yield dataset(spec, result.systems(), result.admissions(), result.warnings());
      }
      case JSONL -> {
        JsonlLoader.Result result = new JsonlLoader().load(spec.paths().get(0));
        yield dataset(spec, systemsOf(result.admissions()), result.admissions(), result.warnings());
      }
      case CSV -> {
        CsvLoader.Result result = new CsvLoader().load(spec.paths().get(0), spec.paths().get(1));
        yield dataset(spec, systemsOf(result.admissions()), result.admissions(), result.warnings());
      }
      case MIMIC_IV, MIMIC_III -> {
        MimicLoader.Result result = mimicLoader(spec, dataRoot).load();
        yield new Dataset(spec.toString(), result.systems(), result.admissions(), result.warnings(),
            Fingerprint.of(result.admissions()), true);
      }
    };
  }

  /**
   * The cohort a MIMIC spec names, without loading note texts: admission ids and the summary that {@code medcode cohort
   * build} writes.
   *
   * @throws org.medcode.MedcodeException when the spec is not a MIMIC spec, or as {@link #load}
   */
  public static MimicLoader.Cohort cohort(DatasetSpec spec, Path dataRoot) {
    if (spec.mimic() == null) {
      throw new MedcodeException("a cohort is built from a mimic-iv: or mimic-iii: dataset spec, not '" + spec + "'");
    }
    return mimicLoader(spec, dataRoot).cohort();
  }

  private static MimicLoader mimicLoader(DatasetSpec spec, Path dataRoot) {
    return new MimicLoader(spec.release(), spec.paths().get(0), spec.mimic(), dataRoot, spec.toString());
  }

  private static Dataset dataset(DatasetSpec spec, List<CodeSystemId> systems, List<Admission> admissions, List<String> warnings) {
    return new Dataset(spec.toString(), systems, admissions, warnings, Fingerprint.of(admissions));
  }

  /** The code systems that occur in the gold codes, in enum order. */
  private static List<CodeSystemId> systemsOf(List<Admission> admissions) {
    EnumSet<CodeSystemId> systems = EnumSet.noneOf(CodeSystemId.class);
    admissions.forEach(admission -> admission.codes().forEach(code -> systems.add(code.system())));
    return List.copyOf(systems);
  }
}
