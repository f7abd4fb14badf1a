package org.medcode.coder.training;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;

/** Helpers over training admissions: gold sets of one system, a content hash, and the seeded validation carve. */
public final class TrainingData {
  private TrainingData() {}

  /** The admission's gold codes of {@code system}, sorted. */
  public static Set<String> gold(Admission admission, CodeSystemId system) {
    Set<String> codes = new TreeSet<>();
    for (GoldCode code : admission.codes()) {
      if (code.system() == system) {
        codes.add(code.code());
      }
    }
    return codes;
  }

  /**
   * SHA-256 over the evidence spans of each admission's gold codes of {@code system} (note, start, end, text), in order:
   * what a coder that learns phrases from evidence (the rules coder) learns besides {@link #contentSha256}.
   */
  public static String evidenceSha256(List<Admission> admissions, CodeSystemId system) {
    MessageDigest digest = ModelFolders.newSha256();
    for (Admission admission : admissions) {
      update(digest, admission.id());
      for (org.medcode.dataset.GoldCode code : admission.codes()) {
        if (code.system() == system && !code.evidence().isEmpty()) {
          update(digest, code.code());
          for (org.medcode.dataset.EvidenceSpan span : code.evidence()) {
            update(digest, span.note() + " " + span.start() + " " + span.end() + " " + span.text());
          }
        }
      }
      update(digest, "\u0000end");
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * SHA-256 over what a model learns from: each admission's id, patient, text and gold codes of {@code system} (sorted), in
   * order, length-prefixed. The cache key of models trained during a run.
   */
  public static String contentSha256(List<Admission> admissions, CodeSystemId system) {
    MessageDigest digest = ModelFolders.newSha256();
    for (Admission admission : admissions) {
      update(digest, admission.id());
      update(digest, "patient " + admission.patientId()); // the validation part and the folds are drawn by patient
      update(digest, admission.text());
      for (String code : gold(admission, system)) {
        update(digest, code);
      }
      update(digest, "\u0000end");
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void update(MessageDigest digest, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    digest.update((bytes.length + ":").getBytes(StandardCharsets.UTF_8));
    digest.update(bytes);
  }

  /**
   * The fold (0 to k - 1) of each admission for k-fold cross-fitting: whole patients at a time, patients in sorted order
   * shuffled with {@code seed} and dealt round-robin, so no patient is in two folds. Every admission is in fold 0 when
   * fewer than two folds are asked for or fewer than two patients are given; there are never more folds than patients.
   */
  public static int[] folds(List<Admission> admissions, int k, long seed) {
    TreeSet<String> patients = new TreeSet<>();
    admissions.forEach(a -> patients.add(a.patientKey()));
    int folds = Math.min(k, patients.size());
    int[] fold = new int[admissions.size()];
    if (folds < 2) {
      return fold;
    }
    List<String> order = new ArrayList<>(patients);
    Collections.shuffle(order, new Random(seed));
    Map<String, Integer> byPatient = new java.util.HashMap<>();
    for (int i = 0; i < order.size(); i++) {
      byPatient.put(order.get(i), i % folds);
    }
    for (int a = 0; a < admissions.size(); a++) {
      fold[a] = byPatient.get(admissions.get(a).patientKey());
    }
    return fold;
  }

  /** Fit and validation admissions, disjoint. */
  public record Split(List<Admission> fit, List<Admission> validation) {}

  /**
   * Holds out about {@code fraction} of the admissions for validation, whole patients at a time (patients in sorted
   * order, shuffled with {@code seed}), so no patient is on both sides. Nothing is held out when the fraction is 0 or
   * fewer than 5 admissions are given. Both parts keep the input order.
   */
  public static Split carve(List<Admission> admissions, double fraction, long seed) {
    if (fraction <= 0 || admissions.size() < 5) {
      return new Split(admissions, List.of());
    }
    Map<String, Integer> patients = new TreeMap<>();
    admissions.forEach(a -> patients.merge(a.patientKey(), 1, Integer::sum));
    List<String> order = new ArrayList<>(patients.keySet());
    Collections.shuffle(order, new Random(seed));
    long wanted = Math.max(1, Math.round(fraction * admissions.size()));
    Set<String> held = new TreeSet<>();
    int count = 0;
    for (String patient : order) {
      if (count >= wanted || held.size() + 1 == patients.size()) {
        break;
      }
      held.add(patient);
      count += patients.get(patient);
    }
    List<Admission> fit = new ArrayList<>();
    List<Admission> validation = new ArrayList<>();
    for (Admission admission : admissions) {
      (held.contains(admission.patientKey()) ? validation : fit).add(admission);
    }
    return new Split(fit, validation);
  }
}
