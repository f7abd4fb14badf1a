package org.medcode.dataset.mimic;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * A seeded sample that anyone can redo: each admission gets the key SHA-256("SEED:HADM_ID") (its first 8 bytes as an
 * unsigned big-endian number) and the {@code n} admissions with the smallest keys are kept. The sample of n is part of
 * the sample of n + 1 with the same seed, and it does not depend on the order in which admissions were read. In Python:
 * {@code int.from_bytes(hashlib.sha256(f"{seed}:{hadm_id}".encode()).digest()[:8], "big")}.
 */
final class Sampler {
  private Sampler() {}

  static long key(long seed, long hadmId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest((seed + ":" + hadmId).getBytes(StandardCharsets.US_ASCII));
      return ByteBuffer.wrap(digest, 0, 8).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** The {@code n} ids with the smallest keys, ascending by id. */
  static List<Long> sample(Collection<Long> ids, int n, long seed) {
    record Keyed(long id, long key) {}
    return ids.stream()
        .map(id -> new Keyed(id, key(seed, id)))
        .sorted(Comparator.comparing(Keyed::key, Long::compareUnsigned).thenComparingLong(Keyed::id))
        .limit(n)
        .map(Keyed::id)
        .sorted()
        .toList();
  }
}
