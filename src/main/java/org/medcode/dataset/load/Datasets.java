package org.medcode.dataset.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.medcode.Futures;
import org.medcode.MedcodeException;
import org.medcode.Plural;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;
import org.medcode.dataset.CodeQueryLoader;
import org.medcode.dataset.CodiEspLoader;
import org.medcode.dataset.CsvLoader;
import org.medcode.dataset.Dataset;
import org.medcode.dataset.DatasetSpec;
import org.medcode.dataset.Fingerprint;
import org.medcode.dataset.JsonlLoader;
import org.medcode.dataset.mimic.MimicDictionary;
import org.medcode.dataset.mimic.MimicLoader;

/** The one entry point for loading a dataset named by a {@link DatasetSpec}. */
public final class Datasets {
  private Datasets() {}

  /**
   * Loads a dataset. CodiEsp is read from {@code dataRoot} (laid out like the public-data mirror); jsonl and csv
   * paths and MIMIC folders are used as given (relative to the current directory). MIMIC datasets, specs marked
   * {@code ?credentialed=true} and datasets with an admission marked credentialed are
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
      case CODE_QUERY -> {
        CodeQueryLoader.Result result = new CodeQueryLoader(spec.codeQuery(), dataRoot).load();
        yield dataset(spec, List.of(result.table().system().id()), result.admissions(), result.warnings());
      }
      case MIMIC_IV, MIMIC_III -> {
        MimicLoader.Result result = mimicLoader(spec, dataRoot).load();
        List<Admission> loaded = List.copyOf(result.admissions());
        yield new Dataset(spec.toString(), result.systems(), loaded, result.warnings(), fingerprinting(loaded), true);
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

  /**
   * The dataset's own code dictionary of a system as a code table: MIMIC's {@code d_icd_diagnoses} /
   * {@code d_icd_procedures}, which list every code the release uses whatever year it was valid in; for a code-query
   * dataset, the table it is built from.
   *
   * @throws MedcodeException when the format has no dictionary of its own (only MIMIC has)
   */
  public static CodeTable dictionary(DatasetSpec spec, CodeSystemId system, Path dataRoot) {
    if (spec.codeQuery() != null) {
      CodeTable table = new CodeQueryLoader(spec.codeQuery(), dataRoot).table();
      if (table.system().id() != system) {
        throw new MedcodeException("the dataset " + spec + " is built from a " + table.system().id().label()
            + " table; it has no " + system.label() + " dictionary");
      }
      return table;
    }
    if (spec.mimic() == null) {
      throw new MedcodeException("the dataset " + spec + " has no code dictionary of its own (MIMIC datasets have"
          + " d_icd_diagnoses and d_icd_procedures, code-query datasets the table they are built from); choose a CMS"
          + " year (year: 2026) or a range of years (years: 2016-2023)");
    }
    return MimicDictionary.read(spec.release(), spec.paths().get(0), system, dataRoot);
  }

  private static MimicLoader mimicLoader(DatasetSpec spec, Path dataRoot) {
    return new MimicLoader(spec.release(), spec.paths().get(0), spec.mimic(), dataRoot, spec.toString());
  }

  /**
   * A dataset of a non-MIMIC format: credentialed when its spec is marked, or when any admission is (a JSONL field or a
   * CSV column): then the whole dataset is, and a warning says how many admissions were marked.
   */
  private static Dataset dataset(DatasetSpec spec, List<CodeSystemId> systems, List<Admission> admissions, List<String> warnings) {
    long marked = admissions.stream().filter(a -> "true".equals(a.metadata().get(Dataset.CREDENTIALED))).count();
    List<String> all = warnings;
    if (marked > 0 && !spec.credentialed()) {
      all = new ArrayList<>(warnings);
      all.add(marked + " of " + Plural.of(admissions.size(), "admission") + " " + Plural.verb(marked, "are")
          + " marked credentialed: the whole dataset is treated as"
          + " credentialed data");
    }
    List<Admission> loaded = List.copyOf(admissions);
    return new Dataset(spec.toString(), systems, loaded, all, fingerprinting(loaded), spec.credentialed() || marked > 0);
  }

  /**
   * The fingerprint of loaded admissions, computed on another thread: the caller goes on scoring them meanwhile (0.3 s
   * of a 122,000-admission evaluate); {@link Dataset#fingerprint()} waits for it.
   */
  private static CompletableFuture<String> fingerprinting(List<Admission> admissions) {
    return CompletableFuture.supplyAsync(() -> Fingerprint.of(admissions), Futures.thread("fingerprint"));
  }

  /** The code systems that occur in the gold codes, in enum order. */
  private static List<CodeSystemId> systemsOf(List<Admission> admissions) {
    EnumSet<CodeSystemId> systems = EnumSet.noneOf(CodeSystemId.class);
    admissions.forEach(admission -> admission.codes().forEach(code -> systems.add(code.system())));
    return List.copyOf(systems);
  }
}
