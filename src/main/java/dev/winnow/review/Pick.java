package dev.winnow.review;

import java.util.Locale;
import java.util.Optional;

/** A person's or a judge's call on one candidate. */
public enum Pick {
  ACCEPT,
  REJECT;

  /** How the review log spells it ({@code accept}, {@code reject}). */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Pick> parse(String text) {
    if (text == null) return Optional.empty();
    for (Pick p : values()) if (p.code().equalsIgnoreCase(text.trim())) return Optional.of(p);
    return Optional.empty();
  }
}
