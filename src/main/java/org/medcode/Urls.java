package org.medcode;

/** URLs as messages may show them. */
public final class Urls {
  private Urls() {}

  /**
   * {@code url} up to its path, for an error about it: its user info shown as {@code …@}, and path parameters, query and
   * fragment cut with {@code …} in their place, as any of them may carry a key (a url pasted with
   * {@code ?api-key=…}).
   */
  public static String shown(String url) {
    String shown = url.split("[?#;]", 2)[0];
    int host = shown.contains("://") ? shown.indexOf("://") + 3 : 0;
    int at = shown.indexOf('@', host);
    if (at >= 0) {
      shown = shown.substring(0, host) + "…@" + shown.substring(at + 1);
    }
    return shown + (shown.length() < url.length() ? "…" : "");
  }
}
