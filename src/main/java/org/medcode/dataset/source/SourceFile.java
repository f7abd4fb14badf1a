package org.medcode.dataset.source;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One file (or, when {@code path} ends in {@code /}, one folder) of a public source. {@code url} is the file itself,
 * or a zip archive when {@code member} names the entry (or entry prefix, for a folder) to extract; {@code gzip}
 * compresses the extracted member. {@code sha256} is of the final file, null when no stable checksum exists.
 * {@code optional} files may be absent from a complete copy. {@code note} says how far url and checksum are verified.
 * {@code files}: how many files a folder entry holds in a complete copy (0: not known), so that a folder cut short (a
 * partial mirror, an interrupted copy) is not taken for the whole. {@code sums}: for a folder entry, the resource (beside
 * {@code sources.yaml}, in {@code sha256sum} format, paths relative to the source folder) listing the SHA-256 of each of
 * its files, so that a file of it cut, edited or not of the release at all is told, and named, as for {@code sha256}.
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record SourceFile(String path, String url, String member, String sha256, boolean optional, boolean gzip, String note,
    int files, String sums) {
  public SourceFile {
    if (files < 0 || files > 0 && !isFolder(path)) {
      throw new IllegalArgumentException("source file " + path + ": files (a count) is for folder entries only, at least 0");
    }
    if (path == null || path.isBlank() || path.startsWith("/") || path.contains("..") || path.contains("\\")) {
      throw new IllegalArgumentException("source file path must be relative and inside its folder: " + path);
    }
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("source file " + path + " has no url");
    }
    if (isFolder(path) && (member == null || !member.endsWith("/"))) {
      throw new IllegalArgumentException("folder " + path + " needs a zip member prefix ending in '/'");
    }
    if (sums != null && !isFolder(path)) {
      throw new IllegalArgumentException("source file " + path + ": sums (a checksum list) is for folder entries only");
    }
    if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("sha256 of " + path + " must be 64 lower-case hex digits");
    }
  }

  /** A plain download of {@code url} to {@code path}, verified against {@code sha256} when non-null. */
  public static SourceFile download(String path, String url, String sha256) {
    return new SourceFile(path, url, null, sha256, false, false, null, 0, null);
  }

  /** Whether this entry is a whole folder. */
  public boolean isFolder() {
    return isFolder(path);
  }

  private static boolean isFolder(String path) {
    return path.endsWith("/");
  }
}
