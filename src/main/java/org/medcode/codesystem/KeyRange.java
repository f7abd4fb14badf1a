package org.medcode.codesystem;

import java.util.List;
import java.util.Optional;

/**
 * A titled range of equally long keys such as {@code 001-139} or {@code N40-N53}, compared character by character
 * (ASCII order: digits before letters, so {@code I1A} lies in {@code I10-I1A}).
 */
record KeyRange(String key, String low, String high, String title) {

  /** A range written as {@code LOW-HIGH} or a single key such as {@code 17}. */
  static KeyRange parse(String key, String title) {
    int dash = key.indexOf('-');
    return dash < 0 ? new KeyRange(key, key, key, title)
        : new KeyRange(key, key.substring(0, dash), key.substring(dash + 1), title);
  }

  boolean contains(String value) {
    return value.length() == low.length() && value.compareTo(low) >= 0 && value.compareTo(high) <= 0;
  }

  /** The first range containing {@code value}. */
  static Optional<KeyRange> find(List<KeyRange> ranges, String value) {
    for (KeyRange range : ranges) {
      if (range.contains(value)) {
        return Optional.of(range);
      }
    }
    return Optional.empty();
  }

  /** The title of the range whose key is {@code key}. */
  static Optional<String> title(List<KeyRange> ranges, String key) {
    return ranges.stream().filter(range -> range.key.equals(key)).map(KeyRange::title).findFirst();
  }
}
