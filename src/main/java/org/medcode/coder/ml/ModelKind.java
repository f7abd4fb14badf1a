package org.medcode.coder.ml;

import java.util.Arrays;
import java.util.Locale;
import org.medcode.MedcodeException;

/** The kinds of model folders this package trains; the label is the coder name. */
public enum ModelKind {
  LINEAR("ml-linear"),
  KNN("ml-knn");

  private final String label;

  ModelKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static ModelKind of(String label) {
    String wanted = label.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(k -> k.label.equals(wanted)).findFirst()
        .orElseThrow(() -> new MedcodeException("unknown model kind '" + label + "'; known: ml-linear, ml-knn"));
  }
}
