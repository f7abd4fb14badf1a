package org.medcode.dataset;

/** Character offsets [start, end) into one note of an admission, with the quoted text when known. */
public record EvidenceSpan(int note, int start, int end, String text) {
  public EvidenceSpan {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
    }
  }
}
