package dev.winnow.spec;

import java.text.Normalizer;
import java.util.Locale;

/** File-name-safe, readable slugs of prompts: "Misty mountains at dawn!" becomes "misty-mountains-at-dawn". */
public final class Slug {
  private Slug() {}

  public static String of(String text, int maxLength) {
    String ascii = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
    String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
    if (slug.length() > maxLength) slug = slug.substring(0, maxLength).replaceAll("-+$", "");
    return slug.isEmpty() ? "prompt" : slug;
  }
}
