package org.medcode.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import org.medcode.dataset.Admission;
import org.medcode.dataset.Dataset;
import org.medcode.dataset.DatasetSpec;
import org.medcode.dataset.load.Datasets;
import org.medcode.dataset.EvidenceSpan;
import org.medcode.dataset.GoldCode;
import org.medcode.dataset.Note;
import org.medcode.prediction.PredictedCode;
import org.medcode.prediction.Prediction;
import org.medcode.prediction.PredictionReader;
import org.medcode.prediction.PredictionSet;

/**
 * Not a test: loads a dataset and/or prediction files the way {@code medcode evaluate} does, each step timed (wall,
 * CPU of the process, bytes allocated by this thread) and followed by the heap still held after a full GC; at the end
 * the peak heap. It also prints a SHA-256 over everything loaded (ids, patient ids, notes, gold codes with raw
 * spelling, sequence, primary, evidence and metadata, warnings; every prediction with raw spelling and score, counts
 * and duplicate examples), so two versions of the loaders can be shown to load the same thing. Run it in its own JVM
 * under {@code /usr/bin/time -v} (see {@code bench/load.sh}).
 *
 * <p>usage: {@code LoadBench [--data-root DIR] [--dataset SPEC] [--predictions FILE] [--overlapped SPEC FILE]...};
 * {@code --overlapped} reads the predictions on a thread of their own while the dataset loads (on 2 cores it gained
 * nothing: JIT and GC already keep the second core busy while the dataset loads; see bench/README.md).
 */
public final class LoadBench {
  private LoadBench() {}

  public static void main(String[] args) throws Exception {
    Path dataRoot = Path.of("datasets");
    List<Object> held = new ArrayList<>();
    System.out.printf(Locale.ROOT, "%-44s %8s %8s %12s %12s  %s%n", "step", "wall s", "cpu s", "alloc MB", "held MB",
        "content SHA-256");
    report("(JVM started)", 0, 0, 0, "");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data-root" -> dataRoot = Path.of(args[++i]);
        case "--dataset" -> {
          Path root = dataRoot;
          String spec = args[++i];
          Dataset dataset = step("dataset " + spec, held, () -> Datasets.load(DatasetSpec.parse(spec), root),
              LoadBench::digest);
          long codes = dataset.admissions().stream().mapToLong(a -> a.codes().size()).sum();
          System.out.printf(Locale.ROOT, "    %,d admissions, %,d gold codes, fingerprint %s, warnings %s%n",
              dataset.admissions().size(), codes, dataset.fingerprint(), dataset.warnings());
        }
        case "--overlapped" -> {
          Path root = dataRoot;
          String spec = args[++i];
          Path file = Path.of(args[++i]);
          Object[] both = step("dataset + predictions, overlapped", held, () -> {
            FutureTask<PredictionSet> predictions = new FutureTask<>(() -> PredictionReader.read(file));
            new Thread(predictions, "predictions").start();
            Dataset dataset = Datasets.load(DatasetSpec.parse(spec), root);
            try {
              return new Object[] {dataset, predictions.get()};
            } catch (InterruptedException | ExecutionException e) {
              throw new IllegalStateException(e);
            }
          }, pair -> digest((Dataset) pair[0]) + " " + digest((PredictionSet) pair[1]));
          System.out.printf(Locale.ROOT, "    %,d admissions; %,d prediction rows%n", ((Dataset) both[0]).admissions().size(),
              ((PredictionSet) both[1]).rows());
        }
        case "--predictions" -> {
          Path file = Path.of(args[++i]);
          PredictionSet set = step("predictions " + file.getFileName(), held, () -> PredictionReader.read(file),
              LoadBench::digest);
          System.out.printf(Locale.ROOT, "    %,d rows, %,d admissions, %,d duplicates %s%n", set.rows(),
              set.byAdmission().size(), set.duplicates(), set.duplicateExamples());
        }
        default -> {
          System.err.println("usage: LoadBench [--data-root DIR] [--dataset SPEC] [--predictions FILE] [--overlapped SPEC FILE]...");
          System.exit(2);
        }
      }
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf(Locale.ROOT, "peak heap (sum of pool peaks) %,d MB; max heap %,d MB; %d objects held%n", peak >> 20,
        Runtime.getRuntime().maxMemory() >> 20, held.size());
  }

  private static <T> T step(String name, List<Object> held, Supplier<T> load, java.util.function.Function<T, String> digest) {
    long allocStart = allocated();
    long cpuStart = cpuNanos();
    long start = System.nanoTime();
    T value = load.get();
    double wall = (System.nanoTime() - start) / 1e9;
    double cpu = (cpuNanos() - cpuStart) / 1e9;
    long alloc = allocated() - allocStart;
    held.add(value);
    report(name, wall, cpu, alloc, digest.apply(value));
    return value;
  }

  private static void report(String name, double wall, double cpu, long alloc, String digest) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    String shown = name.length() > 44 ? name.substring(0, 43) + "…" : name;
    System.out.printf(Locale.ROOT, "%-44s %8.2f %8.2f %12.1f %12.1f  %s%n", shown, wall, cpu, alloc / 1e6, used / 1e6, digest);
  }

  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  static String digest(Dataset dataset) {
    Sha sha = new Sha();
    sha.add(dataset.spec()).add(dataset.fingerprint()).add(dataset.systems().toString()).add(dataset.warnings().toString())
        .add(String.valueOf(dataset.credentialed()));
    for (Admission a : dataset.admissions()) {
      sha.add(a.id()).add(a.patientId()).add(new java.util.TreeMap<>(a.metadata()).toString());
      for (Note note : a.notes()) {
        sha.add(note.type()).add(note.text());
      }
      for (GoldCode code : a.codes()) {
        sha.add(code.code()).add(code.raw()).add(code.system().label()).add(String.valueOf(code.sequence()))
            .add(String.valueOf(code.primary()));
        for (EvidenceSpan span : code.evidence()) {
          sha.add(span.toString());
        }
      }
    }
    return sha.hex();
  }

  static String digest(PredictionSet set) {
    Sha sha = new Sha();
    sha.add(set.source()).add(set.format().label()).add(String.valueOf(set.rows())).add(String.valueOf(set.duplicates()))
        .add(set.duplicateExamples().toString());
    for (Map.Entry<String, Prediction> entry : set.byAdmission().entrySet()) {
      sha.add(entry.getKey()).add(entry.getValue().admissionId());
      for (PredictedCode code : entry.getValue().codes()) {
        sha.add(code.code()).add(code.raw()).add(String.valueOf(code.score()));
      }
    }
    return sha.hex();
  }

  /** Length-prefixed strings into SHA-256. */
  private static final class Sha {
    private final MessageDigest digest;

    Sha() {
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    Sha add(String text) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      digest.update((bytes.length + ":").getBytes(StandardCharsets.UTF_8));
      digest.update(bytes);
      return this;
    }

    String hex() {
      return HexFormat.of().formatHex(digest.digest());
    }
  }
}
