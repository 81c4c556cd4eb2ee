package dev.winnow.review;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A reviewer's decision on one candidate, with an optional 1-5 rating, who made it, what it cost (a vision model's
 * call; zero for a person or the auto reviewer) and, from a judge, its score (0..1; null from a person), which
 * {@code --select best} ranks a prompt's drafts by.
 */
public record Verdict(boolean accepted, Integer rating, String reviewer, String reason, BigDecimal costUsd, Double score) {
  public Verdict {
    Objects.requireNonNull(reviewer, "reviewer");
    Objects.requireNonNull(costUsd, "costUsd");
    if (rating != null && (rating < 1 || rating > 5)) throw new IllegalArgumentException("rating must be 1..5 (got " + rating + ")");
    if (score != null && !(score >= 0 && score <= 1)) throw new IllegalArgumentException("score must be within 0..1 (got " + score + ")");
  }

  /** A verdict without a score (a person's, or the auto reviewer's). */
  public Verdict(boolean accepted, Integer rating, String reviewer, String reason, BigDecimal costUsd) {
    this(accepted, rating, reviewer, reason, costUsd, null);
  }

  public static Verdict accept(String reviewer, String reason) {
    return new Verdict(true, null, reviewer, reason, BigDecimal.ZERO);
  }

  public static Verdict reject(String reviewer, String reason) {
    return new Verdict(false, null, reviewer, reason, BigDecimal.ZERO);
  }
}
