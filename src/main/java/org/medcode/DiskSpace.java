package org.medcode;

/** Whether a failed write failed because the disk (or the user's quota) is full, so messages can say so plainly. */
public final class DiskSpace {
  private DiskSpace() {}

  /** True when the error or one of its causes says "No space left on device" or "Disk quota exceeded". */
  public static boolean exhausted(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t instanceof java.nio.file.FileSystemException fs ? fs.getReason() : t.getMessage();
      if (message != null && (message.contains("No space left on device") || message.contains("Disk quota exceeded"))) {
        return true;
      }
    }
    return false;
  }
}
