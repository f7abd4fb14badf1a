package org.medcode;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Short ASCII fields (codes, scores, system labels) as {@code long} keys, for readers of large files that look up the
 * same few thousand values millions of times: a field of up to eight bytes is packed into one {@code long}
 * ({@link #pack}) and found in a {@link Table} without making a string for it.
 */
public final class PackedKeys {
  private PackedKeys() {}

  /**
   * Up to eight ASCII bytes as one {@code long} (first byte lowest): a key for {@link Table}, the same for the same
   * bytes and different for different ones; 0 (no key) when the range is empty, longer or holds a byte 0x00 or above
   * 0x7F.
   */
  public static long pack(byte[] b, int start, int end) {
    int n = end - start;
    if (n <= 0 || n > 8) {
      return 0;
    }
    long key = 0;
    for (int i = end - 1; i >= start; i--) {
      if (b[i] <= 0) {
        return 0;
      }
      key = key << 8 | b[i];
    }
    return key;
  }

  /** Whether the ASCII bytes {@code b[start, end)} are {@code text}, compared without making a string. */
  public static boolean sameText(byte[] b, int start, int end, String text) {
    if (end - start != text.length()) {
      return false;
    }
    for (int k = 0; k < text.length(); k++) {
      if (b[start + k] != text.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** An open-addressing map from non-zero {@code long} keys to values, for the few distinct codes and scores. */
  public static final class Table<V> {
    private long[] keys = new long[1024];
    private Object[] values = new Object[1024];
    private int size;

    public int size() {
      return size;
    }

    @SuppressWarnings("unchecked")
    public V get(long key) {
      int mask = keys.length - 1;
      for (int i = slot(key, mask); ; i = i + 1 & mask) {
        long k = keys[i];
        if (k == key) {
          return (V) values[i];
        }
        if (k == 0) {
          return null;
        }
      }
    }

    /**
     * The value of the bytes {@code b[start, end)}: the one remembered for them, else {@code compute} of their text
     * (ASCII), remembered while the table holds fewer than {@code limit} values; bytes that make no key ({@link #pack})
     * are computed every time.
     */
    public V get(byte[] b, int start, int end, int limit, Function<String, V> compute) {
      long key = pack(b, start, end);
      V value = key == 0 ? null : get(key);
      if (value == null) {
        value = compute.apply(new String(b, start, end - start, StandardCharsets.ISO_8859_1));
        if (key != 0 && size < limit) {
          put(key, value);
        }
      }
      return value;
    }

    public void put(long key, V value) {
      if (2 * (size + 1) > keys.length) {
        grow();
      }
      int mask = keys.length - 1;
      int i = slot(key, mask);
      while (keys[i] != 0 && keys[i] != key) {
        i = i + 1 & mask;
      }
      if (keys[i] == 0) {
        size++;
      }
      keys[i] = key;
      values[i] = value;
    }

    private void grow() {
      long[] oldKeys = keys;
      Object[] oldValues = values;
      keys = new long[oldKeys.length * 2];
      values = new Object[oldKeys.length * 2];
      int mask = keys.length - 1;
      for (int j = 0; j < oldKeys.length; j++) {
        if (oldKeys[j] != 0) {
          int i = slot(oldKeys[j], mask);
          while (keys[i] != 0) {
            i = i + 1 & mask;
          }
          keys[i] = oldKeys[j];
          values[i] = oldValues[j];
        }
      }
    }

    private static int slot(long key, int mask) {
      long h = key * 0x9E3779B97F4A7C15L;
      return (int) (h >>> 32) & mask;
    }
  }
}
