package org.medcode.coder;

import java.util.List;

/** Tests' listener that keeps the warnings a run or coder gives (notes are dropped). */
public final class Warnings {
  private Warnings() {}

  public static RunListener into(List<String> warnings) {
    return new RunListener() {
      @Override
      public void note(String message) {}

      @Override
      public void warning(String message) {
        warnings.add(message);
      }
    };
  }
}
