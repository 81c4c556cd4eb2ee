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
}
