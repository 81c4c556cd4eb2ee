package dev.winnow.review;

import dev.winnow.ledger.Candidate;

/**
 * Scores one draft against a {@link Rubric}. The Gemini judge sends the draft, the prompt and the rubric to a vision
 * model and asks for structured JSON; the {@link LocalStandInJudge} measures image statistics so the flow runs
 * offline. Called from the reviewer's own threads; may block.
 */
public interface VisionJudge {

  /** How verdicts name the judge, after {@code vision:} ({@code local-standin}, a model id). */
  String name();

  Judgement judge(Candidate candidate, byte[] draft, Rubric rubric);

  /** For a judge that pays for its calls: the batch's budget and ledger. */
  default void attach(ReviewBilling billing) {}

  /** The most one judgement may cost, in micro-dollars. */
  default long maxCostMicros() {
    return 0;
  }
}
