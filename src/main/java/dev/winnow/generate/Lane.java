package dev.winnow.generate;

import java.util.Locale;

/**
 * How a request is served. Standard: synchronous at list price. Flex: synchronous, half price, best effort (a 1-15
 * minute target; requests can be dropped under load). Batch: an asynchronous job, half price, a 24 h target.
 */
public enum Lane {
  STANDARD,
  FLEX,
  BATCH;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static java.util.Optional<Lane> parse(String s) {
    for (Lane l : values()) if (l.label().equalsIgnoreCase(s == null ? "" : s.strip())) return java.util.Optional.of(l);
    return java.util.Optional.empty();
  }

  public static String allowed() {
    return "standard, flex, batch";
  }
}
