package dev.winnow.review;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A reviewer's decision on one candidate, with an optional 1-5 rating, who made it and what it cost (a vision
 * model's call; zero for a person or the auto reviewer).
 */
public record Verdict(boolean accepted, Integer rating, String reviewer, String reason, BigDecimal costUsd) {
  public Verdict {
    Objects.requireNonNull(reviewer, "reviewer");
    Objects.requireNonNull(costUsd, "costUsd");
    if (rating != null && (rating < 1 || rating > 5)) throw new IllegalArgumentException("rating must be 1..5 (got " + rating + ")");
  }

  public static Verdict accept(String reviewer, String reason) {
    return new Verdict(true, null, reviewer, reason, BigDecimal.ZERO);
  }

  public static Verdict reject(String reviewer, String reason) {
    return new Verdict(false, null, reviewer, reason, BigDecimal.ZERO);
  }
}
