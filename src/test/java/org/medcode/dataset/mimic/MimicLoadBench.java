package org.medcode.dataset.mimic;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Locale;
import org.medcode.dataset.Admission;
import org.medcode.dataset.Dataset;
import org.medcode.dataset.DatasetSpec;
import org.medcode.dataset.load.Datasets;

/**
 * Loads one dataset spec and prints what was loaded, the time it took and the peak heap (bench/mimic.sh runs it under
 * {@code /usr/bin/time -v} with {@code -Xmx1g}). Not a test: speed is measured here, never asserted.
 *
 * <p>usage: {@code MimicLoadBench SPEC [DATA_ROOT]}
 */
public final class MimicLoadBench {
  private MimicLoadBench() {}

  public static void main(String[] args) {
    long start = System.nanoTime();
    Dataset dataset = Datasets.load(DatasetSpec.parse(args[0]), Path.of(args.length > 1 ? args[1] : "datasets"));
    double seconds = (System.nanoTime() - start) / 1e9;
    long notes = 0;
    long chars = 0;
    long codes = 0;
    for (Admission admission : dataset.admissions()) {
      notes += admission.notes().size();
      chars += admission.notes().stream().mapToLong(n -> n.text().length()).sum();
      codes += admission.codes().size();
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf(Locale.ROOT, "loaded %s%n  %,d admissions, %,d notes, %,d note characters, %,d codes, credentialed %s%n"
            + "  %.1f s; peak heap (sum of pool peaks) %,d MB; max heap %,d MB%n", dataset.spec(), dataset.admissions().size(), notes,
        chars, codes, dataset.credentialed(), seconds, peak >> 20, Runtime.getRuntime().maxMemory() >> 20);
    dataset.warnings().forEach(w -> System.out.println("  " + w));
  }
}
