package dev.winnow.web;

/** Escaping for text and attribute values in the pages this package writes. Everything from the ledger goes through it. */
final class Html {
  private Html() {}

  /**
   * Opens a page of the gallery: doctype, charset, viewport, {@code title} (escaped) and the run's token for the
   * page's script. The caller adds its own {@code meta} tags, then closes the head.
   */
  static void open(StringBuilder h, String title, String token) {
    h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>").append(esc(title)).append("</title>")
        .append("<meta name=\"winnow-token\" content=\"").append(esc(token)).append("\">");
  }

  static String esc(Object value) {
    String s = String.valueOf(value);
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
