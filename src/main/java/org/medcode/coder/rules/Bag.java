package org.medcode.coder.rules;

import java.util.Arrays;

/** A set of term ids in ascending order, usable as a map key. */
record Bag(int[] ids) {

  static Bag of(int[] ids) {
    int[] sorted = ids.clone();
    Arrays.sort(sorted);
    int n = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        sorted[n++] = sorted[i];
      }
    }
    return new Bag(n == sorted.length ? sorted : Arrays.copyOf(sorted, n));
  }

  boolean containsAll(Bag other) {
    for (int id : other.ids) {
      if (Arrays.binarySearch(ids, id) < 0) {
        return false;
      }
    }
    return true;
  }

  /** This bag without {@code removed}'s ids, plus {@code added}'s. */
  Bag replace(Bag removed, Bag added) {
    int[] kept = Arrays.stream(ids).filter(id -> Arrays.binarySearch(removed.ids, id) < 0).toArray();
    int[] all = Arrays.copyOf(kept, kept.length + added.ids.length);
    System.arraycopy(added.ids, 0, all, kept.length, added.ids.length);
    return of(all);
  }

  int size() {
    return ids.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bag other && Arrays.equals(ids, other.ids);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ids);
  }

  @Override
  public String toString() {
    return Arrays.toString(ids);
  }
}
