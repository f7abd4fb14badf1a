package org.medcode.dataset.source;

import java.util.List;

/** A public data source: where it lives under the data root, what it is, its licence and its files. */
public record Source(String name, String folder, String version, String licence, String homepage, String description,
    List<SourceFile> files) {
  public Source {
    if (name == null || folder == null || folder.contains("/") || folder.contains("..")) {
      throw new IllegalArgumentException("source needs a name and a plain folder name: " + name + ", " + folder);
    }
    files = List.copyOf(files);
  }
}
