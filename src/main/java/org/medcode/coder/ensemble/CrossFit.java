package org.medcode.coder.ensemble;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.medcode.Plural;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderResult;
import org.medcode.coder.Refittable;
import org.medcode.coder.training.CodeIdentity;
import org.medcode.coder.training.ModelFolders;
import org.medcode.coder.training.TrainingData;
import org.medcode.codesystem.CodeTable;
import org.medcode.dataset.Admission;

/**
 * Out-of-fold answers of one ensemble member on the training split: the training admissions are dealt into k folds by
 * patient (seeded); for each fold the member is created again ({@link Refittable#refit}) on the other folds and codes
 * the fold. So every training admission gets the answer of a member that never learned from it, which is what the
 * ensemble learns from. The answers are cached like models, under {@code <cacheDir>/ensemble-oof/}, keyed by the
 * coders' compiled code ({@link CodeIdentity}), the member's identity (factory, parameters and the libraries that decide
 * its answers, such as the rules coder's Lucene), the table, the seed, k
 * and the training content; a second run reads them.
 */
final class CrossFit {
  private CrossFit() {}

  /** Where a member's out-of-fold answers came from. */
  enum Origin { CACHE, CROSS_FITTED, IN_SAMPLE }

  /** Out-of-fold answers, one ranked list per training admission, in training order. */
  record Answers(List<List<CodeSuggestion>> byAdmission, Origin origin) {}

  /**
   * The member's out-of-fold answers. A member that cannot be refitted answers the training admissions as it is
   * ({@link Origin#IN_SAMPLE}; fine for members that learn nothing from the training split, optimistic for others).
   */
  static Answers answers(String id, Coder member, CoderContext context, int k) throws Exception {
    List<Admission> training = context.training();
    if (!(member instanceof Refittable refittable)) {
      AtomicReference<CoderResult.Usage> used = new AtomicReference<>(CoderResult.Usage.NONE);
      List<List<CodeSuggestion>> answers = code(member, training, IntStream.range(0, training.size()).boxed().toList(),
          used);
      if (used.get().calls() > 0) { // never silent: these requests are in no coder's usage, cost or budget
        context.listener().warning("ensemble: member " + id + " sent " + Plural.of(used.get().calls(), "request") + " ("
            + used.get().inputTokens() + " input and " + used.get().outputTokens() + " output tokens) for the "
            + Plural.of(training.size(), "training admission")
            + " while the ensemble was created; they are in no coder's recorded"
            + " usage or cost, and no budget held them");
      }
      return new Answers(answers, Origin.IN_SAMPLE);
    }
    // everything a member learns from: the admissions, their gold codes and the codes' evidence spans (the rules coder
    // learns phrases from them), and the content of the files its parameters name
    String key = ModelFolders.sha256("ensemble-oof 5\ncode " + CodeIdentity.of(Coder.class, CodeTable.class) + "\n"
        + refittable.identity() + "\n" + context.table().system().id().label()
        + " " + context.table().identity() + "\nseed " + context.seed() + "\nfolds " + k + "\n"
        + TrainingData.contentSha256(training, context.table().system().id()) + "\nevidence "
        + TrainingData.evidenceSha256(training, context.table().system().id())).substring(0, 16);
    Path file = context.cacheDir().resolve("ensemble-oof").resolve(safe(id) + "-" + key + ".tsv");
    if (Files.isRegularFile(file)) {
      List<List<CodeSuggestion>> cached = read(file, training);
      if (cached != null) {
        return new Answers(cached, Origin.CACHE);
      }
      context.listener().warning("ensemble: the cached out-of-fold answers " + file + " are incomplete (cut or edited);"
          + " member " + id + " is cross-fitted again");
    }
    int[] fold = TrainingData.folds(training, k, context.seed());
    int folds = java.util.Arrays.stream(fold).max().orElse(0) + 1;
    List<List<CodeSuggestion>> answers = new ArrayList<>(java.util.Collections.nCopies(training.size(), List.of()));
    for (int f = 0; f < folds; f++) {
      List<Admission> fitted = new ArrayList<>();
      List<Integer> held = new ArrayList<>();
      for (int a = 0; a < training.size(); a++) {
        if (folds == 1 || fold[a] != f) {
          fitted.add(training.get(a));
        }
        if (folds == 1 || fold[a] == f) {
          held.add(a);
        }
      }
      context.listener().note("ensemble: cross-fitting member " + id + ", fold " + (f + 1) + " of " + folds + " ("
          + fitted.size() + " training admissions, coding " + held.size() + ")");
      List<List<CodeSuggestion>> coded = codeWithCopy(refittable, fitted, training, held);
      for (int i = 0; i < held.size(); i++) {
        answers.set(held.get(i), coded.get(i));
      }
    }
    write(file, training, answers, context);
    return new Answers(answers, Origin.CROSS_FITTED);
  }

  /**
   * The answers on the {@code held} training admissions of a copy of the member learning from {@code fitted}: the copy
   * is opened before it codes and closed after, so that a coder holding resources (a worker process) ends them.
   */
  private static List<List<CodeSuggestion>> codeWithCopy(Refittable member, List<Admission> fitted,
      List<Admission> training, List<Integer> held) throws Exception {
    Coder copy = member.refit(fitted);
    try {
      copy.open(held.stream().map(training::get).toList());
      return code(copy, training, held, new AtomicReference<>(CoderResult.Usage.NONE));
    } finally {
      copy.close();
    }
  }

  private static List<List<CodeSuggestion>> code(Coder coder, List<Admission> admissions, List<Integer> which,
      AtomicReference<CoderResult.Usage> used) throws Exception {
    List<List<CodeSuggestion>> out = new ArrayList<>(java.util.Collections.nCopies(which.size(), List.of()));
    if (coder.threadSafe()) {
      try {
        IntStream.range(0, which.size()).parallel().forEach(i -> {
          try {
            out.set(i, answer(coder, admissions.get(which.get(i)), used));
          } catch (Exception e) {
            throw new Failure(e);
          }
        });
      } catch (Failure failure) {
        throw (Exception) failure.getCause();
      }
    } else {
      for (int i = 0; i < which.size(); i++) {
        out.set(i, answer(coder, admissions.get(which.get(i)), used));
      }
    }
    return out;
  }

  /** The coder's codes for one admission, its usage added to {@code used}. */
  private static List<CodeSuggestion> answer(Coder coder, Admission admission, AtomicReference<CoderResult.Usage> used)
      throws Exception {
    CoderResult result = coder.code(admission);
    if (result.usage() != null) {
      used.accumulateAndGet(result.usage(), CoderResult.Usage::total);
    }
    return result.codes();
  }

  /** Carries a member's checked exception out of a parallel stream. */
  private static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(Exception cause) {
      super(cause);
    }
  }

  /** TSV: admission id, rank (1-based), code, score (empty when none); one line per code, admissions in training order. */
  private static void write(Path file, List<Admission> training, List<List<CodeSuggestion>> answers,
      CoderContext context) {
    Path temporary = null;
    try {
      Files.createDirectories(file.getParent());
      temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
        out.write("admission_id\trank\tcode\tscore\n");
        java.security.MessageDigest digest = sha256();
        for (int a = 0; a < training.size(); a++) {
          List<CodeSuggestion> answer = answers.get(a);
          for (int r = 0; r < answer.size(); r++) {
            CodeSuggestion c = answer.get(r);
            String line = training.get(a).id() + "\t" + (r + 1) + "\t" + c.code() + "\t"
                + (c.score() == null ? "" : Double.toString(c.score()));
            digest.update((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.write(line + "\n");
          }
        }
        out.write(END + training.size() + "\t" + java.util.HexFormat.of().formatHex(digest.digest()) + "\n");
      }
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // a read-only or full cache folder: the answers made now are used, and the next run cross-fits again
      context.listener().warning("ensemble: " + ModelFolders.notCached("out-of-fold answers", file, e.getMessage(),
          "those made now are used, and the next run cross-fits again"));
      if (temporary != null) {
        ModelFolders.deleteQuietly(temporary);
      }
    }
  }

  /**
   * The last line of a complete file: this prefix, the number of training admissions and the SHA-256 of the lines
   * between the header and it (each with its new line), so that a line cut, dropped or edited since is found.
   */
  private static final String END = "#end\t";

  private static java.security.MessageDigest sha256() {
    try {
      return java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /**
   * The cached answers, or null when the file is not whole: no end line for these admissions, lines that are not the
   * ones written (the end line's SHA-256), an admission that is not in the training split, or ranks out of order.
   */
  private static List<List<CodeSuggestion>> read(Path file, List<Admission> training) {
    Map<String, List<CodeSuggestion>> byId = new HashMap<>();
    java.util.Set<String> ids = new java.util.HashSet<>();
    training.forEach(a -> ids.add(a.id()));
    java.security.MessageDigest digest = sha256();
    boolean ended = false;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      in.readLine();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (ended) {
          return null; // text after the end line
        }
        if (line.startsWith(END)) {
          ended = line.equals(END + training.size() + "\t" + java.util.HexFormat.of().formatHex(digest.digest()));
          if (!ended) {
            return null;
          }
          continue;
        }
        digest.update((line + "\n").getBytes(StandardCharsets.UTF_8));
        String[] f = line.split("\t", -1);
        if (f.length != 4 || !ids.contains(f[0])
            || !f[1].equals(Integer.toString(byId.getOrDefault(f[0], List.of()).size() + 1))) {
          return null;
        }
        try {
          byId.computeIfAbsent(f[0], k -> new ArrayList<>())
              .add(new CodeSuggestion(f[2], f[3].isEmpty() ? null : Double.parseDouble(f[3])));
        } catch (NumberFormatException e) {
          return null;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read cached out-of-fold answers " + file + ": " + e.getMessage(), e);
    }
    if (!ended) {
      return null;
    }
    List<List<CodeSuggestion>> answers = new ArrayList<>();
    training.forEach(a -> answers.add(byId.getOrDefault(a.id(), List.of())));
    return answers;
  }

  private static String safe(String id) {
    return id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "_");
  }
}
