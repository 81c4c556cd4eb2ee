package dev.winnow.review;

import dev.winnow.generate.CallOutcome;
import java.util.function.Supplier;

/**
 * How a reviewer that makes paid calls (a vision judge) makes them: through the pipeline's one paid call, against
 * the batch's budget, under the model's shared quota, recorded in its ledger and retried like the image calls. The
 * pipeline hands one to the reviewer before the first review.
 */
public interface ReviewBilling {
  /** What one attempt came back with, and what the provider metered for it. */
  record Attempt(CallOutcome outcome, long costMicros, long tokens) {}

  /**
   * Reserves {@code maxMicros} under the cap, waits for {@code model}'s quota, makes the attempt, records it (purpose
   * {@code review}) and settles the reservation on its cost; retries a retryable outcome as the batch's retry policy
   * says (reserving again when the failed attempt was billed). Returns the last attempt.
   *
   * @throws ReviewOverBudget before any attempt whose reservation would cross the cap
   * @throws InterruptedException while waiting for the quota or a retry (the reservation is released)
   */
  Attempt call(long candidateId, String model, long maxMicros, Supplier<Attempt> attempt) throws InterruptedException;
}
