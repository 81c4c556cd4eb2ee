package dev.winnow.review;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/**
 * A judge's answer on one draft.
 *
 * @param score overall quality, 0 (reject) to 1 (accept); 0.5 is the line
 * @param confidence how sure the judge is, 0 to 1; mixed review gives a person the cases below its threshold
 * @param criteria the score of each rubric criterion, 0 to 1, in rubric order
 * @param reason one line a person can read in the report
 * @param costUsd what the judging call cost (zero offline)
 */
public record Judgement(double score, double confidence, Map<String, Double> criteria, String reason, BigDecimal costUsd) {
  public Judgement {
    if (!(score >= 0 && score <= 1)) throw new IllegalArgumentException("score must be within 0..1 (got " + score + ")");
    if (!(confidence >= 0 && confidence <= 1)) throw new IllegalArgumentException("confidence must be within 0..1 (got " + confidence + ")");
    criteria = Map.copyOf(criteria);
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(costUsd, "costUsd");
  }

  public boolean accepted() {
    return score >= 0.5;
  }

  /** The score as a 1-5 rating, for the same column a person's rating goes in. */
  public int rating() {
    return (int) Math.max(1, Math.min(5, Math.round(1 + 4 * score)));
  }
}
