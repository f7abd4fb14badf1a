package org.medcode.report;

/** User text (ids, run names, config values, titles) as plain Markdown text, for every Markdown file medcode writes. */
public final class MarkdownText {
  private MarkdownText() {}

  /**
   * The text as CommonMark/GFM shows it literally, in a table cell or not: each character Markdown or HTML would act on
   * ({@code \ ` * _ ~ [ ] < |}) is escaped with a backslash and an ampersand becomes {@code &amp;} (so {@code &amp;} in
   * the text is shown as written, not as {@code &}), and a line break or other control character becomes a space, so the
   * text can neither end its line or cell nor open a tag, link, code span, emphasis or strikethrough.
   */
  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        out.append(' ');
      } else if (c == '&') {
        out.append("&amp;");
      } else {
        if ("\\`*_~[]<|".indexOf(c) >= 0) {
          out.append('\\');
        }
        out.append(c);
      }
    }
    return out.toString();
  }
}
