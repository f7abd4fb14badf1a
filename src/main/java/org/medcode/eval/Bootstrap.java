package org.medcode.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

/**
 * Percentile bootstrap over admissions (or patients), of any number of views (the whole evaluation and its strata) in
 * one pass.
 *
 * <p>Resampling: resample b (0-based) of a view draws with the b-th {@code split()} of
 * {@code new java.util.SplittableRandom(seed)} (reproduced bit for bit by {@link SplitMix}); it makes n draws
 * {@code nextInt(n)} of the view's admission indices (view order),
 * or, when grouping by patient, P draws {@code nextInt(P)} of patient indices (patients in order of first appearance in
 * the view), each bringing all its admissions. The resulting multiplicities are used for every metric and level, so the
 * intervals are jointly consistent. Views with the same admissions in the same order get the same multiplicities, so
 * they share one set of draws. Because each resample owns its generators and its output slots, the result does not
 * depend on how resamples are spread over threads.
 *
 * <p>Within a resample, admissions are grouped into classes with identical (tp, fp, fn, |gold|, hits@k…,
 * hits@|gold|), of which every metric but AP is a function, so that a resample costs one pass over the multiplicities
 * (a class histogram and the AP sum per level) plus a pass over the classes. A view that needs only micro intervals
 * (a code stratum) keeps only its admissions with a non-zero count, grouped into classes of equal counts at every level.
 */
final class Bootstrap {
  /**
   * Resamples computed side by side: every sum of one resample is made as if alone, lanes only interleave them (eight:
   * the class pass is unrolled for this many).
   */
  static final int LANES = 8;
  /** The most resamples a chunk of work holds the values of. */
  static final int CHUNK = 64;

  private Bootstrap() {}

  /**
   * One view to resample: its admissions (their patients, and the raw indices that identify its population) and its
   * levels reduced to what a resample needs. Holds the tails of every metric's resampled values
   * ({@code tails[level][slot]}) once {@link #run} has filled them; a micro-only view fills only the micro slots.
   */
  static final class View {
    final Sample sample;
    final boolean microOnly;
    final boolean macro;
    final Table[] tables;
    final MicroTable micro;
    final int[] slots;
    Tails[][] tails;

    /**
     * @param microOnly only micro precision, recall and F1 are resampled
     * @param macro macro averages are resampled too (never with {@code microOnly})
     */
    View(Sample sample, List<LevelScores> levels, boolean microOnly, boolean macro) {
      if (microOnly && macro) {
        throw new IllegalArgumentException("a micro-only view has no macro intervals");
      }
      this.sample = sample;
      this.microOnly = microOnly;
      this.macro = macro;
      slots = new int[levels.size()];
      if (microOnly) {
        tables = null;
        micro = MicroTable.of(levels);
        Arrays.fill(slots, 3);
      } else {
        micro = null;
        tables = new Table[levels.size()];
        for (int l = 0; l < levels.size(); l++) {
          tables[l] = new Table(levels.get(l), macro);
          int kc = levels.get(l).ks.length;
          slots[l] = macro ? LevelMetrics.size(kc) : LevelMetrics.macroGold(kc);
        }
      }
    }

    /** A micro-only view of an already built table. */
    View(Sample sample, MicroTable micro) {
      this.sample = sample;
      this.microOnly = true;
      this.macro = false;
      this.tables = null;
      this.micro = micro;
      slots = new int[micro.levels];
      Arrays.fill(slots, 3);
    }
  }

  /**
   * The admissions a view resamples: their raw indices in view order (which identify the population: views with equal
   * ones share draws), and their patients, numbered in order of first appearance in the view.
   */
  record Sample(int[] source, int[] patientOf, int patients) {
    int n() {
      return source.length;
    }
  }

  /** Resamples every view at {@code confidence} (views without admissions are left without tails). */
  static void run(List<View> views, int resamples, long seed, boolean byPatient, double confidence, boolean parallel) {
    List<Stream> streams = new ArrayList<>();
    Map<Population, Stream> byPopulation = new HashMap<>();
    for (View v : views) {
      if (v.sample.n() == 0) {
        continue;
      }
      v.tails = new Tails[v.slots.length][];
      for (int l = 0; l < v.slots.length; l++) {
        v.tails[l] = new Tails[v.slots[l]];
        for (int slot = 0; slot < v.slots[l]; slot++) {
          v.tails[l][slot] = new Tails(resamples, confidence);
        }
      }
      Stream stream = byPopulation.computeIfAbsent(new Population(v.sample.source()), p -> {
        Stream s = new Stream(v.sample, byPatient, seed);
        streams.add(s);
        return s;
      });
      stream.views.add(v);
    }
    if (streams.isEmpty()) {
      return;
    }
    streams.forEach(Stream::prepare);

    // Chunks of at most CHUNK resamples, so that what a chunk holds does not grow with the number of resamples.
    int chunks = Math.max(parallel ? Math.min(resamples, 8 * Runtime.getRuntime().availableProcessors()) : 1,
        (resamples + CHUNK - 1) / CHUNK);
    IntStream range = IntStream.range(0, chunks);
    (parallel ? range.parallel() : range).forEach(chunk -> {
      int from = (int) ((long) resamples * chunk / chunks);
      int to = (int) ((long) resamples * (chunk + 1) / chunks);
      for (Stream stream : streams) {
        chunk(stream, seed, from, to);
      }
    });
  }

  /**
   * What a chunk of one population works in: multiplicities, lanes and each view's scratch buffers (every one is
   * cleared before use). A chunk takes one from its population's pool and gives it back, so a run allocates one per
   * thread instead of one per chunk (0.5 GB of a 122,000-admission evaluate's garbage).
   */
  private record Buffers(int[] w, int[] lanes, List<Scratch> scratches) {
    static Buffers of(Stream stream) {
      List<Scratch> scratches = new ArrayList<>();
      for (View v : stream.views) {
        scratches.add(new Scratch(v));
      }
      return new Buffers(new int[stream.n], stream.microOnly ? null : new int[stream.n * LANES], scratches);
    }
  }

  /** Resamples {@code from} (inclusive) to {@code to} of one population, then adds their values to its views' tails. */
  private static void chunk(Stream stream, long seed, int from, int to) {
    Buffers buffers = stream.spare.poll();
    if (buffers == null) {
      buffers = Buffers.of(stream);
    }
    chunk(stream, seed, from, to, buffers);
    stream.spare.add(buffers);
  }

  private static void chunk(Stream stream, long seed, int from, int to, Buffers buffers) {
    int[] w = buffers.w();
    int[] lanes = buffers.lanes();
    List<Scratch> scratches = buffers.scratches();
    List<double[][][]> values = new ArrayList<>();
    for (View v : stream.views) {
      double[][][] chunkValues = new double[v.slots.length][][];
      for (int l = 0; l < v.slots.length; l++) {
        chunkValues[l] = new double[v.slots[l]][to - from];
      }
      values.add(chunkValues);
    }
    // Resample b draws with the b-th split of SplittableRandom(seed): a split takes two draws of the root.
    SplitMix root = new SplitMix(seed);
    root.skip(2L * from);
    for (int b = from; b < to; b += LANES) {
      int used = Math.min(LANES, to - b);
      if (stream.microOnly) {
        // Micro-only views need only class histograms, whose integer sums do not depend on the order of their
        // increments: the draws go straight into them, without multiplicities laid out by lane.
        for (int x = 0; x < stream.views.size(); x++) {
          Arrays.fill(scratches.get(x).microHist, 0);
        }
        for (int lane = 0; lane < used; lane++) {
          stream.drawClasses(root.split(), lane, w, scratches);
        }
        for (int x = 0; x < stream.views.size(); x++) {
          stream.views.get(x).micro.values(scratches.get(x), values.get(x), b - from, used, stream.maxWeight);
        }
        continue;
      }
      drawLanes(stream, root, used, w, lanes);
      for (int x = 0; x < stream.views.size(); x++) {
        View v = stream.views.get(x);
        if (v.microOnly) {
          v.micro.resample(lanes, scratches.get(x), values.get(x), b - from, used, stream.maxWeight);
        } else {
          resample(v, lanes, scratches.get(x), values.get(x), b - from, used);
        }
      }
    }
    for (int x = 0; x < stream.views.size(); x++) {
      addToTails(stream.views.get(x), values.get(x));
    }
  }

  /** The multiplicities of the next {@code used} resamples, resample by resample, into the lanes (others zero). */
  private static void drawLanes(Stream stream, SplitMix root, int used, int[] w, int[] lanes) {
    Arrays.fill(lanes, 0);
    for (int lane = 0; lane < used; lane++) {
      stream.draw(root.split(), w);
      for (int i = 0; i < w.length; i++) {
        lanes[i * LANES + lane] = w[i];
      }
    }
  }

  private static void addToTails(View v, double[][][] chunkValues) {
    synchronized (v) {
      for (int l = 0; l < chunkValues.length; l++) {
        for (int slot = 0; slot < chunkValues[l].length; slot++) {
          Tails t = v.tails[l][slot];
          for (double value : chunkValues[l][slot]) {
            t.add(value);
          }
        }
      }
    }
  }

  /**
   * Every level of a full view on {@code used} resamples at once: {@code lanes[i · LANES + lane]} is admission i's
   * multiplicity in resample {@code b + lane}. Each lane's sums are made in exactly the order of one resample alone.
   */
  private static void resample(View v, int[] lanes, Scratch scratch, double[][][] values, int b, int used) {
    Table[] tables = v.tables;
    int n = lanes.length / LANES;
    // Per level, one pass over the multiplicities: class histogram and AP sum of every lane (unrolled over the eight
    // lanes; each lane's AP sum is made in admission order, as a resample alone makes it).
    for (int l = 0; l < tables.length; l++) {
      int[] hist = scratch.classHist[l];
      int[] classOf = tables[l].classOf;
      double[] ap = tables[l].ap;
      Arrays.fill(hist, 0);
      double s0 = 0.0;
      double s1 = 0.0;
      double s2 = 0.0;
      double s3 = 0.0;
      double s4 = 0.0;
      double s5 = 0.0;
      double s6 = 0.0;
      double s7 = 0.0;
      for (int i = 0; i < n; i++) {
        int base = i * LANES;
        int c = classOf[i] * LANES;
        double a = ap[i];
        int w0 = lanes[base];
        int w1 = lanes[base + 1];
        int w2 = lanes[base + 2];
        int w3 = lanes[base + 3];
        int w4 = lanes[base + 4];
        int w5 = lanes[base + 5];
        int w6 = lanes[base + 6];
        int w7 = lanes[base + 7];
        hist[c] += w0;
        hist[c + 1] += w1;
        hist[c + 2] += w2;
        hist[c + 3] += w3;
        hist[c + 4] += w4;
        hist[c + 5] += w5;
        hist[c + 6] += w6;
        hist[c + 7] += w7;
        s0 += w0 * a;
        s1 += w1 * a;
        s2 += w2 * a;
        s3 += w3 * a;
        s4 += w4 * a;
        s5 += w5 * a;
        s6 += w6 * a;
        s7 += w7 * a;
      }
      double[] sums = scratch.apSums[l];
      sums[0] = s0;
      sums[1] = s1;
      sums[2] = s2;
      sums[3] = s3;
      sums[4] = s4;
      sums[5] = s5;
      sums[6] = s6;
      sums[7] = s7;
    }
    for (int l = 0; l < tables.length; l++) {
      tables[l].resample(lanes, scratch, l, v.macro, values[l], b, used);
    }
  }

  /** The identity of a population: the raw admission indices of a view, in order. */
  private record Population(int[] source) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Population other && Arrays.equals(source, other.source);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(source);
    }
  }

  /** The draws of one population: one generator per resample, and the patient layout when grouping by patient. */
  private static final class Stream {
    final int n;
    final boolean byPatient;
    final int patients;
    final int[] patientStart;
    final int[] patientAdmissions;
    final SplitMix.Bound admissionBound;
    final SplitMix.Bound patientBound;
    /** The largest sum of one resample's multiplicities. */
    final int maxWeight;
    final List<View> views = new ArrayList<>();
    /** Buffers chunks of this population have given back, for the next chunk. */
    final Queue<Buffers> spare = new ConcurrentLinkedQueue<>();
    /** Whether every view of the population is micro-only ({@link #prepare}). */
    boolean microOnly;
    /** When micro-only: per view, each admission's class in its micro table, or -1 when it has none. */
    int[][] classByAdmission;

    Stream(Sample in, boolean byPatient, long seed) {
      n = in.n();
      this.byPatient = byPatient;
      patients = in.patients();
      admissionBound = n > 0 ? SplitMix.bound(n) : null;
      patientBound = patients > 0 ? SplitMix.bound(patients) : null;
      patientStart = new int[patients + 1];
      patientAdmissions = new int[n];
      for (int i = 0; i < n; i++) {
        patientStart[in.patientOf()[i] + 1]++;
      }
      for (int p = 0; p < patients; p++) {
        patientStart[p + 1] += patientStart[p];
      }
      int[] fill = Arrays.copyOf(patientStart, patients);
      for (int i = 0; i < n; i++) {
        patientAdmissions[fill[in.patientOf()[i]]++] = i;
      }
      int largestPatient = 0;
      for (int p = 0; p < patients; p++) {
        largestPatient = Math.max(largestPatient, patientStart[p + 1] - patientStart[p]);
      }
      if ((long) patients * largestPatient > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("too many admissions per resample to bootstrap: " + patients + " patients"
            + " with up to " + largestPatient + " admissions each");
      }
      maxWeight = byPatient ? patients * largestPatient : n;
    }

    /** Once every view is added: whether all are micro-only, and then where each admission counts in each. */
    void prepare() {
      microOnly = views.stream().allMatch(v -> v.microOnly);
      if (!microOnly) {
        return;
      }
      classByAdmission = new int[views.size()][];
      for (int x = 0; x < views.size(); x++) {
        MicroTable table = views.get(x).micro;
        int[] classes = new int[n];
        Arrays.fill(classes, -1);
        for (int e = 0; e < table.admission.length; e++) {
          classes[table.admission[e]] = table.classOf[e];
        }
        classByAdmission[x] = classes;
      }
    }

    /**
     * The resample drawn with {@code rng}, added to lane {@code lane} of each micro-only view's class histogram: the same
     * draws as {@link #draw}, so the same multiplicities per class.
     */
    void drawClasses(SplitMix rng, int lane, int[] w, List<Scratch> scratches) {
      if (views.size() == 1) {
        int[] classes = classByAdmission[0];
        int[] hist = scratches.get(0).microHist;
        if (byPatient) {
          for (int j = 0; j < patients; j++) {
            int p = rng.nextInt(patientBound);
            for (int a = patientStart[p]; a < patientStart[p + 1]; a++) {
              int c = classes[patientAdmissions[a]];
              if (c >= 0) {
                hist[c * LANES + lane]++;
              }
            }
          }
        } else {
          SplitMix.Bound bound = admissionBound;
          for (int j = 0; j < n; j++) {
            int c = classes[rng.nextInt(bound)];
            if (c >= 0) {
              hist[c * LANES + lane]++;
            }
          }
        }
        return;
      }
      draw(rng, w);
      for (int x = 0; x < views.size(); x++) {
        int[] classes = classByAdmission[x];
        int[] hist = scratches.get(x).microHist;
        for (int i = 0; i < n; i++) {
          if (w[i] != 0 && classes[i] >= 0) {
            hist[classes[i] * LANES + lane] += w[i];
          }
        }
      }
    }

    /** The multiplicities of the resample drawn with {@code rng} into {@code w}. */
    void draw(SplitMix rng, int[] w) {
      Arrays.fill(w, 0);
      if (byPatient) {
        for (int j = 0; j < patients; j++) {
          int p = rng.nextInt(patientBound);
          for (int a = patientStart[p]; a < patientStart[p + 1]; a++) {
            w[patientAdmissions[a]]++;
          }
        }
      } else {
        SplitMix.Bound bound = admissionBound;
        for (int j = 0; j < n; j++) {
          w[rng.nextInt(bound)]++;
        }
      }
    }
  }

  /**
   * A micro-only view reduced to its admissions with a non-zero count at some level, grouped into classes of equal
   * (tp, fp, fn) at every level: a resample costs one histogram increment per such admission, then integer sums over
   * the classes.
   */
  static final class MicroTable {
    final int levels;
    final int[] admission;
    final int[] classOf;
    /** Per class, tp, fp, fn of each level (stride 3 · levels). */
    final int[] counts;
    final int largestCount;
    final int classes;

    /** The table of a view's level scores: admissions with any non-zero count, in view order. */
    static MicroTable of(List<LevelScores> scores) {
      int levels = scores.size();
      int n = scores.isEmpty() ? 0 : scores.get(0).n;
      Builder builder = new Builder(levels);
      int[] counts = new int[3 * levels];
      for (int i = 0; i < n; i++) {
        boolean any = false;
        for (int l = 0; l < levels; l++) {
          LevelScores s = scores.get(l);
          counts[3 * l] = s.tp[i];
          counts[3 * l + 1] = s.fp[i];
          counts[3 * l + 2] = s.fn[i];
          any |= s.tp[i] + s.fp[i] + s.fn[i] > 0;
        }
        if (any) {
          builder.add(i, counts);
        }
      }
      return builder.build();
    }

    /** Collects admissions (view indices, ascending) with their tp, fp, fn at each level, grouped into classes. */
    static final class Builder {
      private final int levels;
      private final Map<ClassKey, Integer> ids = new HashMap<>();
      private final RawInput.IntList admissions = new RawInput.IntList();
      private final RawInput.IntList classList = new RawInput.IntList();
      private final List<int[]> keys = new ArrayList<>();

      Builder(int levels) {
        this.levels = levels;
      }

      /** Admission {@code i} with {@code counts} = tp, fp, fn of each level (copied). */
      void add(int i, int[] counts) {
        ClassKey probe = new ClassKey(counts);
        Integer c = ids.get(probe);
        if (c == null) {
          int[] key = counts.clone();
          c = keys.size();
          ids.put(new ClassKey(key), c);
          keys.add(key);
        }
        admissions.add(i);
        classList.add(c);
      }

      MicroTable build() {
        return new MicroTable(levels, admissions.toArray(), classList.toArray(), keys);
      }
    }

    private MicroTable(int levels, int[] admission, int[] classOf, List<int[]> keys) {
      this.levels = levels;
      this.admission = admission;
      this.classOf = classOf;
      int stride = 3 * levels;
      classes = keys.size();
      counts = new int[classes * stride];
      int largest = 0;
      for (int c = 0; c < classes; c++) {
        for (int x = 0; x < stride; x++) {
          counts[c * stride + x] = keys.get(c)[x];
          largest = Math.max(largest, keys.get(c)[x]);
        }
      }
      largestCount = largest;
    }

    void resample(int[] lanes, Scratch scratch, double[][][] values, int b, int used, int maxWeight) {
      int[] hist = scratch.microHist;
      Arrays.fill(hist, 0);
      for (int e = 0; e < admission.length; e++) {
        int h = classOf[e] * LANES;
        int a = admission[e] * LANES;
        for (int lane = 0; lane < LANES; lane++) {
          hist[h + lane] += lanes[a + lane];
        }
      }
      values(scratch, values, b, used, maxWeight);
    }

    /** The micro P, R, F1 of every level and lane from the class histogram in {@code scratch} (already filled). */
    void values(Scratch scratch, double[][][] values, int b, int used, int maxWeight) {
      int[] hist = scratch.microHist;
      // tp, fp and fn of every level and lane: counts · histogram, exact whatever the order; in ints when no sum can
      // overflow (every resample's multiplicities add up to at most maxWeight).
      int stride = 3 * levels;
      long[] sums = new long[stride * LANES];
      if ((long) maxWeight * largestCount <= Integer.MAX_VALUE) {
        int[] small = scratch.microSums;
        Arrays.fill(small, 0);
        for (int c = 0; c < classes; c++) {
          int h = c * LANES;
          for (int k = 0; k < stride; k++) {
            int count = counts[c * stride + k];
            if (count != 0) {
              int o = k * LANES;
              for (int lane = 0; lane < LANES; lane++) {
                small[o + lane] += hist[h + lane] * count;
              }
            }
          }
        }
        for (int x = 0; x < sums.length; x++) {
          sums[x] = small[x];
        }
      } else {
        for (int c = 0; c < classes; c++) {
          for (int k = 0; k < stride; k++) {
            for (int lane = 0; lane < LANES; lane++) {
              sums[k * LANES + lane] += (long) hist[c * LANES + lane] * counts[c * stride + k];
            }
          }
        }
      }
      for (int lane = 0; lane < used; lane++) {
        for (int l = 0; l < levels; l++) {
          Counts micro = new Counts(sums[3 * l * LANES + lane], sums[(3 * l + 1) * LANES + lane],
              sums[(3 * l + 2) * LANES + lane]);
          values[l][LevelMetrics.MICRO][b + lane] = micro.precision();
          values[l][LevelMetrics.MICRO + 1][b + lane] = micro.recall();
          values[l][LevelMetrics.MICRO + 2][b + lane] = micro.f1();
        }
      }
    }
  }

  /** Per-thread buffers of one view, per lane where a lane needs its own. */
  private static final class Scratch {
    final int[][] classHist;
    final int[][] countHist;
    final double[][] apSums;
    final int[] ranked = new int[LANES];
    final double[][] rankSums;
    final long[][] codeTp;
    final long[][] codeFp;
    final long[][] codeFn;
    final double[] row;
    final int[] microHist;
    final int[] microSums;

    Scratch(View v) {
      Table[] tables = v.tables == null ? new Table[0] : v.tables;
      classHist = new int[tables.length][];
      countHist = new int[tables.length][];
      apSums = new double[tables.length][LANES];
      rankSums = new double[tables.length][];
      codeTp = new long[tables.length][];
      codeFp = new long[tables.length][];
      codeFn = new long[tables.length][];
      int width = 0;
      for (int l = 0; l < tables.length; l++) {
        classHist[l] = new int[tables[l].classes * LANES];
        countHist[l] = new int[tables[l].countClasses * LANES];
        rankSums[l] = new double[(2 * tables[l].kc + 1) * LANES];
        width = Math.max(width, LevelMetrics.size(tables[l].kc));
        if (v.macro) {
          int keys = tables[l].keys;
          codeTp[l] = new long[keys];
          codeFp[l] = new long[keys];
          codeFn[l] = new long[keys];
        }
      }
      row = new double[width];
      microHist = v.micro == null ? null : new int[v.micro.classes * LANES];
      microSums = v.micro == null ? null : new int[3 * v.micro.levels * LANES];
    }
  }

  /**
   * One level's admissions reduced to what a resample needs: a class id per admission for equal (tp, fp, fn, |gold|,
   * hits@k…, hits@|gold|), each class pointing to a count class of equal (tp, fp, fn), plus AP per admission.
   */
  private static final class Table {
    /** The level's scores when macro averages are resampled (their per-admission items), else null. */
    final LevelScores scores;
    final int keys;
    final int kc;
    final int[] classOf;
    final int classes;
    /** Per class: its count class, whether it has gold, and P@k…, R@k…, R-precision (stride 2·kc + 1). */
    final int[] countClassOf;
    final boolean[] hasGold;
    final double[] rankValues;
    final int countClasses;
    final long[] cTp;
    final long[] cFp;
    final long[] cFn;
    final double[] cP;
    final double[] cR;
    final double[] cF1;
    final double[] cJ;
    final long[] cExact;
    /** AP per admission, 0 when it has no gold (such admissions are outside the ranked average anyway). */
    final double[] ap;

    Table(LevelScores s, boolean macro) {
      scores = macro ? s : null;
      keys = s.keys.length;
      kc = s.ks.length;
      int n = s.n;
      int stride = 2 * kc + 1;
      Map<Long, Integer> counts = new HashMap<>();
      long[] countKeys = new long[Math.max(1, n)];
      Map<ClassKey, Integer> joint = new HashMap<>();
      int[] countOf = new int[Math.max(1, n)];
      boolean[] gold = new boolean[Math.max(1, n)];
      double[] values = new double[Math.max(1, n) * stride];
      classOf = new int[n];
      ap = new double[n];
      for (int i = 0; i < n; i++) {
        long countKey = ((long) s.tp[i] << 42) | ((long) s.fp[i] << 21) | s.fn[i];
        Integer cc = counts.get(countKey);
        if (cc == null) {
          cc = counts.size();
          counts.put(countKey, cc);
          countKeys[cc] = countKey;
        }
        int g = s.gold[i];
        int[] key = new int[kc + 3];
        key[0] = cc;
        key[1] = g;
        for (int x = 0; x < kc; x++) {
          key[2 + x] = s.hitsAtK[x][i];
        }
        key[kc + 2] = s.hitsAtR[i];
        ClassKey ck = new ClassKey(key);
        Integer c = joint.get(ck);
        if (c == null) {
          c = joint.size();
          joint.put(ck, c);
          countOf[c] = cc;
          gold[c] = g > 0;
          if (g > 0) {
            for (int x = 0; x < kc; x++) {
              values[c * stride + x] = (double) key[2 + x] / s.ks[x];
              values[c * stride + kc + x] = (double) key[2 + x] / g;
            }
            values[c * stride + 2 * kc] = (double) key[kc + 2] / g;
          }
        }
        classOf[i] = c;
        ap[i] = g == 0 ? 0.0 : s.ap[i];
      }
      classes = joint.size();
      countClassOf = Arrays.copyOf(countOf, classes);
      hasGold = Arrays.copyOf(gold, classes);
      rankValues = Arrays.copyOf(values, classes * stride);

      countClasses = counts.size();
      cTp = new long[countClasses];
      cFp = new long[countClasses];
      cFn = new long[countClasses];
      cP = new double[countClasses];
      cR = new double[countClasses];
      cF1 = new double[countClasses];
      cJ = new double[countClasses];
      cExact = new long[countClasses];
      int mask = (1 << 21) - 1;
      for (int c = 0; c < countClasses; c++) {
        int tp = (int) (countKeys[c] >>> 42);
        int fp = (int) (countKeys[c] >>> 21) & mask;
        int fn = (int) countKeys[c] & mask;
        cTp[c] = tp;
        cFp[c] = fp;
        cFn[c] = fn;
        cP[c] = LevelMetrics.precision(tp, fp, fn);
        cR[c] = LevelMetrics.recall(tp, fp, fn);
        cF1[c] = LevelMetrics.f1(tp, fp, fn);
        cJ[c] = LevelMetrics.jaccard(tp, fp, fn);
        cExact[c] = fp == 0 && fn == 0 ? 1 : 0;
      }
    }

    /**
     * The metric vectors of {@code used} resamples from their class histograms and AP sums (already filled), into
     * {@code values[slot][b + lane]}.
     */
    void resample(int[] lanes, Scratch scratch, int level, boolean macro, double[][] values, int b, int used) {
      int[] jh = scratch.classHist[level];
      int[] ch = scratch.countHist[level];
      int[] ranked = scratch.ranked;
      double[] rankSums = scratch.rankSums[level];
      Arrays.fill(ch, 0);
      Arrays.fill(ranked, 0);
      Arrays.fill(rankSums, 0.0);
      int stride = 2 * kc + 1;
      // Unrolled over the eight lanes (LANES): each lane's sums are made in class order, as a resample alone makes them.
      for (int c = 0; c < classes; c++) {
        int hc = c * LANES;
        int cc = countClassOf[c] * LANES;
        int j0 = jh[hc];
        int j1 = jh[hc + 1];
        int j2 = jh[hc + 2];
        int j3 = jh[hc + 3];
        int j4 = jh[hc + 4];
        int j5 = jh[hc + 5];
        int j6 = jh[hc + 6];
        int j7 = jh[hc + 7];
        ch[cc] += j0;
        ch[cc + 1] += j1;
        ch[cc + 2] += j2;
        ch[cc + 3] += j3;
        ch[cc + 4] += j4;
        ch[cc + 5] += j5;
        ch[cc + 6] += j6;
        ch[cc + 7] += j7;
        if (hasGold[c]) {
          ranked[0] += j0;
          ranked[1] += j1;
          ranked[2] += j2;
          ranked[3] += j3;
          ranked[4] += j4;
          ranked[5] += j5;
          ranked[6] += j6;
          ranked[7] += j7;
          // (double) of the int count: the same value as of the long count a resample alone multiplies by
          double h0 = j0;
          double h1 = j1;
          double h2 = j2;
          double h3 = j3;
          double h4 = j4;
          double h5 = j5;
          double h6 = j6;
          double h7 = j7;
          int base = c * stride;
          for (int x = 0; x < stride; x++) {
            double value = rankValues[base + x];
            int rx = x * LANES;
            rankSums[rx] += h0 * value;
            rankSums[rx + 1] += h1 * value;
            rankSums[rx + 2] += h2 * value;
            rankSums[rx + 3] += h3 * value;
            rankSums[rx + 4] += h4 * value;
            rankSums[rx + 5] += h5 * value;
            rankSums[rx + 6] += h6 * value;
            rankSums[rx + 7] += h7 * value;
          }
        }
      }
      double[] row = scratch.row;
      for (int lane = 0; lane < used; lane++) {
        long total = 0;
        long tp = 0;
        long fp = 0;
        long fn = 0;
        long exact = 0;
        double p = 0;
        double r = 0;
        double f = 0;
        double j = 0;
        for (int c = 0; c < countClasses; c++) {
          long h = ch[c * LANES + lane];
          if (h != 0) {
            total += h;
            tp += h * cTp[c];
            fp += h * cFp[c];
            fn += h * cFn[c];
            exact += h * cExact[c];
            p += h * cP[c];
            r += h * cR[c];
            f += h * cF1[c];
            j += h * cJ[c];
          }
        }
        Counts micro = new Counts(tp, fp, fn);
        row[LevelMetrics.MICRO] = micro.precision();
        row[LevelMetrics.MICRO + 1] = micro.recall();
        row[LevelMetrics.MICRO + 2] = micro.f1();
        row[LevelMetrics.SAMPLE] = div(p, total);
        row[LevelMetrics.SAMPLE + 1] = div(r, total);
        row[LevelMetrics.SAMPLE + 2] = div(f, total);
        row[LevelMetrics.SAMPLE + 3] = div(j, total);
        row[LevelMetrics.SAMPLE + 4] = Counts.ratio(exact, total);
        row[LevelMetrics.MAP] = div(scratch.apSums[level][lane], ranked[lane]);
        for (int x = 0; x < stride; x++) {
          row[LevelMetrics.P_AT_K + x] = div(rankSums[x * LANES + lane], ranked[lane]);
        }
        if (macro) {
          macro(lanes, lane, scratch, level, row);
        }
        int slots = macro ? LevelMetrics.size(kc) : LevelMetrics.macroGold(kc);
        for (int slot = 0; slot < slots; slot++) {
          values[slot][b + lane] = row[slot];
        }
      }
    }

    /** Macro-gold and macro-all P, R, F1 of one lane's resample from the admissions' items. */
    private void macro(int[] lanes, int lane, Scratch scratch, int level, double[] row) {
      long[] ctp = scratch.codeTp[level];
      long[] cfp = scratch.codeFp[level];
      long[] cfn = scratch.codeFn[level];
      Arrays.fill(ctp, 0);
      Arrays.fill(cfp, 0);
      Arrays.fill(cfn, 0);
      int n = lanes.length / LANES;
      for (int i = 0; i < n; i++) {
        int wi = lanes[i * LANES + lane];
        if (wi == 0) {
          continue;
        }
        for (int t = scores.itemStart[i]; t < scores.itemStart[i + 1]; t++) {
          int k = scores.itemKey[t];
          switch (scores.itemKind[t]) {
            case 0 -> ctp[k] += wi;
            case 1 -> cfn[k] += wi;
            default -> cfp[k] += wi;
          }
        }
      }
      LevelMetrics.macro(ctp, cfp, cfn, row, LevelMetrics.macroGold(kc), false);
    }

    private static double div(double sum, long count) {
      return count == 0 ? 0.0 : sum / count;
    }
  }

  private record ClassKey(int[] values) {
    @Override
    public boolean equals(Object o) {
      return o instanceof ClassKey other && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
      // Arrays.hashCode collides heavily on tuples of small counts; mix every element (murmur3 finaliser steps).
      int h = 0x9E3779B9;
      for (int v : values) {
        h = Integer.rotateLeft(h ^ (v * 0xCC9E2D51), 15) * 0x1B873593;
      }
      h ^= h >>> 16;
      h *= 0x85EBCA6B;
      h ^= h >>> 13;
      return h;
    }

    @Override
    public String toString() {
      return Arrays.toString(values);
    }
  }
}
