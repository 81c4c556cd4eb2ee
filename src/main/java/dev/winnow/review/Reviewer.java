package dev.winnow.review;

import dev.winnow.ledger.Candidate;
import java.util.concurrent.CompletableFuture;

/** Decides on screened drafts. Must accept calls from the pipeline's threads; may complete from any thread. */
public interface Reviewer extends AutoCloseable {

  /** How the output names this reviewer: {@code auto}, {@code human}, {@code vision}. */
  String name();

  /** The verdict on one candidate that passed the screen; {@code draft} is its image as the model returned it. */
  CompletableFuture<Verdict> review(Candidate candidate, byte[] draft);

  /** At most this many candidates waiting for a verdict at once; the pipeline drafts no further ahead. */
  default int maxPending() {
    return Integer.MAX_VALUE;
  }

  @Override
  default void close() {}

  /** Gives a reviewer that makes paid calls the batch's budget and ledger; called once before the first review. */
  default void attach(ReviewBilling billing) {}

  /** The most one review may cost, in micro-dollars, so the pipeline keeps room for it under a budget. */
  default long maxReviewMicros() {
    return 0;
  }
}
